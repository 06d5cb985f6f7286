import type { Database } from 'better-sqlite3'
import { TeamDirectory } from '../../../shared/team'
import type { Directory } from '../store/directory'
import type { Quarantine } from '../store/quarantine'
import { TeamCopy } from '../store/team-copy'
import { saveLifecyclePolicy } from '../inventory/lifecycle-policy'

/**
 * Receives the team's directory from a pull: checked with the shared schema (one the desk cannot read
 * is set aside, and the desk keeps the copy it had), applied whole, and, when the calendar or SLA
 * targets moved, every open ticket's due times derived again, so every desk shows the same ones.
 */
export class TeamSync {
  private readonly copy: TeamCopy
  /** Said once in the status after the team's calendar and targets replaced this desk's own. */
  notice: string | null = null

  constructor(
    private readonly db: Database,
    private readonly directory: Directory,
    private readonly quarantine: Quarantine,
    private readonly refreshDue: (ticketIds: string[]) => void
  ) {
    this.copy = new TeamCopy(db, directory)
  }

  version(): number {
    return this.copy.version()
  }

  receive(raw: unknown): void {
    const parsed = TeamDirectory.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      this.quarantine.hold('team directory', raw, `not a team directory this desk can read (${issue?.path.join('.') || 'directory'}: ${issue?.message ?? 'not valid'})`)
      return
    }
    this.db.transaction(() => {
      const { policiesChanged, replacedLocal } = this.copy.apply(parsed.data)
      if (parsed.data.refresh) saveLifecyclePolicy(this.directory, parsed.data.refresh)
      if (policiesChanged) {
        this.refreshDue(this.db.prepare("SELECT id FROM tickets WHERE status NOT IN ('resolved', 'closed')").pluck().all() as string[])
      }
      if (replacedLocal) this.notice = "This desk's own groups, business hours and SLA targets were replaced by the team's from the desk server; due times follow the team's now, and tickets of a group only this desk had keep it as a retired group."
    })()
  }
}
