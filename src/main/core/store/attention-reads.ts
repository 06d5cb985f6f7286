import type { Database, Statement } from 'better-sqlite3'
import type { Attention } from '../../../shared/domain'
import type { Directory } from './directory'

type Row = { id: string; number: string; subject: string }

/**
 * What needs the technician now, for the tray or dock badge and native notifications: open tickets
 * past their resolution due time, the open tickets assigned to them, and follow-ups that have come due. Pending tickets are left
 * out of the breach count, as their clock is paused.
 */
export class AttentionReads {
  private readonly breached: Statement<{ now: string }, Row>
  private readonly mine: Statement<{ me: string }, Row>
  private readonly followUps: Statement<{ me: string | null; now: string }, Row>

  constructor(
    db: Database,
    private readonly directory: Directory,
    private readonly now: () => Date
  ) {
    this.breached = db.prepare(`
      SELECT id, number, subject FROM tickets
      WHERE status IN ('new', 'assigned', 'in_progress') AND sla_due_at IS NOT NULL AND sla_due_at < @now ORDER BY sla_due_at LIMIT 200`)
    this.mine = db.prepare(`
      SELECT id, number, subject FROM tickets
      WHERE assignee_id = @me AND status IN ('new', 'assigned', 'in_progress', 'pending') ORDER BY coalesce(sla_due_at, '9999') LIMIT 200`)
    this.followUps = db.prepare(`
      SELECT id, number, subject FROM tickets
      WHERE follow_up_at IS NOT NULL AND follow_up_at <= @now AND status <> 'closed' AND (assignee_id = @me OR assignee_id IS NULL) ORDER BY follow_up_at LIMIT 200`)
  }

  read(): Attention {
    const me = this.directory.getMeta('me')
    const now = this.now().toISOString()
    return { breached: this.breached.all({ now }), assignedToMe: me ? this.mine.all({ me }) : [], followUps: this.followUps.all({ me: me ?? null, now }) }
  }
}

/** What is new since the last look, as notifications: tickets newly assigned to me, tickets newly breached. The first look is only counted. */
export function attentionNews(before: Attention | null, now: Attention): Array<{ title: string; body: string; ticketId: string }> {
  if (!before) return []
  const had = (list: Attention['breached'], id: string) => list.some((t) => t.id === id)
  const assigned = now.assignedToMe.filter((t) => !had(before.assignedToMe, t.id))
  const breached = now.breached.filter((t) => !had(before.breached, t.id))
  const followUps = now.followUps.filter((t) => !had(before.followUps, t.id))
  const one = (title: string, list: Attention['breached']) =>
    list.length === 1 ? [{ title, body: `${list[0]!.number} ${list[0]!.subject}`, ticketId: list[0]!.id }] : list.length ? [{ title, body: `${list.length} tickets, first ${list[0]!.number} ${list[0]!.subject}`, ticketId: list[0]!.id }] : []
  return [...one('Assigned to you', assigned), ...one('SLA breached', breached), ...one('Follow-up due', followUps)]
}
