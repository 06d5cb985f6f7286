import type { Database } from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import { DeskError } from '../../../shared/errors'
import type { ProblemCandidate, Ticket } from '../../../shared/domain'
import { applicationNamed, deskApplications } from '../rules/applications'
import { publishedApplications } from '../knowledge/article-store'
import type { TicketWrites } from '../store/ticket-writes'
import { RecurringIncidents, type Incident } from './recurring-incidents'

/**
 * Recurring incidents proposed as problems: the detector run over the last month's incidents that no
 * problem explains yet; a group can become a problem in one step (the problem logged, each incident
 * linked to it) or be dismissed (on each incident's timeline, so on every desk), and a group made mostly
 * of a dismissed one's incidents stays dismissed.
 */
export class ProblemCandidates {
  constructor(
    private readonly db: Database,
    private readonly writes: TicketWrites,
    private readonly now: () => Date,
    private readonly lookbackDays = 30
  ) {}

  list(): ProblemCandidate[] {
    const since = new Date(this.now().getTime() - this.lookbackDays * 86_400_000).toISOString()
    const rows = this.db
      .prepare(
        `SELECT t.id, t.number, t.subject, t.description, t.category, t.created_at AS createdAt,
           (SELECT json_extract(s.snapshot, '$.sections.system.data.model') FROM ticket_assets ta JOIN asset_snapshots s ON s.asset_id = ta.asset_id
            WHERE ta.ticket_id = t.id ORDER BY s.taken_at DESC LIMIT 1) AS model
         FROM tickets t
         WHERE t.type = 'incident' AND t.merged_into IS NULL AND t.created_at >= ?
           AND NOT EXISTS (SELECT 1 FROM ticket_links l WHERE l.other_id = t.id AND l.relation = 'explains')
         ORDER BY t.created_at`
      )
      .all(since) as Array<Incident & { number: string }>
    const synonyms = this.db.prepare('SELECT grp, json_group_array(term) AS terms FROM kb_synonyms GROUP BY grp').all() as Array<{ terms: string }>
    const detector = new RecurringIncidents(synonyms.map((s) => JSON.parse(s.terms) as string[]))
    // Groups dismissed on any desk: each member's timeline says so (synced like every entry).
    const dismissed = (this.db.prepare("SELECT json_group_array(ticket_id) FROM ticket_events WHERE kind = 'dismissal' GROUP BY json_extract(data, '$.group')").pluck().all() as string[]).map(
      (ids) => new Set(JSON.parse(ids) as string[])
    )
    const byId = new Map(rows.map((r) => [r.id, r]))
    const applications = deskApplications(publishedApplications(this.db))
    return detector
      .detect(rows)
      .filter((c) => !dismissed.some((d) => c.incidentIds.filter((id) => d.has(id)).length * 2 >= c.incidentIds.length))
      // The twenty biggest: more at once is a list nobody works through.
      .slice(0, 20)
      .map((c) => ({
        title: c.title,
        terms: c.terms,
        application: applicationNamed(c.incidentIds.map((id) => byId.get(id)!.subject).join(' '), applications),
        firstAt: c.firstAt,
        lastAt: c.lastAt,
        inWindow: c.inWindow,
        incidents: c.incidentIds.map((id) => byId.get(id)!).map((r) => ({ id: r.id, number: r.number, subject: r.subject, createdAt: r.createdAt }))
      }))
  }

  /**
   * Once the problem is fixed: each incident it explains that is still open is resolved with the
   * message as its resolution, or its requester is told by a public reply (which mails them).
   */
  settleIncidents(problemId: string, how: 'resolve' | 'notify', message: string): { ids: string[]; skipped: number } {
    const problem = this.db.prepare("SELECT type, status FROM tickets WHERE id = ?").get(problemId) as { type: string; status: string } | undefined
    if (problem?.type !== 'problem') throw new DeskError('NOT_FOUND', 'No such problem on this desk.')
    if (problem.status !== 'resolved' && problem.status !== 'closed') throw new DeskError('CONFLICT', 'Resolve the problem first: its incidents follow its fix.')
    const open = this.db
      .prepare("SELECT t.id FROM ticket_links l JOIN tickets t ON t.id = l.other_id WHERE l.ticket_id = ? AND l.relation = 'explains' AND t.status NOT IN ('resolved', 'closed') ORDER BY t.created_at")
      .pluck()
      .all(problemId) as string[]
    const ids: string[] = []
    let skipped = 0
    for (const id of open) {
      try {
        if (how === 'resolve') this.writes.setStatus({ id, status: 'resolved', resolution: { code: 'solved', notes: message } })
        else this.writes.comment({ id, visibility: 'public', body: message })
        ids.push(id)
      } catch {
        // One that cannot take it now (an edit it is waiting on, say) is left for a technician; the rest go on.
        skipped += 1
      }
    }
    return { ids, skipped }
  }

  dismiss(incidentIds: string[], title: string): void {
    const group = uuidv7()
    this.db.transaction(() => {
      for (const id of new Set(incidentIds)) this.writes.dismissRecurring(id, group, title.slice(0, 300), incidentIds.length)
    })()
  }

  /** The problem, logged with the incidents listed, and each incident linked to it as one it explains. */
  createProblem(incidentIds: string[], subject: string): Ticket {
    return this.db.transaction(() => {
      const incidents = this.db.prepare("SELECT id, number, subject, requester_id, channel, created_at FROM tickets WHERE id IN (SELECT value FROM json_each(?)) AND type = 'incident' ORDER BY created_at").all(JSON.stringify(incidentIds)) as Array<{
        id: string
        number: string
        subject: string
        requester_id: string
        channel: 'phone'
        created_at: string
      }>
      if (incidents.length < 2) throw new DeskError('CONFLICT', 'A problem is made from two or more incidents on this desk.')
      const first = incidents[0]!
      const list = incidents.map((i) => `- ${i.number} ${i.subject}`).join('\n')
      const problem = this.writes.create({
        subject,
        description: `${incidents.length} incidents with one cause, from ${first.created_at.slice(0, 10)} to ${incidents.at(-1)!.created_at.slice(0, 10)}:\n${list}`,
        channel: first.channel,
        type: 'problem',
        requester: { id: first.requester_id },
        impact: incidents.length >= 10 ? 'high' : 'medium',
        urgency: 'medium'
      })
      for (const incident of incidents) this.writes.link({ id: problem.id, otherId: incident.id, relation: 'explains' })
      return problem
    })()
  }
}
