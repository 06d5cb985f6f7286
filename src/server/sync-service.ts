import type { Pool } from 'pg'
import { DeskError, issuesFrom } from '../shared/errors'
import { Mutation, PushResponse, type PullResponse, type ServerTicket, type SyncEvent } from '../shared/sync'
import type { Caller } from './accounts'
import { checkChange, loadContext } from './change-check'

/**
 * What the server keeps of a change that passed: its events signed with the caller's account, and the
 * desk's times ("done at": it may have been offline for days) never later than the server's own now;
 * the server's receive time goes beside them (ticket_events.received_at).
 */
function signed(m: Mutation, accountId: string, now: number): Mutation {
  const notAfterNow = (at: string) => (Date.parse(at) > now ? new Date(now).toISOString() : at)
  return {
    ...m,
    tickets: m.tickets.map((t) => (t.created ? { ...t, created: { ...t.created, createdAt: notAfterNow(t.created.createdAt) } } : t)),
    events: m.events.map((e) => ({ ...e, authorId: accountId, at: notAfterNow(e.at) }))
  }
}

/**
 * Applies a batch of changes in one transaction (one round trip: see migrations/003-numbers-from-sequences.ts). The client's
 * sequence makes a retry after a lost answer harmless: anything at or below the last sequence
 * recorded is answered "duplicate"; a client id belongs to the account that first used it.
 *
 * Before that, every new change is checked here on what it does (change-check.ts): one that fails is
 * refused alone, with its reason, and never reaches the database. Events that pass are signed with
 * the caller's account, whoever the desk said wrote them.
 */
export async function push(pool: Pool, caller: Caller, clientId: string, rows: unknown[], now = Date.now()): Promise<PushResponse> {
  // Each change is read on its own: one the schema refuses is refused alone, if it can at least be named by its sequence.
  const mutations: Mutation[] = []
  const unreadable: PushResponse['results'] = []
  for (const row of rows) {
    const parsed = Mutation.safeParse(row)
    if (parsed.success) mutations.push(parsed.data)
    else {
      const seq = (row as { seq?: unknown } | null)?.seq
      if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) throw new DeskError('INVALID_INPUT', 'A change in this push has no sequence number.', issuesFrom(parsed.error))
      const issue = parsed.error.issues[0]
      unreadable.push({ seq, status: 'refused', code: 'INVALID_INPUT', reason: `Not a change the desk server can read (${issue?.path.join('.') || 'change'}: ${(issue?.message ?? 'not valid').replace(/\.$/, '')}).` })
    }
  }
  const answer = await pushChecked(pool, caller, clientId, mutations, now)
  return { results: [...answer.results, ...unreadable].sort((a, b) => a.seq - b.seq), lastApplied: answer.lastApplied }
}

async function pushChecked(pool: Pool, caller: Caller, clientId: string, mutations: Mutation[], now: number): Promise<PushResponse> {
  const ordered = [...mutations].sort((a, b) => a.seq - b.seq)
  const context = await loadContext(pool, clientId, ordered)
  const { seen } = context
  const fresh = ordered.filter((m) => m.seq > seen)
  const refused: PushResponse['results'] = []
  const passed: Mutation[] = ordered.filter((m) => m.seq <= seen)
  for (const m of fresh) {
    const verdict = checkChange(m, caller.account.role, context, now)
    if (verdict.ok) passed.push(signed(m, caller.account.id, now))
    else refused.push({ seq: m.seq, status: 'refused', code: verdict.code, reason: verdict.reason })
  }
  if (passed.length === 0) return { results: refused, lastApplied: seen }
  try {
    const { rows } = await pool.query<{ result: unknown }>({
      name: 'apply_push',
      text: 'SELECT apply_push($1, $2, $3, $4) AS result',
      values: [clientId, caller.account.id, [], JSON.stringify(passed)]
    })
    const applied = PushResponse.parse(rows[0]!.result)
    return { results: [...applied.results, ...refused].sort((a, b) => a.seq - b.seq), lastApplied: applied.lastApplied }
  } catch (error) {
    if ((error as { code?: string }).code === 'P0403') throw new DeskError('FORBIDDEN', 'This client id belongs to another account.')
    throw error
  }
}

/**
 * Whether a ticket row (alias `t`) is out of a desk's window: closed, and untouched since `cutoff` (ISO, as
 * desks write `updated_at`). IS NOT TRUE keeps a ticket that has no `updated_at`: sending one too many is harmless.
 */
const outOfWindow = (cutoff: string) => `(t.fields->>'status' = 'closed' AND t.fields->>'updated_at' < ${cutoff})`

/** The instant a window of `days` reaches back to, as desks write times; null for the whole history. */
export function windowCutoff(days: number, now: number): string | null {
  return days > 0 ? new Date(now - days * 86_400_000).toISOString() : null
}

