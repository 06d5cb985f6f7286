import { afterEach, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import type { Mutation, PushResponse } from '../../src/shared/sync'
import { testDesk } from '../support/desk'
import { machine } from '../support/snapshot'
import { parseHlc } from '../../src/shared/hlc'
import { suiteServer } from '../support/suite-server'

/** Raw pushes, as a hostile signed-in desk would send them, against a real server and real desks. */
const t0 = Date.now() - 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()
let counter = 0
const stamp = (ms = t0) => `${String(ms).padStart(13, '0')}-${String(++counter % 10_000).padStart(4, '0')}-hostile`

function creation(seq: number, fields: Record<string, unknown> = {}, ticketId = uuidv7()): Mutation {
  const personId = uuidv7()
  return {
    seq,
    mutationId: uuidv7(),
    kind: 'ticket.create',
    hlc: stamp(),
    tickets: [
      {
        id: ticketId,
        created: { provisionalNumber: 'INC-~beef', createdAt: iso(t0) },
        fields: { type: 'incident', status: 'new', channel: 'phone', subject: 'Printer offline', description: '', requester_id: personId, impact: 'low', urgency: 'medium', priority: 'P4', priority_overridden: 0, updated_at: iso(t0), ...fields } as Mutation['tickets'][number]['fields']
      }
    ],
    events: [{ id: uuidv7(), ticketId, at: iso(t0), authorId: null, kind: 'created', data: '{"channel":"phone"}', body: null }],
    people: [{ id: personId, name: 'Maria Ortiz', email: null, phone: null, department: null, location: null, vip: false }]
  }
}
const change = (seq: number, ticketId: string, fields: Record<string, unknown>, kind = 'ticket.update', events: Mutation['events'] = [], hlc = stamp()): Mutation => ({
  seq,
  mutationId: uuidv7(),
  kind,
  hlc,
  tickets: [{ id: ticketId, fields: fields as Mutation['tickets'][number]['fields'] }],
  events,
  people: []
})
const event = (ticketId: string, kind: string, data: string, extra: Partial<Mutation['events'][number]> = {}): Mutation['events'][number] => ({ id: uuidv7(), ticketId, at: iso(t0 + 60_000), authorId: null, kind, data, body: null, ...extra })

describe('the desk server is the team’s authority', () => {
  const server = suiteServer()
  const desks: Array<ReturnType<typeof testDesk>> = []
  afterEach(async () => {
    for (const d of desks.splice(0)) await d.close()
  })

  const push = async (token: string, clientId: string, mutations: Mutation[]) => {
    const answer = await server.call('POST', '/api/sync/push', token, { clientId, mutations })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    return (answer.body.value as PushResponse).results
  }
  const verdicts = (results: PushResponse['results']) => results.map((r) => [r.seq, r.status, r.code ?? null])

  /** A real desk of a new team member: signs in, syncs, and every ticket it holds opens. */
  async function freshDeskSyncs(): Promise<{ tickets: number; quarantined: number }> {
    const desk = testDesk(new Date(), { background: false })
    desks.push(desk)
    const account = await server.agent('agent')
    const status = await desk.call('sync.signIn', { serverUrl: server.url, email: account.email, password: 'correct horse battery' })
    expect(status).toMatchObject({ state: 'online', pending: 0 })
    const { tickets } = await desk.call('tickets.list', { limit: 500 })
    for (const ticket of tickets) await desk.call('tickets.get', { id: ticket.id })
    await desk.call('tickets.search', { query: 'printer' })
    return { tickets: tickets.length, quarantined: status.quarantined }
  }

  it('refuses each poison pill alone, with its reason, and applies the rest of the push', async () => {
    const agent = await server.agent('agent')
    const clientId = uuidv7()
    const good = creation(1)
    const id = good.tickets[0]!.id
    const results = await push(agent.token, clientId, [
      good,
      change(2, id, { status: 'pwned' }),
      change(3, id, { updated_at: iso(t0 + 1) }, 'ticket.link', [event(id, 'link', 'this is not json')]),
      { ...creation(4), tickets: [{ ...creation(4).tickets[0]!, fields: { subject: 'No type, no status' } }] },
      change(5, id, { updated_at: iso(t0 + 2) }, 'ticket.comment', [event(id, 'haunting', '{}')]),
      change(6, id, { subject: 'Printer\u0000offline' }),
      change(7, id, { subject: 'x'.repeat(301) }),
      change(8, id, { requester_id: uuidv7() }),
      change(9, id, { urgency: 'high' }, 'ticket.update', [], `${Date.now() + 10 * 365 * 86_400_000}-9999-evil`),
      change(10, id, { updated_at: iso(t0 + 3) }, 'ticket.comment', [event(id, 'note', JSON.stringify({ body: 'rm -rf' }), { body: 'fine\u0007' })]),
      change(11, id, { updated_at: iso(t0 + 4) }, 'ticket.comment', [event(id, 'note', JSON.stringify({ body: 'a real note' }), { body: 'a real note' })])
    ])
    expect(verdicts(results)).toEqual([
      [1, 'applied', null],
      [2, 'refused', 'INVALID_INPUT'],
      [3, 'refused', 'INVALID_INPUT'],
      [4, 'refused', 'INVALID_INPUT'],
      [5, 'refused', 'INVALID_INPUT'],
      [6, 'refused', 'INVALID_INPUT'],
      [7, 'refused', 'INVALID_INPUT'],
      [8, 'refused', 'INVALID_INPUT'],
      [9, 'refused', 'INVALID_INPUT'],
      [10, 'refused', 'INVALID_INPUT'],
      [11, 'applied', null]
    ])
    expect(results.map((r) => r.reason)).toEqual([
      undefined,
      expect.stringMatching(/^status: /),
      "The link event's data is not JSON.",
      'A new ticket needs type, status, channel, requester_id, impact, urgency, priority, updated_at.',
      'haunting is not a kind of timeline event.',
      'subject: Contains control characters.',
      'subject: At most 300 characters.',
      'The requester is not known to the desk server.',
      expect.stringMatching(/minutes ahead of the desk server's clock/),
      'The note event contains control characters.',
      undefined
    ])
    expect(await freshDeskSyncs()).toMatchObject({ quarantined: 0 })
  })

  it('decides the role on what a change does, whatever it is called, and follows the workflow', async () => {
    const agent = await server.agent('agent')
    const specialist = await server.agent('specialist')
    const clientId = uuidv7()
    const a = creation(1)
    const b = creation(2)
    const [idA, idB] = [a.tickets[0]!.id, b.tickets[0]!.id]
    const results = await push(agent.token, clientId, [
      a,
      b,
      change(3, idA, { priority: 'P1', priority_overridden: 1 }, 'ticket.update'),
      change(4, idA, { merged_into: idB, status: 'resolved' }, 'ticket.update'),
      change(5, idA, { status: 'closed' }, 'ticket.setStatus'),
      change(6, idA, { updated_at: iso(t0 + 5) }, 'ticket.comment', [event(idA, 'priority', JSON.stringify({ from: 'P4', to: 'P1', impact: 'low', urgency: 'medium', override: true, reason: 'because' }))]),
      change(7, idA, { status: 'resolved', resolution_code: 'solved' }, 'ticket.setStatus'),
      change(8, idA, { status: 'closed' }, 'ticket.setStatus'),
      change(9, idA, { subject: 'Renamed after closing', status: 'in_progress' }, 'ticket.recordSatisfaction'),
      change(10, idA, { satisfaction_score: 5, satisfaction_comment: 'Thanks' }, 'ticket.recordSatisfaction', [event(idA, 'satisfaction', JSON.stringify({ score: 5, comment: 'Thanks' }))])
    ])
    expect(verdicts(results)).toEqual([
      [1, 'applied', null],
      [2, 'applied', null],
      [3, 'refused', 'FORBIDDEN'],
      [4, 'refused', 'FORBIDDEN'],
      [5, 'refused', 'ILLEGAL_TRANSITION'],
      [6, 'refused', 'FORBIDDEN'],
      [7, 'applied', null],
      [8, 'applied', null],
      [9, 'refused', 'CONFLICT'],
      [10, 'applied', null]
    ])
    // The same override is the specialist's to make.
    expect(verdicts(await push(specialist.token, uuidv7(), [change(1, idB, { priority: 'P1', priority_overridden: 1 }, 'ticket.satisfaction')]))).toEqual([[1, 'applied', null]])
  })

  it('signs every event with the account that sent it, keeps the desk’s time as "done at", and its own receive time beside it', async () => {
    const agent = await server.agent('agent')
    const supervisor = await server.agent('supervisor')
    const a = creation(1)
    const id = a.tickets[0]!.id
    const forged = event(id, 'note', JSON.stringify({ body: 'Approved by the supervisor' }), { authorId: supervisor.accountId, body: 'Approved by the supervisor' })
    const future = event(id, 'note', JSON.stringify({ body: 'From the future' }), { at: iso(Date.now() + 3 * 3_600_000), body: 'From the future' })
    const backdated = event(id, 'note', JSON.stringify({ body: 'Back in 2020' }), { at: '2020-01-01T00:00:00.000Z', body: 'Back in 2020' })
    const results = await push(agent.token, uuidv7(), [a, change(2, id, { updated_at: iso(t0 + 9) }, 'ticket.comment', [forged, future]), change(3, id, { updated_at: iso(t0 + 9) }, 'ticket.comment', [backdated])])
    expect(verdicts(results)).toEqual([
      [1, 'applied', null],
      [2, 'applied', null],
      [3, 'refused', 'INVALID_INPUT']
    ])
    const rows = (await server.pool.query<{ id: string; author_id: string; at: Date; received_at: Date }>('SELECT id, author_id, at, received_at FROM ticket_events WHERE id = ANY ($1::uuid[])', [[forged.id, future.id]])).rows
    expect(rows.map((r) => r.author_id)).toEqual([agent.accountId, agent.accountId])
    const late = rows.find((r) => r.id === future.id)!
    expect(late.at.getTime()).toBeLessThanOrEqual(late.received_at.getTime() + 1_000)
  })

  it('a desk sets aside a row it cannot apply, says so, and syncs the rest: a new team member can always join', async () => {
    const agent = await server.agent('agent')
    const a = creation(1)
    const b = creation(2, { subject: 'Printer jams on floor 3' })
    await push(agent.token, uuidv7(), [a, b])
    // Rows as a server from before these checks (or a hand-edited database) could hold them.
    await server.pool.query(`UPDATE tickets SET fields = fields || '{"status":"pwned"}', change_seq = change_seq_next() WHERE id = $1`, [a.tickets[0]!.id])
    await server.pool.query(`INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body, change_seq) VALUES ($1, $2, now(), null, 'haunting', 'not json', null, change_seq_next())`, [uuidv7(), b.tickets[0]!.id])
    const joined = await freshDeskSyncs()
    // The "pwned" ticket, its own creation event (its ticket is not on this desk), and the haunting event.
    expect(joined.quarantined).toBe(3)
    expect(joined.tickets).toBeGreaterThanOrEqual(1)
  })

  it('refuses asset fields and article versions stamped from the future, and a desk whose clock runs fast stamps its own again and gets them in', async () => {
    const agent = await server.agent('agent')
    const year2100 = `${Date.UTC(2100, 0, 1)}-0000-hostile`
    const assetId = uuidv7()
    const honest = { id: assetId, tag: 'AST-9001', identity: { serial: 'FUTURE-1', uuid: '', macs: [] }, fields: { location: 'HQ 2F' }, clocks: { location: stamp(Date.now()) } }
    expect((await server.call('POST', '/api/assets', agent.token, { changes: [honest] })).status).toBe(200)
    // The attack: a location stamped in 2100 would beat every desk's edit until then.
    const attack = await server.call('POST', '/api/assets', agent.token, { changes: [{ ...honest, fields: { location: 'Attacker’s van' }, clocks: { location: year2100 } }] })
    expect(attack.body.value).toMatchObject({ results: [], refused: [{ id: assetId, reason: expect.stringMatching(/ahead of the desk server’s clock/) }] })
    expect((await server.pool.query('SELECT fields FROM assets WHERE id = $1', [assetId])).rows[0].fields).toEqual({ location: 'HQ 2F' })
    const version = { id: uuidv7(), articleId: uuidv7(), stamp: year2100, title: 'Always on top', body: 'x', tags: [], category: 'General', appliesTo: { os: [], apps: [], models: [] }, status: 'published', visibility: 'internal', authorId: null, savedAt: new Date().toISOString() }
    const versionAttack = await server.call('POST', '/api/kb/versions', agent.token, { versions: [version] })
    expect(versionAttack.status, JSON.stringify(versionAttack.body)).toBe(200)
    expect(versionAttack.body.value).toMatchObject({ stored: 0, refused: [{ id: version.id }] })
    expect((await server.pool.query('SELECT count(*)::int AS n FROM kb_versions WHERE id = $1', [version.id])).rows[0].n).toBe(0)

    // An honest desk whose clock runs two hours fast.
    const fast = testDesk(new Date(Date.now() + 2 * 3_600_000), { background: false })
    desks.push(fast)
    const account = await server.agent('agent')
    await fast.call('sync.signIn', { serverUrl: server.url, email: account.email, password: 'correct horse battery' })
    const { asset } = await fast.call('inventory.record', { snapshot: machine({ hostname: 'LT-FAST', serial: 'FAST-SERIAL-1' }) })
    await fast.call('inventory.update', { id: asset.id, location: 'HQ 5F' })
    const article = await fast.call('kb.save', { title: 'Dock not charging', body: 'Reseat the USB-C cable.', status: 'published' })
    const status = await fast.call('sync.now', {})
    expect(status).toMatchObject({ state: 'online', pending: 0 })
    const held = (await server.pool.query<{ fields: Record<string, unknown>; clocks: Record<string, string> }>("SELECT fields, clocks FROM assets WHERE serial = 'FAST-SERIAL-1'")).rows[0]!
    expect(held.fields.location).toBe('HQ 5F')
    const versions = (await server.pool.query<{ stamp: string }>('SELECT stamp FROM kb_versions WHERE article_id = $1', [article.id])).rows
    expect(versions).toHaveLength(1)
    for (const s of [held.clocks.location!, versions[0]!.stamp]) expect(parseHlc(s).wall).toBeLessThanOrEqual(Date.now() + 5 * 60_000)
    // Nothing is left waiting on the fast desk: a second round sends nothing and says nothing.
    expect((await fast.call('sync.now', {})).lastError).toBeNull()
  })
})
