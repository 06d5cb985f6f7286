import { afterEach, expect, it } from 'vitest'
import { testDesk } from '../support/desk'
import { testIso } from '../support/test-clock'

let desk: ReturnType<typeof testDesk>
afterEach(() => desk?.close())

it('counts the open tickets past their resolution due time and the ones assigned to me, leaving paused ones out', async () => {
  desk = testDesk('2026-11-23T08:05:00+01:00')
  const me = (await desk.call('desk.directory', {})).me
  const urgent = await desk.call('tickets.create', { subject: 'ERP down for Finance', channel: 'phone', requester: { name: 'Maria Ortiz' }, impact: 'high', urgency: 'high' })
  const waiting = await desk.call('tickets.create', { subject: 'Printer toner', channel: 'email', requester: { name: 'Tom Becker' }, impact: 'high', urgency: 'high' })
  await desk.call('tickets.assign', { id: urgent.id, assigneeId: me.id })
  expect(await desk.call('desk.attention', {})).toEqual({ breached: [], assignedToMe: [expect.objectContaining({ id: urgent.id, number: urgent.number })], followUps: [] })
  await desk.call('tickets.setStatus', { id: waiting.id, status: 'pending', pendingReason: 'requester' })
  // Two business days later both would be past due; the pending one's clock is paused.
  desk.at('2026-11-25T17:00')
  expect((await desk.call('desk.attention', {})).breached.map((t) => t.id)).toEqual([urgent.id])
  expect(await desk.call('app.preferences', {})).toEqual({ notifications: true })
  expect(await desk.call('app.setPreferences', { notifications: false })).toEqual({ notifications: false })
})

it('brings a scheduled follow-up back on its day: in Follow-ups due and as a nudge, until the ticket is closed', async () => {
  desk = testDesk('2026-11-23T08:05:00+01:00')
  const ticket = await desk.call('tickets.create', { subject: 'New starter laptop', channel: 'phone', requester: { name: 'Tom Becker' } })
  // Resolving schedules a check one business day later; the technician moves it to Thursday morning.
  await desk.call('tickets.setStatus', { id: ticket.id, status: 'resolved', resolution: { code: 'solved', notes: 'Handed over.' } })
  expect((await desk.call('tickets.get', { id: ticket.id })).ticket.followUpAt).not.toBeNull()
  await desk.call('tickets.update', { id: ticket.id, followUpAt: testIso('2026-11-26T08:00:00.000Z') })
  const dueBy = (local: string) => ({ followUpBefore: testIso(`${local}:00+01:00`) })
  desk.at('2026-11-25T17:00')
  expect((await desk.call('desk.attention', {})).followUps).toEqual([])
  expect((await desk.call('tickets.list', dueBy('2026-11-25T23:59'))).tickets).toEqual([])
  desk.at('2026-11-26T09:30')
  expect((await desk.call('desk.attention', {})).followUps).toEqual([expect.objectContaining({ id: ticket.id })])
  expect((await desk.call('tickets.list', dueBy('2026-11-26T23:59'))).tickets.map((t) => t.id)).toEqual([ticket.id])
  await desk.call('tickets.setStatus', { id: ticket.id, status: 'closed' })
  expect((await desk.call('desk.attention', {})).followUps).toEqual([])
  expect((await desk.call('tickets.list', dueBy('2026-11-26T23:59'))).tickets).toEqual([])
})
