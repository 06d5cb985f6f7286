import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Group } from '../../src/shared/domain'
import { testDesk } from '../support/desk'
import { testIso } from '../support/test-clock'

const handoff = {
  symptoms: 'VPN connect fails with error 809.',
  tried: 'Reinstalled the profile (KB: VPN error 809 checklist); tested on a hotspot.',
  findings: 'Only since Monday’s update; UDP 4500 blocked.',
  nextStep: 'Check NAT-T on the gateway.'
}

describe('a tier-1 technician’s workflow, through the contract', () => {
  let desk: ReturnType<typeof testDesk>
  let groups: Group[]
  beforeEach(async () => {
    desk = testDesk()
    groups = (await desk.call('desk.directory', {})).groups
  })
  afterEach(() => desk.close())

  const newTicket = (extra: object = {}) =>
    desk.call('tickets.create', { subject: 'Outlook keeps asking for my password', channel: 'phone', requester: { name: 'Maria Ortiz' }, ...extra })

  it('derives priority from impact × urgency, and records a manual override with its reason', async () => {
    const ticket = await newTicket({ impact: 'low', urgency: 'high' })
    expect(ticket.priority).toBe('P3')
    const raised = await desk.call('tickets.update', { id: ticket.id, impact: 'high' })
    expect(raised).toMatchObject({ priority: 'P1', priorityOverridden: false })
    const overridden = await desk.call('tickets.overridePriority', { id: ticket.id, priority: 'P2', reason: 'Workaround in place' })
    expect(overridden).toMatchObject({ priority: 'P2', priorityOverridden: true })
    const { timeline } = await desk.call('tickets.get', { id: ticket.id })
    expect(timeline.filter((e) => e.data.kind === 'priority').map((e) => e.data)).toEqual([
      { kind: 'priority', from: 'P3', to: 'P1', impact: 'high', urgency: 'high', override: false, reason: null },
      { kind: 'priority', from: 'P1', to: 'P2', impact: 'high', urgency: 'high', override: true, reason: 'Workaround in place' }
    ])
  })

  it('refuses an illegal status change with a typed error naming the allowed ones, and changes nothing', async () => {
    const ticket = await newTicket()
    await expect(desk.call('tickets.setStatus', { id: ticket.id, status: 'closed' })).rejects.toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      message: expect.stringContaining('From new it can go to: assigned, in_progress, pending, resolved.')
    })
    expect((await desk.call('tickets.get', { id: ticket.id })).timeline).toHaveLength(2)
  })

  it('pauses the resolution clock while waiting on the requester and moves the due time by exactly the wait', async () => {
    desk.at('2026-11-23T16:00')
    const ticket = await newTicket({ impact: 'high', urgency: 'high' }) // P1: 4 business hours
    expect(ticket.sla.resolution).toMatchObject({ state: 'running', dueAt: testIso('2026-11-24T09:00:00.000Z') }) // 10:00 Berlin
    desk.at('2026-11-24T08:00')
    const pending = await desk.call('tickets.setStatus', { id: ticket.id, status: 'pending', pendingReason: 'requester' })
    expect(pending.sla.resolution).toMatchObject({ state: 'paused', dueAt: null })
    desk.at('2026-11-24T11:00')
    const resumed = await desk.call('tickets.setStatus', { id: ticket.id, status: 'in_progress' })
    expect(resumed.sla.resolution).toMatchObject({ state: 'running', dueAt: testIso('2026-11-24T12:00:00.000Z') }) // 13:00 Berlin
  })

  it('needs a full handoff to escalate, and lands the ticket in the new group’s queue', async () => {
    const ticket = await newTicket({ subject: 'VPN fails with error 809' })
    const network = groups.find((g) => g.name === 'Network')!
    await expect(
      desk.call('tickets.escalate', { id: ticket.id, groupId: network.id, handoff: { ...handoff, tried: ' ' } })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'handoff.tried', message: 'Required.' }] })

    const escalated = await desk.call('tickets.escalate', { id: ticket.id, groupId: network.id, handoff })
    expect(escalated).toMatchObject({ group: { name: 'Network', tier: 'L2' }, assignee: null, status: 'assigned' })
    const queue = await desk.call('tickets.list', { groupId: network.id, open: true })
    expect(queue.tickets.map((t) => t.id)).toEqual([ticket.id])
    const { timeline } = await desk.call('tickets.get', { id: ticket.id })
    expect(timeline.find((e) => e.data.kind === 'escalation')?.data).toMatchObject({ to: { name: 'Network' }, handoff })
  })

  it('stops the first-response clock at the first public reply, not at an internal note', async () => {
    const ticket = await newTicket()
    const noted = await desk.call('tickets.comment', { id: ticket.id, visibility: 'internal', body: 'Checking AD lockouts.' })
    expect(noted.firstRespondedAt).toBeNull()
    desk.at('2026-11-23T08:20')
    const replied = await desk.call('tickets.comment', { id: ticket.id, visibility: 'public', body: 'Hi Maria, try this…', minutes: 10 })
    expect(replied.firstRespondedAt).toBe(desk.clock.now.toISOString())
    expect(replied.sla.firstResponse.state).toBe('met')
    await desk.call('tickets.logTime', { id: ticket.id, minutes: 25, note: 'Remote session' })
    expect((await desk.call('tickets.get', { id: ticket.id })).timeSpentMinutes).toBe(35)
  })

  it('resolves with a code and notes, schedules a follow-up, closes, and records satisfaction', async () => {
    const ticket = await newTicket()
    await expect(desk.call('tickets.setStatus', { id: ticket.id, status: 'resolved' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'resolution' }]
    })
    const resolved = await desk.call('tickets.setStatus', {
      id: ticket.id,
      status: 'resolved',
      resolution: { code: 'solved_first_contact', notes: 'Cleared cached credentials.' }
    })
    expect(resolved).toMatchObject({ resolutionCode: 'solved_first_contact', followUpAt: testIso('2026-11-24T07:05:00.000Z') })
    expect(resolved.sla.resolution.state).toBe('met')
    await desk.call('tickets.setStatus', { id: ticket.id, status: 'closed' })
    const rated = await desk.call('tickets.recordSatisfaction', { id: ticket.id, score: 5, comment: 'Fixed while I waited' })
    expect(rated.satisfaction).toEqual({ score: 5, comment: 'Fixed while I waited' })
    await expect(desk.call('tickets.comment', { id: ticket.id, visibility: 'public', body: 'One more thing' })).rejects.toMatchObject({
      code: 'CONFLICT'
    })
  })

  it('reopens a resolved ticket, clearing its resolution', async () => {
    const ticket = await newTicket()
    await desk.call('tickets.setStatus', { id: ticket.id, status: 'resolved', resolution: { code: 'solved', notes: 'Done' } })
    const reopened = await desk.call('tickets.setStatus', { id: ticket.id, status: 'in_progress' })
    expect(reopened).toMatchObject({ status: 'in_progress', resolvedAt: null, resolutionCode: null, followUpAt: null })
    expect(reopened.assignee?.name).toBe((await desk.call('desk.directory', {})).me.name)
  })

  it('merges a duplicate: its timeline shows on the survivor, and it points there', async () => {
    const survivor = await newTicket()
    const duplicate = await newTicket({ channel: 'email' })
    await desk.call('tickets.comment', { id: duplicate.id, visibility: 'internal', body: 'Same user, emailed too.' })
    await desk.call('tickets.merge', { id: duplicate.id, intoId: survivor.id })
    const merged = await desk.call('tickets.get', { id: duplicate.id })
    expect(merged.ticket).toMatchObject({ status: 'closed', mergedInto: survivor.id, resolutionCode: 'duplicate' })
    const { timeline } = await desk.call('tickets.get', { id: survivor.id })
    expect(timeline.some((e) => e.data.kind === 'note' && e.data.body === 'Same user, emailed too.')).toBe(true)
    expect(timeline.at(-1)?.data).toMatchObject({ kind: 'merge', direction: 'from', other: { number: duplicate.number } })
  })

  it('links a problem to the incidents it explains, both ways', async () => {
    const problem = await newTicket({ type: 'problem', subject: 'Recurring VPN drops' })
    const incident = await newTicket({ subject: 'VPN fails with error 809' })
    await expect(desk.call('tickets.link', { id: incident.id, otherId: problem.id, relation: 'explains' })).rejects.toMatchObject({
      code: 'CONFLICT'
    })
    await desk.call('tickets.link', { id: problem.id, otherId: incident.id, relation: 'explains' })
    expect((await desk.call('tickets.get', { id: problem.id })).links).toEqual([
      expect.objectContaining({ id: incident.id, relation: 'explains' })
    ])
    expect((await desk.call('tickets.get', { id: incident.id })).links).toEqual([
      expect.objectContaining({ id: problem.id, relation: 'explained_by' })
    ])
  })

  it('fills canned responses safely: values are text, never re-read as placeholders', async () => {
    const ticket = await newTicket({ subject: 'Please write {agent.name} <b>here</b>' })
    const { canned } = await desk.call('desk.directory', {})
    const ack = canned.find((c) => c.title === 'Acknowledge')!
    const { text } = await desk.call('canned.render', { cannedId: ack.id, ticketId: ticket.id })
    expect(text).toBe(`Hi Maria,\n\nThanks for getting in touch. Your ticket ${ticket.number} is with us and we are on it.`)
    await expect(desk.call('canned.render', { cannedId: ticket.id, ticketId: ticket.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('marks a ticket unread until opened here, and again when it changes after that, without syncing read state', async () => {
    const ticket = await newTicket()
    const unread = async () => (await desk.call('tickets.list', {})).tickets.find((t) => t.id === ticket.id)?.unread
    expect(await unread()).toBe(true)
    const pending = (await desk.call('desk.status', {})).pendingChanges
    await desk.call('tickets.markSeen', { id: ticket.id })
    expect(await unread()).toBe(false)
    expect((await desk.call('desk.status', {})).pendingChanges).toBe(pending)
    desk.at('2026-11-23T10:30')
    await desk.call('tickets.comment', { id: ticket.id, visibility: 'internal', body: 'Called back; no answer.' })
    expect(await unread()).toBe(true)
    await expect(desk.call('tickets.markSeen', { id: '0190a2b4-0000-7000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('finds tickets by words in subjects, descriptions and the timeline, with the match marked', async () => {
    const vpn = await newTicket({ subject: 'VPN fails with error 809', description: 'Since Monday’s update' })
    const printer = await newTicket({ subject: 'Printer jams' })
    await desk.call('tickets.comment', { id: printer.id, visibility: 'internal', body: 'Fuser unit worn out; ordered a replacement.' })
    expect((await desk.call('tickets.search', { query: 'error 809' }))[0]?.ticket.id).toBe(vpn.id)
    const [hit] = await desk.call('tickets.search', { query: 'fuser' })
    expect(hit?.ticket.id).toBe(printer.id)
    expect(hit?.snippet).toContainEqual({ text: 'Fuser', hit: true })
    expect((await desk.call('tickets.search', { query: printer.number.toLowerCase() }))[0]?.ticket.id).toBe(printer.id)
    // FTS5 syntax typed by a user is just words.
    expect(await desk.call('tickets.search', { query: 'NEAR(" OR * -' })).toEqual([])
  })

  it('filters and sorts the queue: my open tickets by SLA due, unassigned, by priority', async () => {
    const me = (await desk.call('desk.directory', {})).me
    const p4 = await newTicket({ impact: 'low', urgency: 'low' })
    const p1 = await newTicket({ impact: 'high', urgency: 'high' })
    const p3 = await newTicket({ impact: 'medium', urgency: 'medium' })
    await desk.call('tickets.assign', { id: p4.id, assigneeId: me.id })
    await desk.call('tickets.assign', { id: p1.id, assigneeId: me.id })
    expect((await desk.call('tickets.list', { assignee: 'me', open: true })).tickets.map((t) => t.priority)).toEqual(['P1', 'P4'])
    expect((await desk.call('tickets.list', { assignee: 'none' })).tickets.map((t) => t.id)).toEqual([p3.id])
    expect((await desk.call('tickets.list', { priorities: ['P3', 'P4'], sort: 'priority' })).tickets.map((t) => t.priority)).toEqual(['P3', 'P4'])
    const page = await desk.call('tickets.list', { limit: 2, offset: 2 })
    expect(page).toMatchObject({ total: 3, tickets: [{ id: p4.id }] })
  })
})

describe('the sample desk', () => {
  it('is offered once, written through the workflow, and queues nothing for the server', async () => {
    const desk = testDesk()
    expect(await desk.call('desk.status', {})).toMatchObject({ sampleOffered: true })
    const status = await desk.call('desk.loadSample', {})
    expect(status).toMatchObject({ ticketCount: 36, peopleCount: 10, sampleOffered: false, pendingChanges: 0 })
    const queue = await desk.call('tickets.list', { open: true, limit: 100 })
    expect(new Set(queue.tickets.map((t) => t.status))).toEqual(new Set(['new', 'assigned', 'in_progress', 'pending']))
    expect(queue.tickets.some((t) => t.sla.resolution.state === 'breached')).toBe(true)
    expect((await desk.call('desk.loadSample', {})).ticketCount).toBe(36)
    desk.close()
  })
})
