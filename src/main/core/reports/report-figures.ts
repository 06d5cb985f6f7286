import type { Database, Statement } from 'better-sqlite3'
import type { Priority, Ticket, TicketStatus } from '../../../shared/domain'
import { Priority as Priorities } from '../../../shared/domain'
import type { FigureKey, Report, ReportQuery } from '../../../shared/reports'
import type { Directory } from '../store/directory'
import { ticketSla } from '../store/sla-view'
import { applicationNamed, deskApplications } from '../rules/applications'
import { publishedApplications } from '../knowledge/article-store'
import { setImmediate } from 'node:timers/promises'

/**
 * The supervisor's figures, from the desk's own copy: one read of the tickets in scope and one of
 * their timelines (each folded by SQLite to what the figures need), then every figure from the same facts.
 * A click-through asks again with its figure named, and gets the tickets that figure's rows count: the
 * same facts, so exactly the tickets a number counts.
 */

/** What one ticket contributes, read once. */
interface Facts {
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

/** The tickets behind one figure, by its row: the click-through's answer. */
export type Members = Map<string, string[]>

/** A list the timeline fold sent as JSON ('[]' when empty, and nothing when the ticket has no timeline). */
const jsonList = <T>(json: string | undefined): T[] => (json === undefined || json === '[]' ? [] : (JSON.parse(json) as T[]))
// Tickets whose timelines are read at once: a few tens of ms of work, between which the desk answers.
const timelinesPerRead = 1_000
const factsPerTurn = 10_000
// Ids in scope read at once, along the creation index.
const idsPerRead = 5_000
const done = (status: TicketStatus | null) => status === 'resolved' || status === 'closed'
const howToSubject = /^\s*(how (do|can|should) (i|we|you)|how to)\b/i
const ageBuckets: Array<{ key: string; label: string; days: number }> = [
  { key: 'day', label: 'Under a day', days: 1 },
  { key: 'days', label: '1–3 days', days: 3 },
  { key: 'week', label: '3–7 days', days: 7 },
  { key: 'month', label: '1–4 weeks', days: 28 },
  { key: 'older', label: 'Over 4 weeks', days: Infinity }
]

export class ReportFigures {
  private readonly timelines: Statement<[string], Timeline>
  private readonly rows: Statement<[string], TicketRow>

