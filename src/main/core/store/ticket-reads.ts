import type { Database, Statement } from 'better-sqlite3'
import { SyncNotices } from './sync-notices'
import type { ParsedInput } from '../../../shared/contract'
import { EventData, type SearchHit, type Ticket, type TicketDetail, type TicketEvent } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import type { StatusChange } from '../rules/sla'
import { subjectsAlike } from '../rules/similar-subject'
import { openStatuses } from '../rules/status'
import type { Directory } from './directory'
import { formsSnippet } from '../rules/snippet'
import { ftsQuery, typedForms, typedWords } from '../rules/search-forms'
import { SearchTerms } from './search-terms'
import { StatementCache } from './sql'
import { ticketSla } from './sla-view'
import { dueKey, ticketColumns, ticketJoins, type EventRow, type TicketRow } from './ticket-rows'

type QueueQuery = ParsedInput<'tickets.list'>

const sortOrder: Record<QueueQuery['sort'], string> = {
  sla: `${dueKey}, t.seq`,
  priority: `t.priority, ${dueKey}, t.seq`,
  updated: 't.updated_at DESC, t.seq DESC',
  created: 't.created_at DESC, t.id DESC'
}

/** Every read of tickets: the queue, one ticket with its timeline, full-text search. */
export class TicketReads {
  private readonly byId: Statement<[string], TicketRow>
  private readonly history: Statement<[string], { ticket_id: string; at: string; data: string }>
  private readonly timeline: Statement<[string, string], EventRow & { other_number: string | null }>
  private readonly timeSpent: Statement<[string, string], { minutes: number | null }>
  private readonly links: Statement<[string, string], TicketDetail['links'][number]>
  private readonly knownErrors: Statement<[string]>
  private readonly byNumber: Statement<[string], TicketRow>
  private readonly byIds: Statement<[string], TicketRow>
  private readonly notices: SyncNotices
  private readonly search: Statement<{ query: string; limit: number }, { ticket_id: string; body: string | null }>
  private readonly searchTerms: SearchTerms
  /** The queue's SQL, one text per combination of filters and sort. */
  private readonly queue: StatementCache

