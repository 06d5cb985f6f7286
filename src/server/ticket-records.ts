import type { PoolClient } from 'pg'
import { v7 as uuidv7 } from 'uuid'
import type { EventData } from '../shared/domain'

/**
 * The server's own writes to a ticket (mail in, satisfaction, auto-close, account help), inside the
 * caller's change-order transaction with the ticket locked first: fields merged with the server's
 * stamp on each, and timeline entries, each taking the next change sequence so desks pull them.
 */

export async function setTicketFields(db: PoolClient, ticketId: string, fields: Record<string, string | number | null>, stamp: string): Promise<void> {
  await db.query("UPDATE tickets SET fields = fields || $2::jsonb, clocks = clocks || $3::jsonb, change_seq = change_seq_next() WHERE id = $1", [
    ticketId,
    JSON.stringify(fields),
    JSON.stringify(Object.fromEntries(Object.keys(fields).map((f) => [f, stamp])))
  ])
}

/** Appends entries; the text a desk searches (a note's, a reply's, a received mail's) also goes in the body column. */
export async function appendEvents(db: PoolClient, ticketId: string, at: string, events: EventData[], authorId: string | null = null): Promise<void> {
  const rows = events.map((data) => {
    const { kind, ...rest } = data
    const searchable = kind === 'note' || kind === 'reply' || (kind === 'email' && data.direction === 'in') ? data.body : null
    return { id: uuidv7(), kind, data: JSON.stringify(rest), body: searchable }
  })
  // One statement for all of them; WITH ORDINALITY keeps their order in the change sequence.
  await db.query(
    `INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body, change_seq)
     SELECT e.id, $1::uuid, $2::timestamptz, $3::text, e.kind, e.data, e.body, change_seq_next()
     FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS e(id, kind, data, body, n) ORDER BY e.n`,
    [ticketId, at, authorId, rows.map((r) => r.id), rows.map((r) => r.kind), rows.map((r) => r.data), rows.map((r) => r.body)]
  )
}
