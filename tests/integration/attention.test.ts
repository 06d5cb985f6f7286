import { afterEach, expect, it } from 'vitest'
import { testDesk } from '../support/desk'

let desk: ReturnType<typeof testDesk>
afterEach(() => desk?.close())

it('counts the open tickets past their resolution due time and the ones assigned to me, leaving paused ones out', async () => {
  desk = testDesk('2026-11-23T08:05:00+01:00')
  const me = (await desk.call('desk.directory', {})).me
  const urgent = await desk.call('tickets.create', { subject: 'ERP down for Finance', channel: 'phone', requester: { name: 'Maria Ortiz' }, impact: 'high', urgency: 'high' })
  const waiting = await desk.call('tickets.create', { subject: 'Printer toner', channel: 'email', requester: { name: 'Tom Becker' }, impact: 'high', urgency: 'high' })
  await desk.call('tickets.assign', { id: urgent.id, assigneeId: me.id })
  expect(await desk.call('desk.attention', {})).toEqual({ breached: [], assignedToMe: [expect.objectContaining({ id: urgent.id, number: urgent.number })] })
  await desk.call('tickets.setStatus', { id: waiting.id, status: 'pending', pendingReason: 'requester' })
  // Two business days later both would be past due; the pending one's clock is paused.
  desk.at('2026-11-25T17:00')
  expect((await desk.call('desk.attention', {})).breached.map((t) => t.id)).toEqual([urgent.id])
  expect(await desk.call('app.preferences', {})).toEqual({ notifications: true })
  expect(await desk.call('app.setPreferences', { notifications: false })).toEqual({ notifications: false })
})