  constructor(
    db: Database,
    private readonly directory: Directory,
    private readonly now: () => Date
  ) {
    this.queue = new StatementCache(db)
    this.byId = db.prepare(`SELECT ${ticketColumns} ${ticketJoins} WHERE t.id = ?`)
    this.notices = new SyncNotices(db)
    this.searchTerms = new SearchTerms(db)
    this.byIds = db.prepare(`SELECT ${ticketColumns} ${ticketJoins} WHERE t.id IN (SELECT value FROM json_each(?))`)
    this.byNumber = db.prepare(`SELECT ${ticketColumns} ${ticketJoins} WHERE t.number = ? COLLATE NOCASE`)
    this.history = db.prepare(`
      SELECT ticket_id, at, data FROM ticket_events
      WHERE kind = 'status' AND ticket_id IN (SELECT value FROM json_each(?))
      ORDER BY seq`)
    // A merged ticket's timeline shows on the survivor: events stay where they were written (append-only).
    this.timeline = db.prepare(`
      SELECT e.id, e.ticket_id, e.at, e.author_id, a.name AS author_name, e.kind, e.data,
             -- A link or merge names the other ticket by its number now, not the provisional one it had then.
             CASE WHEN e.kind IN ('link', 'merge') THEN (SELECT number FROM tickets WHERE id = json_extract(e.data, '$.other.id')) END AS other_number
      FROM ticket_events e LEFT JOIN agents a ON a.id = e.author_id
      WHERE e.ticket_id = ? OR e.ticket_id IN (SELECT id FROM tickets WHERE merged_into = ?)
      ORDER BY e.at, e.seq`)
    this.timeSpent = db.prepare(`
      SELECT sum(json_extract(data, '$.minutes')) AS minutes FROM ticket_events
      WHERE kind = 'time' AND (ticket_id = ? OR ticket_id IN (SELECT id FROM tickets WHERE merged_into = ?))`)
    this.knownErrors = db.prepare(
      "SELECT p.id, p.number, p.subject, p.workaround FROM ticket_links l JOIN tickets p ON p.id = l.ticket_id WHERE l.other_id = ? AND l.relation = 'explains' AND p.known_error = 1 AND p.workaround IS NOT NULL AND p.status <> 'closed' ORDER BY p.number"
    )
    this.links = db.prepare(`
      SELECT o.id, o.number, o.subject, o.status, l.relation FROM ticket_links l JOIN tickets o ON o.id = l.other_id WHERE l.ticket_id = ?
      UNION ALL
      SELECT o.id, o.number, o.subject, o.status,
             CASE l.relation WHEN 'explains' THEN 'explained_by' WHEN 'fixes' THEN 'fixed_by' ELSE l.relation END
      FROM ticket_links l JOIN tickets o ON o.id = l.ticket_id WHERE l.other_id = ?`)
    // bm25 costs per matching row, and a common word matches thousands: so each index ranks its newest
    // 500 matches (exact for any rarer term), keeps the best 60 (three pages), and the best hit per ticket wins.
    this.search = db.prepare(`
      WITH t AS (SELECT rid, r FROM (
                   SELECT rowid AS rid, bm25(tickets_fts, 4.0, 1.0) AS r FROM tickets_fts
                   WHERE tickets_fts MATCH @query ORDER BY rowid DESC LIMIT 500) ORDER BY r LIMIT 60),
           e AS (SELECT rid, r FROM (
                   SELECT rowid AS rid, bm25(events_fts) AS r FROM events_fts
                   WHERE events_fts MATCH @query ORDER BY rowid DESC LIMIT 500) ORDER BY r LIMIT 60),
           hits AS (
             SELECT tk.id AS ticket_id, NULL AS body, t.r FROM t JOIN tickets tk ON tk.seq = t.rid
             UNION ALL
             SELECT ev.ticket_id, ev.body, e.r FROM e JOIN ticket_events ev ON ev.seq = e.rid
           )
      SELECT ticket_id, body, min(r) AS best FROM hits GROUP BY ticket_id ORDER BY best LIMIT @limit`)
  }

  /** How many tickets the desk holds, every status. */
  count(): number {
    return this.queue.cached<[], { n: number }>('SELECT count(*) AS n FROM tickets').get()!.n
  }

  /** The raw joined row, for the writes' rule checks. */
  row(id: string): TicketRow {
    const row = this.byId.get(id)
    if (!row) throw new DeskError('NOT_FOUND', 'No such ticket on this desk.')
    return row
  }

  get(id: string): Ticket {
    return this.toTickets([this.row(id)])[0]!
  }

  detail(id: string): TicketDetail {
    const ticket = this.get(id)
    const timeline = this.timeline.all(id, id).map(eventFromRow)
    return {
      ticket,
      requester: this.directory.person(ticket.requester.id),
      notices: this.notices.forTicket(id),
      timeline,
      timeSpentMinutes: this.timeSpent.get(id, id)?.minutes ?? 0,
      links: this.links.all(id, id),
      knownErrors: this.knownErrors.all(id) as TicketDetail['knownErrors']
    }
  }

  /** The requester's open tickets whose subject looks like `subject`: asked before logging a second one. */
  similarOpen(requesterId: string, subject: string, meId: string): Ticket[] {
    const { tickets } = this.list({ requesterId, open: true, sort: 'updated', offset: 0, limit: 100 }, meId)
    return tickets.filter((t) => subjectsAlike(t.subject, subject)).slice(0, 3)
  }

  list(query: QueueQuery, meId: string): { tickets: Ticket[]; total: number } {
    const sql = queueSql(query, meId)
    // The page's ids first, from the narrow index alone; joining before the sort would drag every
    // matching row's text through the temp b-tree (8 ms instead of 1 on 3,000 open tickets).
    const ids = this.queue.cached(sql.ids)
      .pluck()
      .all({ ...sql.params, limit: query.limit, offset: query.offset }) as string[]
    const byId = new Map((this.byIds.all(JSON.stringify(ids)) as TicketRow[]).map((row) => [row.id, row]))
    const rows = ids.map((id) => byId.get(id)!)
    const total = this.queue.cached<Record<string, unknown>, { n: number }>(sql.count).get(sql.params)!.n
    return { tickets: this.toTickets(rows), total }
  }

