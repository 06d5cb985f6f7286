import type { Pool } from 'pg'
import { DeskError } from '../shared/errors'
import type { PullResponse, SyncEvent } from '../shared/sync'
import { asServerTicket, windowCutoff, type TicketRow } from './sync-service'

/** The text a ticket's words are read from; the same expression as the GIN index of migration 15 (015-ticket-window.ts), or the index is not used. */
const ticketWords = `to_tsvector('simple', coalesce(fields->>'subject', '') || ' ' || coalesce(fields->>'description', ''))`


/**
 * One ticket, its requester and its whole timeline, as a pull page carries them: what a desk whose
 * window left the ticket on the server needs to open it (it applies this like any page).
 */
export async function ticketById(pool: Pool, id: string): Promise<PullResponse> {
  const ticket = (await pool.query<TicketRow>('SELECT id, number, created_at, fields, clocks FROM tickets WHERE id = $1', [id])).rows[0]
  if (!ticket) throw new DeskError('NOT_FOUND', 'No such ticket on the desk server.')
  const [people, events] = await Promise.all([
    pool.query(
      `SELECT id, name, email, phone, department, location, vip, manager, language, notes, aliases, title, account_name AS "accountName", directory_state AS "directoryState"
       FROM people WHERE id::text = $1`,
      [ticket.fields.requester_id ?? '']
    ),
    pool.query<{ id: string; ticket_id: string; at: Date; author_id: string | null; kind: string; data: string; body: string | null }>(
      'SELECT id, ticket_id, at, author_id, kind, data, body FROM ticket_events WHERE ticket_id = $1 ORDER BY change_seq',
      [id]
    )
  ])
  return {
    cursor: 0,
    more: false,
    agents: [],
    people: people.rows,
    tickets: [asServerTicket(ticket)],
    events: events.rows.map((e): SyncEvent => ({ id: e.id, ticketId: e.ticket_id, at: e.at.toISOString(), authorId: e.author_id, kind: e.kind, data: e.data, body: e.body }))
  }
}

/** How many of the latest closed older tickets a search reads word by word before it asks the GIN index. */
const latestRead = 2_000

/**
 * Tickets a desk with a window of `windowDays` does not hold (closed and untouched for longer) that match
 * `q`: its number exactly, else all its words in the subject or description. Latest closed first, at most `limit`.
 *
 * Two plans, because PostgreSQL cannot tell a common word from a rare one well enough to choose: the
 * latest closed 2,000 are read word by word first (a word in every ticket is found there at once; walking
 * the closing-time index further for a rare one cost ~1 s at 100,000 tickets), and only when that finds
 * too few, every match through the GIN index, sorted (sorting a common word's matches is what cost).
 */
export async function searchOlderTickets(pool: Pool, q: string, windowDays: number, limit: number, now = Date.now()): Promise<{ tickets: unknown[] }> {
  const cutoff = windowCutoff(windowDays, now) ?? new Date(now).toISOString()
  const columns = 'id, number, created_at, fields, clocks'
  const byNumber = (await pool.query<TicketRow>(`SELECT ${columns} FROM tickets WHERE number = upper($1) AND closed_since < $2`, [q, cutoff])).rows
  const latest = (
    await pool.query<TicketRow & { closed_since: string }>(
      `SELECT ${columns}, closed_since FROM (SELECT * FROM tickets WHERE closed_since < $2 ORDER BY closed_since DESC LIMIT ${latestRead}) latest
       WHERE ${ticketWords} @@ plainto_tsquery('simple', $1) ORDER BY closed_since DESC LIMIT $3`,
      [q, cutoff, limit]
    )
  ).rows
  const words =
    latest.length >= limit
      ? latest
      : (
          await pool.query<TicketRow>(
            // coalesce(): not the closing-time index's order, so the matches come from the GIN index.
            `SELECT ${columns} FROM tickets WHERE ${ticketWords} @@ plainto_tsquery('simple', $1) AND closed_since < $2
             ORDER BY coalesce(closed_since, '') DESC LIMIT $3`,
            [q, cutoff, limit]
          )
        ).rows
  const seen = new Set<string>()
  const rows = [...byNumber, ...words].filter((t) => !seen.has(t.id) && seen.add(t.id)).slice(0, limit)
  return { tickets: rows.map(asServerTicket) }
}
