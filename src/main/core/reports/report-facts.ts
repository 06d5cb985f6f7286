import type { Database, Statement } from 'better-sqlite3'
import { setImmediate } from 'node:timers/promises'
import type { Priority, Ticket, TicketStatus } from '../../../shared/domain'
import type { ReportQuery } from '../../../shared/reports'
import type { Directory } from '../store/directory'
import { ticketSla } from '../store/sla-view'

/** What one ticket contributes, read once. */
export interface Facts {
  id: string
  status: TicketStatus
  category: string | null
  priority: Priority
  groupId: string | null
  subject: string
  description: string
  createdAt: string
  firstRespondedAt: string | null
  resolvedAt: string | null
  satisfaction: number | null
  sla: Ticket['sla']
  loggedBy: string | null
  firstAnswerBy: string | null
  resolvedBy: string | null
  reopened: boolean
  tier: 0 | 2 | 3
  requesterReplied: boolean
  time: Array<{ by: string | null; at: string; minutes: number }>
}

interface TicketRow {
  id: string
  type: string
  status: TicketStatus
  channel: string
  category: string | null
  priority: Priority
  group_id: string | null
  subject: string
  description: string
  created_at: string
  first_responded_at: string | null
  resolved_at: string | null
  satisfaction_score: number | null
}

/** A ticket's timeline as the figures need it, folded by SQLite; the lists as JSON ('[]' when empty). */
interface Timeline {
  ticketId: string
  loggedBy: string | null
  firstAnswerBy: string | null
  resolvedBy: string | null
  reopened: 0 | 1
  tier: 0 | 2 | 3
  history: string
  mailsIn: string
  time: string
}

/** A list the timeline fold sent as JSON ('[]' when empty, and nothing when the ticket has no timeline). */
const jsonList = <T>(json: string | undefined): T[] => (json === undefined || json === '[]' ? [] : (JSON.parse(json) as T[]))
// Tickets whose timelines are read at once: a few tens of ms of work, between which the desk answers.
const timelinesPerRead = 1_000
// Ids in scope read at once, along the creation index.
const idsPerRead = 5_000

/**
 * What the supervisor's figures are counted from: the tickets in a report's scope, each with its row and
 * its timeline folded by SQLite to the facts the figures need, newest first, read in pieces so the desk
 * answers the console between them.
 */
export class ReportFacts {
  private readonly timelines: Statement<[string], Timeline>
  private readonly rows: Statement<[string], TicketRow>

  constructor(
    private readonly db: Database,
    private readonly directory: Directory
  ) {
    // Each timeline folded to what the figures need by SQLite, one row a ticket: a year's 470,000 events
    // read as rows into JS cost 1.4 s and as much again in garbage. A "first" or "last" author is the
    // author of the event with the least or greatest sequence (seq, zero-padded, leads the string compared).
    this.timelines = db.prepare(`
      SELECT ticket_id AS ticketId,
        substr(min(CASE WHEN kind = 'created' THEN printf('%015d', seq) || coalesce(author_id, '') END), 16) AS loggedBy,
        substr(min(CASE WHEN kind = 'reply' AND author_id IS NOT NULL THEN printf('%015d', seq) || author_id END), 16) AS firstAnswerBy,
        substr(max(CASE WHEN kind = 'status' AND data ->> '$.to' = 'resolved' THEN printf('%015d', seq) || coalesce(author_id, '') END), 16) AS resolvedBy,
        max(kind = 'status' AND data ->> '$.from' IN ('resolved', 'closed') AND data ->> '$.to' NOT IN ('resolved', 'closed')) AS reopened,
        max(CASE WHEN kind = 'escalation' THEN CASE data ->> '$.to.tier' WHEN 'L3' THEN 3 WHEN 'L2' THEN 2 ELSE 0 END ELSE 0 END) AS tier,
        json_group_array(json_array(at, data ->> '$.to') ORDER BY seq) FILTER (WHERE kind = 'status' AND data ->> '$.to' IS NOT NULL) AS history,
        json_group_array(at) FILTER (WHERE kind = 'email' AND data ->> '$.direction' = 'in') AS mailsIn,
        json_group_array(json_array(author_id, at, data ->> '$.minutes') ORDER BY seq) FILTER (WHERE kind = 'time' AND typeof(data ->> '$.minutes') IN ('integer', 'real')) AS time
      FROM ticket_events
      WHERE ticket_id IN (SELECT value FROM json_each(?)) AND kind IN ('created', 'status', 'escalation', 'reply', 'email', 'time')
      GROUP BY ticket_id`)
    // The rows of a list of ids (JSON). The description only where it may name an application (a how-to
    // ticket): reading every one costs more than the rest of the row.
    this.rows = db.prepare(`
      SELECT id, type, status, channel, category, priority, group_id, subject,
        CASE WHEN lower(category) = 'how-to' OR lower(subject) LIKE 'how %' THEN description ELSE '' END AS description,
        created_at, first_responded_at, resolved_at, satisfaction_score
      FROM tickets WHERE id IN (SELECT value FROM json_each(?))`)
  }