  /** These tickets, in the order given (those no longer on the desk left out). */
  many(ids: string[]): Ticket[] {
    const byId = new Map((this.byIds.all(JSON.stringify(ids)) as TicketRow[]).map((row) => [row.id, row]))
    return this.toTickets(ids.flatMap((id) => byId.get(id) ?? []))
  }

  /** Whether the desk holds this ticket. */
  has(id: string): boolean {
    return this.byId.get(id) !== undefined
  }

  /** A ticket found elsewhere (the desk server) as a search hit for `text`: its description's words marked, else its subject. */
  hitFor(ticket: Ticket, text: string): SearchHit {
    const typed = typedForms(typedWords(text), this.searchTerms.lookup())
    const description = ticket.description ? formsSnippet(ticket.description, typed) : []
    return { ticket, snippet: description.some((s) => s.hit) ? description : formsSnippet(ticket.subject, typed), onServer: true }
  }

  searchText(text: string, limit: number): SearchHit[] {
    const words = typedWords(text)
    if (words.length === 0) return []
    // "Wi-Fi" is indexed as "wi" "fi" and people type "wifi": each word also matches its other forms.
    const typed = typedForms(words, this.searchTerms.lookup())
    // A ticket number typed whole comes first, whatever its words.
    const numbered = /^[a-z]{2,5}-~?[0-9a-z]+$/i.test(text.trim()) ? this.byNumber.get(text.trim()) : undefined
    const hits = [
      ...(numbered ? [{ ticket_id: numbered.id, body: null }] : []),
      ...this.search.all({ query: ftsQuery(typed), limit }).filter((h) => h.ticket_id !== numbered?.id)
    ].slice(0, limit)
    const rows = new Map(this.byIds.all(JSON.stringify(hits.map((h) => h.ticket_id))).map((row) => [row.id, row]))
    const tickets = new Map(this.toTickets([...rows.values()]).map((t) => [t.id, t]))
    return hits.map((hit) => {
      const row = rows.get(hit.ticket_id)!
      // A ticket hit quotes its description when the words are there, else its subject.
      const description = row.description ? formsSnippet(row.description, typed) : []
      const text = hit.body ?? (description.some((s) => s.hit) ? null : row.subject)
      return { ticket: tickets.get(hit.ticket_id)!, snippet: text === null ? description : formsSnippet(text, typed) }
    })
  }

  /** Rows to tickets, with both SLA clocks computed from each ticket's status history (one query for all). */
  toTickets(rows: TicketRow[]): Ticket[] {
    if (rows.length === 0) return []
    const histories = new Map<string, StatusChange[]>()
    for (const event of this.history.all(JSON.stringify(rows.map((r) => r.id)))) {
      const { to } = JSON.parse(event.data) as { to: StatusChange['to'] }
      const list = histories.get(event.ticket_id) ?? []
      list.push({ at: event.at, to })
      histories.set(event.ticket_id, list)
    }
    const now = this.now()
    return rows.map((row) => {
      const { calendar, policy } = this.directory.slaFor(row)
      return ticketFromRow(row, ticketSla(row, histories.get(row.id) ?? [], calendar, policy, now))
    })
  }
}

/**
 * The queue's two statements for these filters: the page's ids (`@limit`, `@offset` bound by the caller)
 * and the count of every matching ticket, with their parameters. The benchmark prints their query plans.
 */
