import type { Pool } from 'pg'
import { Id } from '../shared/domain'
import { DeskError, issuesFrom } from '../shared/errors'
import { Mutation, PushResponse, type PullResponse, type ServerTicket, type SyncedField, type SyncEvent } from '../shared/sync'
import type { Caller } from './accounts'
import { changeHorizon } from './change-horizon'
import { nudgeDesks } from './desk-nudge'
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
    if ((rows[0]!.result as { changed?: boolean }).changed) nudgeDesks(pool)
    return { results: [...applied.results, ...refused].sort((a, b) => a.seq - b.seq), lastApplied: applied.lastApplied }
  } catch (error) {
    if ((error as { code?: string }).code === 'P0403') throw new DeskError('FORBIDDEN', 'This client id belongs to another account.')
    throw error
  }
}

/**
 * Whether a row is in a desk's window: not closed, or touched since `cutoff` (ISO, as desks write `updated_at`).
 * `closed_since` is the ticket's `updated_at` while closed (migration 15), copied beside each of its events,
 * and carried in the change indexes: a skipped row is judged from the index alone. A closed ticket with no
 * `updated_at` is kept: sending one too many is harmless.
 */
const inWindow = (column: string, cutoff: string) => `(${column} IS NULL OR ${column} >= ${cutoff})`
/** Past every sequence: a branch that ends no page sets no bound. */
const maxSeq = '9223372036854775807::bigint'


/**
 * Where a pull page ends ($1 cursor, $2 limit, $3 horizon): how many rows it holds and the last of them.
 * Each table's next rows by its index, then the first of those: sorting everything past the cursor
 * instead cost a first sync ~27 ms a page at 40,000 tickets, and more the further back it started. The
 * horizon is applied after each table's LIMIT, not in its index condition: rows up to the horizon come
 * first in that order anyway, and a range the planner cannot size (tables not yet analysed) made it
 * fetch and sort every row up to the horizon for each page, a first sync's whole history, 8 s in all.
 */
const pageHeadSql = `
  SELECT count(*) AS n, max(change_seq) AS last
  FROM (SELECT change_seq FROM (
    (SELECT change_seq FROM people WHERE change_seq > $1 ORDER BY change_seq LIMIT $2)
    UNION ALL (SELECT change_seq FROM tickets WHERE change_seq > $1 ORDER BY change_seq LIMIT $2)
    UNION ALL (SELECT change_seq FROM ticket_events WHERE change_seq > $1 ORDER BY change_seq LIMIT $2)
  ) c WHERE change_seq <= $3 ORDER BY change_seq LIMIT $2) p`

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
  // Rows only up to the horizon: above it a writer may still be running with a lower sequence.
  const horizon = await changeHorizon(pool)
  if (cutoff) return pullWindowed(pool, cursor, limit, cutoff, horizon)
  const [head, agents] = await Promise.all([pool.query<{ n: string; last: string | null }>(pageHeadSql, [cursor, limit, horizon]), listAgents(pool)])
  const { n, last } = head.rows[0]!
  const full = Number(n) === limit
  // Not full: every row between the cursor and the horizon is in this page, so the page reaches to the horizon.
  const upper = full ? Number(last) : Math.max(cursor, horizon)
  if (Number(n) === 0) return { cursor: upper, more: false, agents, people: [], tickets: [], events: [] }
  const range = [cursor, upper]
  // Three reads at once, each on its own connection: the server's share of a first sync is mostly these.
  const [people, tickets, events] = await Promise.all([
    pool.query(`SELECT ${personColumns} FROM people WHERE change_seq > $1 AND change_seq <= $2 ORDER BY change_seq`, range),
    pool.query<TicketRow>(`SELECT ${ticketColumns} FROM tickets WHERE change_seq > $1 AND change_seq <= $2 ORDER BY change_seq`, range),
    pool.query<EventRow>(`SELECT ${eventColumns} FROM ticket_events WHERE change_seq > $1 AND change_seq <= $2 ORDER BY change_seq`, range)
  ])
  return pageOf(pool, upper, full, agents, people.rows, tickets.rows, events.rows)
}

/**
 * A pull with a window: the page's rows are found once, by walking the change indexes that carry the
 * closing time (the rows left out are skipped there, never read), and then read by their sequences.
 * Reading them by range instead walked the skipped rows twice more: at a million tickets, 3.6 million
 * events a first sync leaves out.
 */
async function pullWindowed(pool: Pool, cursor: number, limit: number, cutoff: string, horizon: number): Promise<PullResponse> {
  const [{ rows: kept }, agents] = await Promise.all([pool.query<{ src: 'p' | 't' | 'e'; change_seq: string }>(windowedPageSql, [cursor, limit, cutoff, horizon]), listAgents(pool)])
  const full = kept.length === limit
  const upper = full ? Number(kept.at(-1)!.change_seq) : Math.max(cursor, horizon)
  if (kept.length === 0) return { cursor: upper, more: false, agents, people: [], tickets: [], events: [] }
  const seqs = (src: 'p' | 't' | 'e') => kept.filter((r) => r.src === src).map((r) => r.change_seq)
  const [people, tickets, events] = await Promise.all([
    pool.query(`SELECT ${personColumns} FROM people WHERE change_seq = ANY($1::bigint[]) ORDER BY change_seq`, [seqs('p')]),
    pool.query<TicketRow>(`SELECT ${ticketColumns} FROM tickets WHERE change_seq = ANY($1::bigint[]) ORDER BY change_seq`, [seqs('t')]),
    pool.query<EventRow>(`SELECT ${eventColumns} FROM ticket_events WHERE change_seq = ANY($1::bigint[]) ORDER BY change_seq`, [seqs('e')])
  ])
  return pageOf(pool, upper, full, agents, people.rows, tickets.rows, events.rows)
}

