import type { Pool } from 'pg'
import { DeskError } from '../shared/errors'
import { PushResponse, type Mutation, type PullResponse, type Role, type ServerTicket, type SyncEvent } from '../shared/sync'
import type { Caller } from './accounts'

/** Kinds of change that need more than a tier-1 agent. */
const kindRoles: Record<string, Role[]> = {
  'ticket.overridePriority': ['specialist', 'supervisor', 'admin'],
  'ticket.merge': ['specialist', 'supervisor', 'admin']
}

/**
 * Applies a batch of changes in one transaction (one round trip: see migrations/003-numbers-from-sequences.ts). The client's
 * sequence makes a retry after a lost answer harmless: anything at or below the last sequence
 * recorded is answered "duplicate"; a client id belongs to the account that first used it.
 */
export async function push(pool: Pool, caller: Caller, clientId: string, mutations: Mutation[]): Promise<PushResponse> {
  const denied = Object.entries(kindRoles)
    .filter(([, roles]) => !roles.includes(caller.account.role))
    .map(([kind]) => kind)
  try {
    const { rows } = await pool.query<{ result: unknown }>({
      name: 'apply_push',
      text: 'SELECT apply_push($1, $2, $3, $4) AS result',
      values: [clientId, caller.account.id, denied, JSON.stringify(mutations)]
    })
    return PushResponse.parse(rows[0]!.result)
  } catch (error) {
    if ((error as { code?: string }).code === 'P0403') throw new DeskError('FORBIDDEN', 'This client id belongs to another account.')
    throw error
  }
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
      // Two index lookups joined by UNION; an OR of the two made PostgreSQL scan every ticket per page.
      `SELECT id, number, created_at, fields, clocks, change_seq FROM tickets WHERE change_seq > $1 AND change_seq <= $2
       UNION
       SELECT id, number, created_at, fields, clocks, change_seq FROM tickets
       WHERE id IN (SELECT ticket_id FROM ticket_events WHERE change_seq > $1 AND change_seq <= $2)
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