export function queueSql(query: QueueQuery, meId: string): { ids: string; count: string; params: Record<string, unknown> } {
  const where: string[] = []
  const params: Record<string, unknown> = {}
  const inList = (column: string, name: string, values: readonly string[] | undefined) => {
    if (!values?.length) return
    where.push(`${column} IN (SELECT value FROM json_each(@${name}))`)
    params[name] = JSON.stringify(values)
  }
  inList('t.status', 'statuses', query.open ? openStatuses.filter((s) => !query.statuses || query.statuses.includes(s)) : query.statuses)
  inList('t.priority', 'priorities', query.priorities)
  inList('t.type', 'types', query.types)
  inList('t.channel', 'channels', query.channels)
  inList('t.group_id', 'groupIds', query.groupIds)
  if (query.groupId) {
    where.push('t.group_id = @groupId')
    params.groupId = query.groupId
  }
  if (query.assignee === 'none') where.push('t.assignee_id IS NULL')
  else if (query.assignee) {
    where.push('t.assignee_id = @assignee')
    params.assignee = query.assignee === 'me' ? meId : query.assignee
  }
  if (query.requesterId) {
    where.push('t.requester_id = @requesterId')
    params.requesterId = query.requesterId
  }
  const soon: string[] = []
  if (query.dueBefore) {
    soon.push(`${dueKey} < @dueBefore`)
    params.dueBefore = query.dueBefore
  }
  if (query.atRiskBy) {
    soon.push('t.sla_risk_at <= @atRiskBy')
    params.atRiskBy = query.atRiskBy
  }
  if (soon.length) where.push(`(${soon.join(' OR ')})`)
  if (query.plannedFrom || query.plannedTo) {
    where.push("t.planned_start IS NOT NULL AND t.planned_start >= @plannedFrom AND t.planned_start < @plannedTo")
    params.plannedFrom = query.plannedFrom ?? '0000'
    params.plannedTo = query.plannedTo ?? '9999'
  }
  if (query.followUpBefore) {
    where.push("t.follow_up_at IS NOT NULL AND t.follow_up_at <= @followUpBefore AND t.status <> 'closed'")
    params.followUpBefore = query.followUpBefore
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : ''
  return {
    ids: `SELECT t.id FROM tickets t ${filter} ORDER BY ${sortOrder[query.sort]} LIMIT @limit OFFSET @offset`,
    count: `SELECT count(*) AS n FROM tickets t ${filter}`,
    params
  }
}

function ticketFromRow(row: TicketRow, sla: Ticket['sla']): Ticket {
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    status: row.status,
    channel: row.channel,
    subject: row.subject,
    description: row.description,
    category: row.category,
    requester: { id: row.requester_id, name: row.requester_name, email: row.requester_email, vip: row.requester_vip === 1 },
    impact: row.impact,
    urgency: row.urgency,
    priority: row.priority,
    priorityOverridden: row.priority_overridden === 1,
    unread: row.unread === 1,
    group: row.group_id ? { id: row.group_id, name: row.group_name!, tier: row.group_tier! } : null,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name! } : null,
    pendingReason: row.pending_reason,
    resolutionCode: row.resolution_code,
    resolutionNotes: row.resolution_notes,
    firstRespondedAt: row.first_responded_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    followUpAt: row.follow_up_at,
    satisfaction: row.satisfaction_score ? { score: row.satisfaction_score, comment: row.satisfaction_comment ?? '' } : null,
    mergedInto: row.merged_into,
    // A problem's record; null on other tickets.
    problem: row.type === 'problem' ? { rootCause: row.root_cause, workaround: row.workaround, knownError: row.known_error === 1 } : null,
    change:
      row.type === 'change'
        ? { changeType: row.change_type, risk: row.risk, plannedStart: row.planned_start, plannedEnd: row.planned_end, backoutPlan: row.backout_plan, approval: row.approval }
        : null,
    sla,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}

function eventFromRow(row: EventRow & { other_number?: string | null }): TicketEvent {
  const data = EventData.parse({ kind: row.kind, ...(JSON.parse(row.data) as object) })
  if ((data.kind === 'link' || data.kind === 'merge') && row.other_number) data.other.number = row.other_number
  return {
    id: row.id,
    ticketId: row.ticket_id,
    at: row.at,
    author: row.author_id ? { id: row.author_id, name: row.author_name ?? 'Unknown technician' } : null,
    data
  }
}
