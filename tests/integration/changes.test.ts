import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { testDesk } from '../support/desk'
import { startTestServer } from '../support/desk-server'

/** Change records: kind, risk, window and back-out plan; a supervisor's approval before work starts. */
describe('change records and their approval', () => {
  it('waits for approval before work starts, keeps the decision and its reason on the timeline, and lists the week’s changes', async () => {
    const desk = testDesk('2026-11-23T08:05:00+01:00')
    try {
      const change = await desk.call('tickets.create', { subject: 'Upgrade the Wi-Fi controller firmware', type: 'change', channel: 'portal', requester: { name: 'Network Team' } })
      await expect(desk.call('tickets.update', { id: change.id, plannedStart: '2026-11-28T05:00:00.000Z', plannedEnd: '2026-11-28T04:00:00.000Z' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
      const planned = await desk.call('tickets.update', { id: change.id, changeType: 'normal', risk: 'medium', plannedStart: '2026-11-28T05:00:00.000Z', plannedEnd: '2026-11-28T07:00:00.000Z', backoutPlan: 'Reflash the previous firmware from the controller’s second slot.' })
      expect(planned.change).toEqual({ changeType: 'normal', risk: 'medium', plannedStart: '2026-11-28T05:00:00.000Z', plannedEnd: '2026-11-28T07:00:00.000Z', backoutPlan: 'Reflash the previous firmware from the controller’s second slot.', approval: 'pending' })
      await expect(desk.call('tickets.setStatus', { id: change.id, status: 'in_progress' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('not approved') })
      await expect(desk.call('tickets.decideChange', { id: change.id, decision: 'rejected', reason: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
      await desk.call('tickets.decideChange', { id: change.id, decision: 'rejected', reason: 'Not during the month-end close.' })
      // Moved to a better window, it waits again; then it is approved and work may start.
      await desk.call('tickets.update', { id: change.id, plannedStart: '2026-12-05T05:00:00.000Z', plannedEnd: '2026-12-05T07:00:00.000Z' })
      expect((await desk.call('tickets.get', { id: change.id })).ticket.change?.approval).toBe('pending')
      await desk.call('tickets.decideChange', { id: change.id, decision: 'approved', reason: 'Saturday window, back-out tested.' })
      await desk.call('tickets.setStatus', { id: change.id, status: 'in_progress' })
      const timeline = (await desk.call('tickets.get', { id: change.id })).timeline.filter((e) => e.data.kind === 'approval').map((e) => e.data)
      expect(timeline).toEqual([
        { kind: 'approval', decision: 'rejected', reason: 'Not during the month-end close.' },
        { kind: 'approval', decision: 'approved', reason: 'Saturday window, back-out tested.' }
      ])
      const week = await desk.call('tickets.list', { plannedFrom: '2026-11-30T00:00:00.000Z', plannedTo: '2026-12-07T00:00:00.000Z' })
      expect(week.tickets.map((t) => t.id)).toEqual([change.id])
      const problem = await desk.call('tickets.create', { subject: 'Wi-Fi drops in building B', type: 'problem', channel: 'portal', requester: { name: 'Network Team' } })
      await desk.call('tickets.link', { id: change.id, otherId: problem.id, relation: 'fixes' })
      expect((await desk.call('tickets.get', { id: problem.id })).links).toMatchObject([{ id: change.id, relation: 'fixed_by' }])
      await expect(desk.call('tickets.link', { id: problem.id, otherId: change.id, relation: 'fixes' })).rejects.toMatchObject({ code: 'CONFLICT' })
    } finally {
      await desk.close()
    }
  })

  it('takes an approval only from a supervisor, whatever a desk sends', async () => {
    const server = await startTestServer()
    const [agentDesk, leadDesk] = [testDesk(new Date()), testDesk(new Date())]
    try {
      const agent = await server.agent('agent')
      const lead = await server.agent('supervisor')
      await agentDesk.call('sync.signIn', { serverUrl: server.url, email: agent.email, password: 'correct horse battery' })
      await leadDesk.call('sync.signIn', { serverUrl: server.url, email: lead.email, password: 'correct horse battery' })
      const change = await agentDesk.call('tickets.create', { subject: 'Replace the core switch', type: 'change', channel: 'portal', requester: { name: 'Network Team' } })
      await agentDesk.call('tickets.update', { id: change.id, changeType: 'emergency', risk: 'high', backoutPlan: 'Keep the old switch racked and cabled.' })
      expect(await agentDesk.call('sync.now', {})).toMatchObject({ pending: 0, refused: [] })
      await expect(agentDesk.call('tickets.decideChange', { id: change.id, decision: 'approved', reason: 'Looks fine' })).rejects.toMatchObject({ code: 'FORBIDDEN' })

      // The attack: an agent's own push of an approval, field and entry, under an innocent name.
      const at = new Date().toISOString()
      const forged = {
        seq: 1,
        mutationId: uuidv7(),
        kind: 'ticket.update',
        hlc: `${String(Date.now()).padStart(13, '0')}-0000-desk`,
        people: [],
        tickets: [{ id: change.id, fields: { approval: 'approved', updated_at: at } }],
        events: [{ id: uuidv7(), ticketId: change.id, at, authorId: null, kind: 'approval', data: JSON.stringify({ decision: 'approved', reason: 'self-approved' }), body: null }]
      }
      const pushed = await server.call('POST', '/api/sync/push', agent.token, { clientId: uuidv7(), mutations: [forged, { ...forged, seq: 2, mutationId: uuidv7(), events: [] }, { ...forged, seq: 3, mutationId: uuidv7(), tickets: [{ id: change.id, fields: { status: 'in_progress', updated_at: at } }], events: [] }] })
      expect((pushed.body.value as { results: Array<{ status: string; code?: string }> }).results.map((r) => r.code ?? r.status)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'CONFLICT'])

      await leadDesk.call('sync.now', {})
      await leadDesk.call('tickets.decideChange', { id: change.id, decision: 'approved', reason: 'Emergency: the old switch is failing.' })
      expect(await leadDesk.call('sync.now', {})).toMatchObject({ pending: 0, refused: [] })
      await agentDesk.call('sync.now', {})
      expect((await agentDesk.call('tickets.get', { id: change.id })).ticket.change?.approval).toBe('approved')
      await agentDesk.call('tickets.setStatus', { id: change.id, status: 'in_progress' })
      expect(await agentDesk.call('sync.now', {})).toMatchObject({ pending: 0, refused: [] })
    } finally {
      await agentDesk.close()
      await leadDesk.close()
      await server.close()
    }
  }, 60_000)
})
