import BetterSqlite3 from 'better-sqlite3'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { syncedFields, type Mutation, type PushResponse } from '../../src/shared/sync'
import { testDesk } from '../support/desk'
import { suiteServer } from '../support/suite-server'

/**
 * Property: whatever a mix of real desks and hostile raw pushes does to the desk server, every desk
 * can still sync, every ticket opens, nothing a desk pulls has to be set aside, and all desks agree.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 25)

const kinds = ['ticket.create', 'ticket.update', 'ticket.comment', 'ticket.setStatus', 'ticket.recordSatisfaction', 'ticket.merge', 'ticket.overridePriority', 'ticket.remoteSession', 'x']
const hostileText = fc.oneof(
  fc.constant('Printer\u0000offline'),
  fc.constant('bell\u0007'),
  fc.constant('x'.repeat(25_000)),
  fc.constant(''),
  fc.string({ maxLength: 40 }),
  fc.constant('<img src=x onerror=alert(1)>')
)
const fieldValue = (field: string) =>
  fc.oneof(
    { weight: 8, arbitrary: validValue(field) },
    { weight: 1, arbitrary: fc.oneof(hostileText, fc.integer(), fc.constant(null), fc.constant(1), fc.constant('pwned'), fc.constant(uuidv7())) }
  )
function validValue(field: string): fc.Arbitrary<string | number | null> {
  const now = new Date().toISOString()
  switch (field) {
    case 'status':
      return fc.constantFrom('new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed')
    case 'urgency':
    case 'impact':
      return fc.constantFrom('high', 'medium', 'low')
    case 'priority':
      return fc.constantFrom('P1', 'P2', 'P3', 'P4')
    case 'priority_overridden':
      return fc.constantFrom(0, 1)
    case 'subject':
      return fc.constantFrom('VPN drops', 'Printer jams', 'Laptop slow')
    case 'resolution_code':
      return fc.constantFrom('solved', 'workaround', null)
    case 'updated_at':
      return fc.constant(now)
    default:
      return fc.constant(null)
  }
}
/** Each kind's data as a desk writes it; a corrupt one is not JSON at all. */
const eventData: Record<string, string> = {
  note: JSON.stringify({ body: 'Checked the cable.' }),
  reply: JSON.stringify({ body: 'Please restart.' }),
  link: JSON.stringify({ other: { id: uuidv7(), number: 'INC-1' }, relation: 'related' }),
  haunting: '{}',
  priority: JSON.stringify({ from: 'P4', to: 'P1', impact: 'low', urgency: 'medium', override: true, reason: 'urgent' }),
  satisfaction: JSON.stringify({ score: 4, comment: 'great' })
}

interface Raw {
  target: number
  kind: string
  fields: Record<string, string | number | null>
  event: { kind: string; corrupt: boolean; author: boolean; future: boolean } | null
  stamp: 'now' | 'future' | 'overflow'
  creates: boolean
}
const rawPush: fc.Arbitrary<Raw> = fc.record({
  target: fc.nat(),
  kind: fc.constantFrom(...kinds),
  fields: fc
    .uniqueArray(fc.constantFrom('status', 'urgency', 'impact', 'priority', 'priority_overridden', 'subject', 'merged_into', 'requester_id', 'resolution_code', 'updated_at', 'bogus_field'), { maxLength: 3 })
    .chain((names) => fc.record(Object.fromEntries(names.map((n) => [n, n === 'bogus_field' ? fc.constant('x') : n === 'merged_into' || n === 'requester_id' ? fc.constant(uuidv7()) : fieldValue(n)])))),
  event: fc.option(fc.record({ kind: fc.constantFrom('note', 'note', 'reply', 'link', 'haunting', 'priority', 'satisfaction'), corrupt: fc.boolean().map((b) => b && Math.random() < 0.3), author: fc.boolean(), future: fc.boolean() }), { nil: null }),
  stamp: fc.constantFrom('now', 'now', 'now', 'now', 'now', 'future', 'overflow'),
  creates: fc.boolean()
}) as fc.Arbitrary<Raw>