/**
 * A page from its rows, with what they need that lies past it. A ticket changed again later carries that
 * later sequence, and its events in this page still need it, so it comes along: looked up by id, as a
 * join PostgreSQL scanned every ticket for each page (28 ms a page at 110,000 tickets). So do the
 * tickets' requesters (`requestersAhead`).
 */
async function pageOf(pool: Pool, upper: number, more: boolean, agents: PullResponse['agents'], people: unknown[], tickets: TicketRow[], events: EventRow[]): Promise<PullResponse> {
  const held = new Set(tickets.map((t) => t.id))
  const missing = [...new Set(events.map((e) => e.ticket_id))].filter((id) => !held.has(id))
  const later = missing.length ? (await pool.query<TicketRow>(`SELECT ${ticketColumns} FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY change_seq`, [missing])).rows : []
  const pageTickets = [...tickets, ...later].map(asServerTicket)
  return { cursor: upper, more, agents, people: [...people, ...(await requestersAhead(pool, pageTickets, upper))], tickets: pageTickets, events: events.map(asSyncEvent) }
}

/**
 * The requesters of a page's tickets whose rows lie past the page: a writer that filed a ticket and then
 * touched its requester (mail intake does) gave the person the later sequence, and a page may end between
 * the two. The desk holds a ticket's requester before the ticket, so the person comes along now, and again
 * in its own place later, which is harmless.
 */
async function requestersAhead(pool: Pool, tickets: ServerTicket[], upper: number) {
  const ids = [...new Set(tickets.map((t) => t.fields.requester_id))].filter((id): id is string => typeof id === 'string' && Id.safeParse(id).success)
  if (ids.length === 0) return []
  return (await pool.query(`SELECT ${personColumns} FROM people WHERE id = ANY($1::uuid[]) AND change_seq > $2`, [ids, upper])).rows
}

/**
 * A windowed page's rows ($1 cursor, $2 limit, $3 cutoff, $4 horizon): which table and sequence, the
 * first `limit` kept past the cursor and up to the horizon. Each branch walks its table's change index
 * that carries the closing time and stops at `limit` rows it keeps (the window benchmark prints its plan);
 * none walks past where an earlier branch's `limit`-th row already ends the page (people are never left
 * out, tickets one row each): while a first sync pages through 50,000 people, the 3.6 million events a
 * million-ticket history leaves out were otherwise walked again for every page, a second each.
 */
export const windowedPageSql = `
  WITH p AS (SELECT change_seq FROM people WHERE change_seq > $1 AND change_seq <= $4 ORDER BY change_seq LIMIT $2),
  p_end AS (SELECT CASE WHEN count(*) = $2 THEN max(change_seq) ELSE ${maxSeq} END AS seq FROM p),
  t AS (SELECT t.change_seq FROM tickets t
        WHERE t.change_seq > $1 AND t.change_seq <= least($4, (SELECT seq FROM p_end)) AND ${inWindow('t.closed_since', '$3')} ORDER BY t.change_seq LIMIT $2),
  t_end AS (SELECT CASE WHEN count(*) = $2 THEN max(change_seq) ELSE ${maxSeq} END AS seq FROM t),
  e AS (SELECT e.change_seq FROM ticket_events e
        WHERE e.change_seq > $1 AND e.change_seq <= (SELECT least($4, p_end.seq, t_end.seq) FROM p_end, t_end) AND ${inWindow('e.ticket_closed_since', '$3')}
        ORDER BY e.change_seq LIMIT $2),
  page AS (
    SELECT src, change_seq FROM (
      SELECT 'p' AS src, change_seq FROM p UNION ALL SELECT 't', change_seq FROM t UNION ALL SELECT 'e', change_seq FROM e
    ) c ORDER BY change_seq LIMIT $2
  )
  SELECT src, change_seq FROM page ORDER BY change_seq`

const personColumns = `id, name, email, phone, department, location, vip, manager, language, notes, aliases, title, account_name AS "accountName", directory_state AS "directoryState"`
const ticketColumns = 'id, number, created_at, fields, clocks, change_seq'
const eventColumns = 'id, ticket_id, at, author_id, kind, data, body'
export type TicketRow = { id: string; number: string; created_at: Date; fields: ServerTicket['fields']; clocks: ServerTicket['clocks'] }
type EventRow = { id: string; ticket_id: string; at: Date; author_id: string | null; kind: string; data: string; body: string | null }
/**
 * A ticket as desks get it, with only the newest of its field stamps: a desk takes nothing else from them
 * (the server merges fields; the desk's clock only moves past the latest it saw), and sent whole they
 * were 38% of a first sync's pages.
 */
export const asServerTicket = (t: TicketRow): ServerTicket => ({ id: t.id, number: t.number, createdAt: t.created_at.toISOString(), fields: t.fields, clocks: newest(t.clocks) })

function newest(clocks: ServerTicket['clocks']): ServerTicket['clocks'] {
  let field: SyncedField | undefined
  for (const [name, stamp] of Object.entries(clocks) as Array<[SyncedField, string]>) if (field === undefined || stamp > clocks[field]!) field = name
  return field === undefined ? {} : { [field]: clocks[field] }
}
const asSyncEvent = (e: EventRow): SyncEvent => ({ id: e.id, ticketId: e.ticket_id, at: e.at.toISOString(), authorId: e.author_id, kind: e.kind, data: e.data, body: e.body })
const listAgents = async (pool: Pool) => (await pool.query<{ id: string; name: string; email: string }>('SELECT id, name, email FROM accounts ORDER BY name')).rows
