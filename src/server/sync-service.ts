import type { Pool, PoolClient } from 'pg'
import { DeskError, type ErrorCode } from '../shared/errors'
import type { Mutation, PullResponse, PushResponse, Role, ServerTicket, SyncedField, SyncEvent, TicketChange } from '../shared/sync'
import type { Caller } from './accounts'

/** Kinds of change that need more than a tier-1 agent. */
const kindRoles: Record<string, Role[]> = {
  'ticket.overridePriority': ['specialist', 'supervisor', 'admin'],
  'ticket.merge': ['specialist', 'supervisor', 'admin']
}

class Refused extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
  }
}

/**
 * Applies each mutation in its own transaction. The client's sequence makes a retry after a lost
 * answer harmless: anything at or below the last sequence recorded is answered "duplicate".
 */
export async function push(pool: Pool, caller: Caller, clientId: string, mutations: Mutation[]): Promise<PushResponse> {
  const owner = (await pool.query<{ account_id: string }>('SELECT account_id FROM sync_clients WHERE client_id = $1', [clientId])).rows[0]
  if (owner && owner.account_id !== caller.account.id) throw new DeskError('FORBIDDEN', 'This client id belongs to another account.')
  if (!owner) await pool.query('INSERT INTO sync_clients (client_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [clientId, caller.account.id])

  const results: PushResponse['results'] = []
  const touched = { people: [] as string[], tickets: [] as string[], events: [] as string[] }
  const db = await pool.connect()
  try {
    await db.query('BEGIN')
    const client = (await db.query<{ last_seq: string; account_id: string }>('SELECT last_seq, account_id FROM sync_clients WHERE client_id = $1 FOR UPDATE', [clientId])).rows[0]!
    if (client.account_id !== caller.account.id) throw new DeskError('FORBIDDEN', 'This client id belongs to another account.')
    let last = Number(client.last_seq)
    for (const mutation of [...mutations].sort((a, b) => a.seq - b.seq)) {
      if (mutation.seq <= last) {
        results.push({ seq: mutation.seq, status: 'duplicate' })
        continue
      }
      // Each change is all or nothing on its own; the request commits once, with the client's new high mark.
      await db.query('SAVEPOINT change')
      try {
        const superseded = await apply(db, caller, mutation)
        await db.query('RELEASE SAVEPOINT change')
        for (const p of mutation.people) touched.people.push(p.id)
        for (const t of mutation.tickets) touched.tickets.push(t.id)
        for (const e of mutation.events) touched.events.push(e.id)
        results.push({ seq: mutation.seq, status: 'applied', ...(superseded.length ? { superseded } : {}) })
      } catch (error) {
        if (!(error instanceof Refused)) throw error
        await db.query('ROLLBACK TO SAVEPOINT change')
        // Refused ones count as seen too: the app keeps them for Retry (sent again under a new sequence) or Discard.
        results.push({ seq: mutation.seq, status: 'refused', code: error.code, reason: error.message })
      }
      last = mutation.seq
    }
    await db.query('UPDATE sync_clients SET last_seq = $2 WHERE client_id = $1', [clientId, last])
    if (touched.tickets.length) {
      // Rows were written with change_seq 0 (unseen by pulls). Numbers are handed out one writer at a
      // time, just before commit, so they become visible in the order they were taken: a pull that has
      // read up to N never later meets a row below N. People before tickets before events, as pulls apply them.
      await db.query('SELECT pg_advisory_xact_lock(4243)')
      await db.query("UPDATE people SET change_seq = nextval('change_seq') WHERE change_seq = 0 AND id = ANY($1::uuid[])", [touched.people])
      await db.query("UPDATE tickets SET change_seq = nextval('change_seq') WHERE id = ANY($1::uuid[])", [touched.tickets])
      await db.query("UPDATE ticket_events SET change_seq = nextval('change_seq') WHERE change_seq = 0 AND id = ANY($1::uuid[])", [touched.events])
      await db.query("SELECT pg_notify('desk_changes', '')")
    }
    await db.query('COMMIT')
    return { results, lastApplied: last }
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    db.release()
  }
}

type Superseded = { ticketId: string; field: SyncedField; by: string | null }

async function apply(db: PoolClient, caller: Caller, m: Mutation): Promise<Superseded[]> {
  const allowed = kindRoles[m.kind]
  if (allowed && !allowed.includes(caller.account.role)) throw new Refused('FORBIDDEN', `A ${caller.account.role} cannot ${m.kind.replace('ticket.', '')}.`)

  if (m.people.length) {
    await db.query(
      `INSERT INTO people (id, name, email, phone, department, location, vip, change_seq)
       SELECT id, name, email, phone, department, location, vip, 0
       FROM jsonb_to_recordset($1) AS p (id uuid, name text, email text, phone text, department text, location text, vip boolean)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(m.people)]
    )
  }

  const superseded: Superseded[] = []
  for (const change of m.tickets) superseded.push(...(await applyTicket(db, m, change)))

  const ticketIds = new Set(m.tickets.map((t) => t.id))
  if (m.events.some((e) => !ticketIds.has(e.ticketId))) throw new Refused('INVALID_INPUT', 'An event belongs to a ticket this change does not touch.')
  if (m.events.length) {
    // Timeline events are append-only and carry their own ids: the same event twice is the same event.
    await db.query(
      `INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body, change_seq)
       SELECT id, "ticketId", at, "authorId", kind, data, body, 0
       FROM jsonb_to_recordset($1) AS e (id uuid, "ticketId" uuid, at timestamptz, "authorId" text, kind text, data text, body text)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(m.events)]
    )
  }
  return superseded
}