describe('property: no push, valid or hostile, breaks another desk’s sync', () => {
  const server = suiteServer()

  it(`${runs} runs of random pushes from three agents and their desks leave every desk able to sync, open every ticket and agree`, { timeout: 300_000 }, async () => {
    const accounts = await Promise.all([server.agent('agent'), server.agent('agent'), server.agent('specialist')])
    const desks = accounts.map(() => testDesk(undefined, { background: false }, { realClock: true }))
    for (const [i, desk] of desks.entries()) await desk.call('sync.signIn', { serverUrl: server.url, email: accounts[i]!.email, password: 'correct horse battery' })
    const clients = accounts.map(() => ({ id: uuidv7(), seq: 0 }))
    const known: string[] = []
    const counts = { pushes: 0, applied: 0, refused: new Map<string, number>(), quarantined: 0 }
    let stampCounter = 0
    const hlc = (how: Raw['stamp']) => {
      const wall = how === 'future' || how === 'overflow' ? Date.now() + 10 * 365 * 86_400_000 : Date.now() - 60_000
      return `${wall}-${how === 'overflow' ? '9999' : String(++stampCounter % 10_000).padStart(4, '0')}-fuzz`
    }

    const toMutation = (raw: Raw, by: number): Mutation => {
      const client = clients[by]!
      const id = raw.creates || known.length === 0 ? uuidv7() : known[raw.target % known.length]!
      const personId = uuidv7()
      const creating = raw.creates || known.length === 0
      const base = creating
        ? { type: 'incident', status: 'new', channel: 'phone', subject: 'Fuzzed ticket', requester_id: personId, impact: 'low', urgency: 'medium', priority: 'P4', updated_at: new Date().toISOString() }
        : {}
      return {
        seq: ++client.seq,
        mutationId: uuidv7(),
        kind: raw.kind,
        hlc: hlc(raw.stamp),
        tickets: [{ id, ...(creating ? { created: { provisionalNumber: 'INC-~f00d', createdAt: new Date(Date.now() - 120_000).toISOString() } } : {}), fields: { ...base, ...raw.fields } as Mutation['tickets'][number]['fields'] }],
        events: raw.event
          ? [{ id: uuidv7(), ticketId: id, at: new Date(Date.now() + (raw.event.future ? 86_400_000 : -60_000)).toISOString(), authorId: raw.event.author ? accounts[2]!.accountId : null, kind: raw.event.kind, data: raw.event.corrupt ? 'not json' : eventData[raw.event.kind]!, body: null }]
          : [],
        people: creating ? [{ id: personId, name: 'Fuzz Caller', email: null, phone: null, department: null, location: null, vip: false }] : []
      }
    }

    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(2), rawPush), { minLength: 1, maxLength: 15 }), async (pushes) => {
        for (const [by, raw] of pushes) {
          const mutation = toMutation(raw, by)
          const answer = await server.call('POST', '/api/sync/push', accounts[by]!.token, { clientId: clients[by]!.id, mutations: [mutation] })
          counts.pushes++
          // A push is always answered: a change the server cannot read or will not take is refused alone.
          expect(answer.status, JSON.stringify(answer.body)).toBe(200)
          const result = (answer.body.value as PushResponse).results[0]!
          if (result.status === 'applied') {
            counts.applied++
            if (mutation.tickets[0]!.created) known.push(mutation.tickets[0]!.id)
          } else counts.refused.set(result.code ?? '?', (counts.refused.get(result.code ?? '?') ?? 0) + 1)
        }
        // The desks go on working, and sync.
        for (const [i, desk] of desks.entries()) {
          const ticket = await desk.call('tickets.create', { subject: `Desk ${i} ticket`, channel: 'email', requester: { name: `Requester ${i}` } })
          await desk.call('tickets.comment', { id: ticket.id, visibility: 'internal', body: 'Logged from a real desk.' })
          const status = await desk.call('sync.now', {})
          expect(status).toMatchObject({ state: 'online', pending: 0, quarantined: 0 })
        }
      }),
      { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 20261130), endOnFailure: true }
    )

    // A new team member joins after all of it: syncs to "all changes synced", and every ticket opens.
    const fresh = testDesk(undefined, { background: false }, { realClock: true })
    const joiner = await server.agent('agent')
    expect(await fresh.call('sync.signIn', { serverUrl: server.url, email: joiner.email, password: 'correct horse battery' })).toMatchObject({ state: 'online', pending: 0, refused: [], quarantined: 0 })
    const all = [...desks, fresh]
    for (const desk of all) await desk.call('sync.now', {})
    const hashes: string[] = []
    for (const desk of all) {
      const { tickets } = await desk.call('tickets.list', { limit: 500 })
      for (const t of tickets) await desk.call('tickets.get', { id: t.id })
      hashes.push(stateHash(join(desk.dir.path, 'desk.sqlite')))
      counts.quarantined += (await desk.call('sync.status', {})).quarantined
    }
    console.log(
      `sync fuzz: ${runs} runs, ${counts.pushes} raw pushes, ${counts.applied} applied, refused by reason: ${[...counts.refused].map(([code, n]) => `${code} ${n}`).join(', ')}; quarantined rows on ${all.length} desks: ${counts.quarantined}; state hashes equal: ${new Set(hashes).size === 1 ? 'yes' : 'no'}`
    )
    expect(counts.quarantined).toBe(0)
    expect(new Set(hashes).size).toBe(1)
    expect([...counts.refused.keys()]).toEqual(expect.arrayContaining(['INVALID_INPUT', 'FORBIDDEN']))
    for (const desk of all) await desk.close()
  })
})

/** Tickets (number and every synced field) and timeline event ids, canonically. */
function stateHash(file: string): string {
  const db = new BetterSqlite3(file, { readonly: true })
  const hash = createHash('sha256')
  for (const row of db.prepare(`SELECT id, number, ${syncedFields.join(', ')} FROM tickets ORDER BY id`).all() as Array<Record<string, unknown>>) {
    hash.update(`${row.id}|${row.number}|${syncedFields.map((f) => JSON.stringify(row[f] ?? null)).join('|')}\n`)
  }
  for (const id of db.prepare('SELECT id FROM ticket_events ORDER BY id').pluck().all()) hash.update(`${id}\n`)
  db.close()
  return hash.digest('hex')
}