  /**
   * The tickets in scope with what each figure needs: logged, resolved or worked on in the period, open
   * at its end, or open now; each part found by its own index. One OR, not a UNION of id lists joined back
   * by id: SQLite walks each index and reads each row once (last week at 100,000 tickets: 42 ms, not 93).
   */
  async read(query: ReportQuery, mine: string | null, asOf: string, now: Date): Promise<Facts[]> {
    const where: string[] = ['merged_into IS NULL']
    const params: Record<string, string> = { from: query.from, to: query.to, asOf }
    const filter = (column: string, name: string, value: string | undefined) => {
      if (value === undefined) return
      where.push(`${column} = @${name}`)
      params[name] = value
    }
    filter('group_id', 'groupId', query.groupId)
    filter('assignee_id', 'assigneeId', mine ?? query.assigneeId)
    filter('type', 'type', query.type)
    filter('channel', 'channel', query.channel)
    filter('priority', 'priority', query.priority)
    if (query.category !== undefined) {
      where.push('lower(category) = lower(@category)')
      params.category = query.category
    }
    const ids = await this.scope(where.join(' AND '), params)
    // Then rows and timelines a thousand tickets at a time, giving way between them: a year's (4 s at 100,000
    // tickets) would otherwise hold every queue page and search on this desk until it was done.
    const facts: Facts[] = []
    for (let start = 0; start < ids.length; start += timelinesPerRead) {
      await setImmediate()
      const part = ids.slice(start, start + timelinesPerRead)
      const chunk = JSON.stringify(part)
      const timelines = new Map(this.timelines.all(chunk).map((t) => [t.ticketId, t]))
      const rows = new Map(this.rows.all(chunk).map((r) => [r.id, r]))
      for (const id of part) facts.push(this.factsOf(rows.get(id)!, timelines.get(id), now))
    }
    return facts
  }

  /**
   * The ids in scope, newest first (the order a figure's tickets are listed in), read in pieces with a turn of
   * the event loop between them: a year's 100,000 read at once held the desk for 0.4–0.7 s. Those logged in the
   * period go a few thousand at a time along the creation index, and so do the period's time entries; the rest
   * (resolved in the period, open at its end or now, but logged before it) are few and read at once.
   */
  private async scope(filters: string, params: Record<string, string>): Promise<string[]> {
    type Found = { id: string; created_at: string }
    const logged: string[] = []
    const loggedIn = `SELECT id, created_at AS at FROM tickets WHERE ${filters} AND created_at >= @from`
    for await (const found of this.newestFirst<{ id: string }>(loggedIn, params)) logged.push(...found.map((f) => f.id))
    const worked = new Set<string>()
    const timeIn = "SELECT id, at, ticket_id FROM ticket_events WHERE kind = 'time' AND at >= @from"
    for await (const found of this.newestFirst<{ ticket_id: string }>(timeIn, { from: params.from!, to: params.to! })) for (const f of found) worked.add(f.ticket_id)
    await setImmediate()
    // Each part of the OR by its own index; then the tickets worked on not counted yet, by id, with the same filters.
    const outside = `${filters} AND NOT (created_at >= @from AND created_at < @to)`
    const rest = this.db
      .prepare(
        `SELECT id, created_at FROM tickets WHERE ${outside} AND (
           (resolved_at >= @from AND resolved_at < @to) OR (resolved_at >= @asOf AND created_at < @asOf) OR status IN ('new', 'assigned', 'in_progress', 'pending'))`
      )
      .all(params) as Found[]
    for (const id of [...logged, ...rest.map((f) => f.id)]) worked.delete(id)
    if (worked.size) rest.push(...(this.db.prepare(`SELECT id, created_at FROM tickets WHERE ${outside} AND id IN (SELECT value FROM json_each(@worked))`).all({ ...params, worked: JSON.stringify([...worked]) }) as Found[]))
    rest.sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1))
    // Logged after the period (open now), those logged in it, then those before it.
    return [...rest.filter((f) => f.created_at >= params.to!).map((f) => f.id), ...logged, ...rest.filter((f) => f.created_at < params.from!).map((f) => f.id)]
  }

  /**
   * The rows of `select` (which names `id` and `at`) before `@to`, newest first, `idsPerRead` at a time along
   * (at, id), with a turn of the event loop before each read.
   */
  private async *newestFirst<R>(select: string, params: Record<string, string>): AsyncGenerator<Array<R & { id: string; at: string }>> {
    const page = this.db.prepare(`${select} AND (at < @before OR (at = @before AND id < @last)) ORDER BY at DESC, id DESC LIMIT ${idsPerRead}`)
    for (let before = params.to!, last = ''; ; ) {
      await setImmediate()
      const found = page.all({ ...params, before, last }) as Array<R & { id: string; at: string }>
      yield found
      if (found.length < idsPerRead) return
      ;({ at: before, id: last } = found.at(-1)!)
    }
  }

  private factsOf(row: TicketRow, timeline: Timeline | undefined, now: Date): Facts {
    const history = jsonList<[string, TicketStatus]>(timeline?.history).map(([at, to]) => ({ at, to }))
    const mailsIn = jsonList<string>(timeline?.mailsIn)
    const time = jsonList<[string | null, string, number]>(timeline?.time).map(([by, at, minutes]) => ({ by, at, minutes }))
    const { calendar, policy } = this.directory.slaFor(row)
    return {
      id: row.id,
      status: row.status,
      category: row.category,
      priority: row.priority,
      groupId: row.group_id,
      subject: row.subject,
      description: row.description,
      createdAt: row.created_at,
      firstRespondedAt: row.first_responded_at,
      resolvedAt: row.resolved_at,
      satisfaction: row.satisfaction_score,
      sla: ticketSla(row, history, calendar, policy, now),
      // An author left out reads '' from the fold: nobody named.
      loggedBy: timeline?.loggedBy || null,
      firstAnswerBy: timeline?.firstAnswerBy ?? null,
      resolvedBy: timeline?.resolvedBy || null,
      reopened: timeline?.reopened === 1,
      tier: timeline?.tier ?? 0,
      // Mail from the requester before the resolution; a mailed-in ticket's first message is the request itself.
      requesterReplied: mailsIn.filter((at) => row.resolved_at === null || at <= row.resolved_at).length > (row.channel === 'email' ? 1 : 0),
      time
    }
  }
}
