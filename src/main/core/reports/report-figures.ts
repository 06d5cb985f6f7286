import type { Database } from 'better-sqlite3'
import { setImmediate } from 'node:timers/promises'
import type { TicketStatus } from '../../../shared/domain'
import { Priority as Priorities } from '../../../shared/domain'
import type { FigureKey, Report, ReportQuery } from '../../../shared/reports'
import type { Directory } from '../store/directory'
import { applicationNamed, deskApplications } from '../rules/applications'
import { publishedApplications } from '../knowledge/article-store'
import { ReportFacts } from './report-facts'

/**
 * The supervisor's figures, from the desk's own copy: the tickets in scope read once with their timelines
 * (`report-facts.ts`), then every figure counted from the same facts.
 * A click-through asks again with its figure named, and gets the tickets that figure's rows count: the
 * same facts, so exactly the tickets a number counts.
 */

/** The tickets behind one figure, by its row: the click-through's answer. */
export type Members = Map<string, string[]>

const factsPerTurn = 10_000
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
  private readonly facts: ReportFacts

  constructor(
    private readonly db: Database,
    private readonly directory: Directory,
    private readonly now: () => Date
  ) {
    this.facts = new ReportFacts(db, directory)
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
    const facts = await this.facts.read(query, mine, asOf, now)
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