  constructor(
    private readonly db: Database,
    private readonly directory: Directory,
    private readonly now: () => Date
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
   * The figures for the query; `mine` keeps them to one technician's own tickets and time. Only the
   * figure named `behind` keeps its tickets' ids (a year's figures would otherwise hold half a million):
   * by row in `members`, and every one it counts, once, in `counted`; newest first in both.
   */
  async report(query: ReportQuery, mine: string | null, behind?: FigureKey): Promise<{ report: Report; members: Members; counted: string[] }> {
    const now = this.now()
    const from = query.from
    const to = query.to
    const asOf = new Date(Math.min(Date.parse(to), now.getTime())).toISOString()
    const facts = await this.facts(query, mine, asOf, now)
    const counts = new Map<FigureKey, Map<string, number>>()
    const members: Members = new Map()
    const add = (figure: FigureKey, key: string, id: string) => {
      let rows = counts.get(figure)
      if (!rows) counts.set(figure, (rows = new Map()))
      rows.set(key, (rows.get(key) ?? 0) + 1)
      if (figure !== behind) return
      const list = members.get(key)
      if (list) list.push(id)
      else members.set(key, [id])
    }
    const inPeriod = (at: string | null) => at !== null && at >= from && at < to
    const day = dayOf(this.directory.calendar().timeZone)
    // Names of retired groups and departed technicians too: last year's figures still name them.
    const groups = new Map((this.db.prepare('SELECT id, name FROM desk_groups').all() as Array<{ id: string; name: string }>).map((g) => [g.id, g.name]))
    const agents = new Map((this.db.prepare('SELECT id, name FROM agents').all() as Array<{ id: string; name: string }>).map((a) => [a.id, a.name]))
    const applications = deskApplications(publishedApplications(this.db))

    const firstResponse: number[] = []
    const resolve: number[] = []
    const spent = new Map<string, { minutes: number; tickets: Set<string> }>()
    for (const [i, f] of facts.entries()) {
      // Giving way here too: a year's single pass over 100,000 tickets held the desk for half a second.
      if (i > 0 && i % factsPerTurn === 0) await setImmediate()
      const logged = inPeriod(f.createdAt)
      const resolved = done(f.status) && inPeriod(f.resolvedAt)
      if (logged) {
        add('volume', `opened:${day(f.createdAt)}`, f.id)
        add('escalations', 'logged', f.id)
        if (f.tier >= 2) add('escalations', 'L2', f.id)
        if (f.tier === 3) add('escalations', 'L3', f.id)
        add('categories', f.category?.trim() || 'Uncategorised', f.id)
        if (f.category?.trim().toLowerCase() === 'how-to' || howToSubject.test(f.subject)) add('howTo', applicationNamed(`${f.subject} ${f.description}`, applications) ?? 'Other', f.id)
      }
      if (resolved) {
        add('volume', `resolved:${day(f.resolvedAt!)}`, f.id)
        const first = f.resolvedBy !== null && f.resolvedBy === (f.loggedBy ?? f.firstAnswerBy) && f.tier === 0 && !f.requesterReplied && !f.reopened
        add('firstContact', first ? 'yes' : 'no', f.id)
        add('reopens', 'resolved', f.id)
        if (f.reopened) add('reopens', 'reopened', f.id)
        const missed = f.sla.resolution.state !== 'met'
        for (const key of [`priority:${f.priority}`, `group:${f.groupId ?? 'none'}`, 'all']) {
          add('sla', key, f.id)
          if (missed) add('sla', `${key}:missed`, f.id)
        }
        add('times', 'resolve', f.id)
        resolve.push(f.sla.resolution.elapsedMinutes)
        if (f.satisfaction !== null) add('satisfaction', String(f.satisfaction), f.id)
      }
      if (f.firstAnswerBy !== null && inPeriod(f.firstRespondedAt)) {
        add('times', 'firstResponse', f.id)
        firstResponse.push(f.sla.firstResponse.elapsedMinutes)
      }
      if (f.createdAt < asOf && !(f.resolvedAt !== null && f.resolvedAt < asOf && done(f.status))) {
        const ageDays = (Date.parse(asOf) - Date.parse(f.createdAt)) / 86_400_000
        add('backlog', ageBuckets.find((b) => ageDays < b.days)!.key, f.id)
      }
      if (!done(f.status) && f.sla.resolution.state === 'breached') add('breaching', f.groupId ?? 'none', f.id)
      for (const t of f.time) {
        if (!inPeriod(t.at) || (mine && t.by !== mine)) continue
        const key = t.by ?? 'unknown'
        const entry = spent.get(key) ?? { minutes: 0, tickets: new Set<string>() }
        entry.minutes += t.minutes
        entry.tickets.add(f.id)
        spent.set(key, entry)
      }
    }
    for (const [key, entry] of spent) for (const id of entry.tickets) add('timeSpent', key, id)

    const rows = (figure: FigureKey) => counts.get(figure) ?? new Map<string, number>()
    const count = (figure: FigureKey, key: string) => rows(figure).get(key) ?? 0
    const rate = (part: number, whole: number) => (whole ? part / whole : null)
    const groupName = (id: string) => (id === 'none' ? 'No group' : (groups.get(id) ?? 'A group no longer in the team'))
    const ranked = (figure: FigureKey, label: (key: string) => string = (k) => k) =>
      [...rows(figure).entries()].map(([key, count]) => ({ key, label: label(key), count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
    const slaRate = (key: string, label: string) => {
      const total = count('sla', key)
      const met = total - count('sla', `${key}:missed`)
      return { key, label, met, total, rate: rate(met, total) }
    }
    const resolvedCount = count('reopens', 'resolved')
    const scores = [1, 2, 3, 4, 5].map((s) => ({ key: String(s), label: `${s}`, count: count('satisfaction', String(s)) }))
    const answered = scores.reduce((n, s) => n + s.count, 0)
    const logged = count('escalations', 'logged')

    const report: Report = {
      query: { from, to },
      mine: mine !== null,
      computedAt: now.toISOString(),
      volume: days(from, to, day).map((d) => ({ day: d, opened: count('volume', `opened:${d}`), resolved: count('volume', `resolved:${d}`) })),
      backlog: { open: ageBuckets.reduce((n, b) => n + count('backlog', b.key), 0), asOf, buckets: ageBuckets.map((b) => ({ key: b.key, label: b.label, count: count('backlog', b.key) })) },
      firstContact: { resolved: resolvedCount, firstContact: count('firstContact', 'yes'), rate: rate(count('firstContact', 'yes'), resolvedCount) },
      times: { firstResponse: duration(firstResponse), resolve: duration(resolve) },
      sla: {
        byPriority: Priorities.options.map((p) => slaRate(`priority:${p}`, p)).filter((r) => r.total > 0),
        byGroup: [...rows('sla').keys()].filter((k) => /^group:[^:]+$/.test(k)).map((k) => slaRate(k, groupName(k.slice(6)))).sort((a, b) => a.label.localeCompare(b.label)),
        overall: slaRate('all', 'All')
      },
      breaching: ranked('breaching', groupName),
      reopens: { resolved: resolvedCount, reopened: count('reopens', 'reopened'), rate: rate(count('reopens', 'reopened'), resolvedCount) },
      escalations: { logged, toL2: count('escalations', 'L2'), toL3: count('escalations', 'L3'), rateL2: rate(count('escalations', 'L2'), logged), rateL3: rate(count('escalations', 'L3'), logged) },
      satisfaction: { count: answered, average: answered ? scores.reduce((n, s) => n + Number(s.key) * s.count, 0) / answered : null, spread: scores },
      timeSpent: [...spent.entries()]
        .map(([key, e]) => ({ key, label: agents.get(key) ?? 'A technician no longer on this desk', minutes: e.minutes, tickets: e.tickets.size }))
        .sort((a, b) => b.minutes - a.minutes || a.label.localeCompare(b.label)),
      categories: ranked('categories'),
      howTo: ranked('howTo')
    }
    const inFigure = new Set([...members.values()].flat())
    return { report, members, counted: behind ? facts.map((f) => f.id).filter((id) => inFigure.has(id)) : [] }
  }

  /**
   * The tickets in scope with what each figure needs: logged, resolved or worked on in the period, open
   * at its end, or open now; each part found by its own index. One OR, not a UNION of id lists joined back
   * by id: SQLite walks each index and reads each row once (last week at 100,000 tickets: 42 ms, not 93).
   */
  private async facts(query: ReportQuery, mine: string | null, asOf: string, now: Date): Promise<Facts[]> {
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

function duration(minutes: number[]): { count: number; meanMinutes: number | null; medianMinutes: number | null } {
  if (minutes.length === 0) return { count: 0, meanMinutes: null, medianMinutes: null }
  const sorted = [...minutes].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return {
    count: sorted.length,
    meanMinutes: Math.round(sorted.reduce((n, m) => n + m, 0) / sorted.length),
    medianMinutes: sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2)
  }
}


/**
 * The calendar day of an instant in the team's time zone, as YYYY-MM-DD. Every time zone's offset is a
 * whole number of quarter hours, so the day is the same throughout a quarter hour: formatted once per one.
 */
function dayOf(timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
  const cache = new Map<number, string>()
  return (iso) => {
    const quarter = Math.floor(Date.parse(iso) / 900_000)
    let value = cache.get(quarter)
    if (value === undefined) {
      value = format.format(new Date(quarter * 900_000))
      cache.set(quarter, value)
    }
    return value
  }
}

/** Every day of the period, in order, even those with nothing in them. */
function days(from: string, to: string, day: (iso: string) => string): string[] {
  const list: string[] = []
  for (let t = Date.parse(from); t < Date.parse(to); t += 3_600_000) {
    const d = day(new Date(t).toISOString())
    if (list.at(-1) !== d) list.push(d)
  }
  const last = day(new Date(Date.parse(to) - 1).toISOString())
  if (list.at(-1) !== last) list.push(last)
  return list
}