/**
 * Everything changed after `cursor`, oldest first, at most `limit` rows across people, tickets and events.
 * With a window (days), tickets closed and untouched for longer, and their events, are left out: the desk
 * fetches them on demand (GET /api/tickets/:id). Skipped rows still move the cursor on: a page ends at its
 * last row when full, else at the newest change there is, so a desk does not walk the skipped tail again.
 * A ticket reopened later is changed again, gets a new sequence and comes then.
 */
export async function pull(pool: Pool, cursor: number, limit: number, windowDays = 0, now = Date.now()): Promise<PullResponse> {
  const cutoff = windowCutoff(windowDays, now)
  const values: unknown[] = cutoff ? [cursor, limit, cutoff] : [cursor, limit]
  // Each branch walks its table's change_seq index in order and stops at `limit` rows it keeps; the filter
  // is checked on the rows walked (the ticket's own row, or the event's ticket by primary key).
  const keptTicket = cutoff ? `AND ${outOfWindow('$3')} IS NOT TRUE` : ''
  const keptEvent = cutoff ? `AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = e.ticket_id AND ${outOfWindow('$3')})` : ''
  const head = (
    await pool.query<{ n: string; last: string | null; top: string | null }>(
      // Each table's next rows by its index, then the first of those: sorting everything past the cursor
      // instead cost a first sync ~27 ms a page at 40,000 tickets, and more the further back it started.
      // `top` comes from the same snapshot, so nothing at or below it can still be on its way.
      `SELECT count(*) AS n, max(change_seq) AS last,
              greatest((SELECT max(change_seq) FROM people), (SELECT max(change_seq) FROM tickets), (SELECT max(change_seq) FROM ticket_events)) AS top
       FROM (SELECT change_seq FROM (
         (SELECT change_seq FROM people WHERE change_seq > $1 ORDER BY change_seq LIMIT $2)
         UNION ALL (SELECT t.change_seq FROM tickets t WHERE t.change_seq > $1 ${keptTicket} ORDER BY t.change_seq LIMIT $2)
         UNION ALL (SELECT e.change_seq FROM ticket_events e WHERE e.change_seq > $1 ${keptEvent} ORDER BY e.change_seq LIMIT $2)
       ) c ORDER BY change_seq LIMIT $2) p`,
      values
    )
  ).rows[0]!
  const agents = (await pool.query<{ id: string; name: string; email: string }>('SELECT id, name, email FROM accounts ORDER BY name')).rows
  const full = Number(head.n) === limit
  // Not full: every row kept past the cursor is in this page, so the page reaches to the newest change.
  const upper = full ? Number(head.last) : Math.max(cursor, Number(head.top ?? 0))
  if (Number(head.n) === 0) return { cursor: upper, more: false, agents, people: [], tickets: [], events: [] }
  const range = cutoff ? [cursor, upper, cutoff] : [cursor, upper]
  const people = (
    await pool.query(
      `SELECT id, name, email, phone, department, location, vip, manager, language, notes, aliases, title, account_name AS "accountName", directory_state AS "directoryState"
       FROM people WHERE change_seq > $1 AND change_seq <= $2 ORDER BY change_seq`,
      range.slice(0, 2)
    )
  ).rows
  // A ticket changed again later carries that later sequence; its events in this page still need it, so it comes along.
  const tickets = (
    await pool.query<{ id: string; number: string; created_at: Date; fields: ServerTicket['fields']; clocks: ServerTicket['clocks'] }>(
      // Two index lookups joined by UNION; an OR of the two made PostgreSQL scan every ticket per page.
      `SELECT id, number, created_at, fields, clocks, change_seq FROM tickets t WHERE change_seq > $1 AND change_seq <= $2 ${keptTicket}
       UNION
       SELECT id, number, created_at, fields, clocks, change_seq FROM tickets t
       WHERE id IN (SELECT ticket_id FROM ticket_events e WHERE change_seq > $1 AND change_seq <= $2) ${keptTicket}
       ORDER BY change_seq`,
      range
    )
  ).rows.map((t) => ({ id: t.id, number: t.number, createdAt: t.created_at.toISOString(), fields: t.fields, clocks: t.clocks }))
  const events = (
    await pool.query<{ id: string; ticket_id: string; at: Date; author_id: string | null; kind: string; data: string; body: string | null }>(
      `SELECT id, ticket_id, at, author_id, kind, data, body FROM ticket_events e WHERE change_seq > $1 AND change_seq <= $2 ${keptEvent} ORDER BY change_seq`,
      range
    )
  ).rows.map((e): SyncEvent => ({ id: e.id, ticketId: e.ticket_id, at: e.at.toISOString(), authorId: e.author_id, kind: e.kind, data: e.data, body: e.body }))
  return { cursor: upper, more: full, agents, people, tickets, events }
}