async function applyTicket(db: PoolClient, m: Mutation, change: TicketChange): Promise<Superseded[]> {
  const superseded: Superseded[] = []
  const existing = (await db.query<{ fields: ServerTicket['fields']; clocks: ServerTicket['clocks'] }>('SELECT fields, clocks FROM tickets WHERE id = $1 FOR UPDATE', [change.id])).rows[0]
  if (!existing) {
    if (!change.created) throw new Refused('NOT_FOUND', 'The desk server does not know this ticket (it may exist only on that machine, like the sample desk).')
    const prefix = change.created.provisionalNumber.split('-')[0]!
    const counter = (await db.query<{ last: number }>('UPDATE number_counters SET last = last + 1 WHERE prefix = $1 RETURNING last', [prefix])).rows[0]
    if (!counter) throw new Refused('INVALID_INPUT', `Unknown ticket number prefix ${prefix}.`)
    const clocks = Object.fromEntries(Object.keys(change.fields).map((f) => [f, m.hlc]))
    await db.query(`INSERT INTO tickets (id, number, created_at, fields, clocks, change_seq) VALUES ($1, $2, $3, $4, $5, 0)`, [
      change.id,
      `${prefix}-${counter.last}`,
      change.created.createdAt,
      change.fields,
      clocks
    ])
  } else {
    if (existing.fields.status === 'closed' && m.kind !== 'ticket.recordSatisfaction') {
      throw new Refused('CONFLICT', 'The ticket was closed on the desk server before this change arrived.')
    }
    const fields = { ...existing.fields }
    const clocks = { ...existing.clocks }
    for (const [field, value] of Object.entries(change.fields) as Array<[SyncedField, string | number | null]>) {
      const kept = clocks[field]
      // Field by field, the later clock wins; a tie cannot happen (the node id is part of the stamp).
      if (kept && kept > m.hlc) {
        // Worth telling only when the value kept is not the one this desk sent anyway.
        if (fields[field] !== value) superseded.push({ ticketId: change.id, field, by: await whoseClock(db, kept) })
        continue
      }
      fields[field] = value
      clocks[field] = m.hlc
    }
    await db.query('UPDATE tickets SET fields = $2, clocks = $3 WHERE id = $1', [change.id, fields, clocks])
  }
  return superseded
}

/** The name of the account whose desk made a clock stamp (its node id is that desk's client id). */
async function whoseClock(db: PoolClient, stamp: string): Promise<string | null> {
  const node = stamp.split('-').slice(2).join('-')
  const row = (await db.query<{ name: string }>('SELECT a.name FROM sync_clients c JOIN accounts a ON a.id = c.account_id WHERE c.client_id::text = $1', [node])).rows[0]
  return row?.name ?? null
}

/** Everything changed after `cursor`, oldest first, at most `limit` rows across people, tickets and events. */
export async function pull(pool: Pool, cursor: number, limit: number): Promise<PullResponse> {
  const page = (
    await pool.query<{ change_seq: string }>(
      `SELECT change_seq FROM (
         SELECT change_seq FROM people WHERE change_seq > $1
         UNION ALL SELECT change_seq FROM tickets WHERE change_seq > $1
         UNION ALL SELECT change_seq FROM ticket_events WHERE change_seq > $1
       ) c ORDER BY change_seq LIMIT $2`,
      [cursor, limit]
    )
  ).rows
  const agents = (await pool.query<{ id: string; name: string; email: string }>('SELECT id, name, email FROM accounts ORDER BY name')).rows
  if (page.length === 0) return { cursor, more: false, agents, people: [], tickets: [], events: [] }
  const upper = Number(page.at(-1)!.change_seq)
  const range = [cursor, upper]
  const people = (await pool.query('SELECT id, name, email, phone, department, location, vip FROM people WHERE change_seq > $1 AND change_seq <= $2 ORDER BY change_seq', range)).rows
  // A ticket changed again later carries that later sequence; its events in this page still need it, so it comes along.
  const tickets = (
    await pool.query<{ id: string; number: string; created_at: Date; fields: ServerTicket['fields']; clocks: ServerTicket['clocks'] }>(
      `SELECT id, number, created_at, fields, clocks FROM tickets
       WHERE (change_seq > $1 AND change_seq <= $2)
          OR id IN (SELECT ticket_id FROM ticket_events WHERE change_seq > $1 AND change_seq <= $2)
       ORDER BY change_seq`,
      range
    )
  ).rows.map((t) => ({ id: t.id, number: t.number, createdAt: t.created_at.toISOString(), fields: t.fields, clocks: t.clocks }))
  const events = (
    await pool.query<{ id: string; ticket_id: string; at: Date; author_id: string | null; kind: string; data: string; body: string | null }>(
      'SELECT id, ticket_id, at, author_id, kind, data, body FROM ticket_events WHERE change_seq > $1 AND change_seq <= $2 ORDER BY change_seq',
      range
    )
  ).rows.map((e): SyncEvent => ({ id: e.id, ticketId: e.ticket_id, at: e.at.toISOString(), authorId: e.author_id, kind: e.kind, data: e.data, body: e.body }))
  return { cursor: upper, more: page.length === limit, agents, people, tickets, events }
}
