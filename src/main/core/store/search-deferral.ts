import type { Database } from 'better-sqlite3'
import { isOpenTimeDamage } from './database'
import type { SyncState } from './sync-state'

const key = 'search_deferred'

/**
 * Ticket and timeline search, indexed once for a whole first sync rather than slice by slice (migration 21):
 * `defer` makes the search triggers stand aside, `catchUp` rebuilds both indexes from the rows and lets the
 * triggers work again, in one transaction. A desk closed mid-sync catches up when it next opens, so a
 * search is never left short for longer than one sync.
 */
export class SearchDeferral {
  constructor(
    private readonly db: Database,
    private readonly state: SyncState
  ) {}

  defer(): void {
    this.state.set(key, '1')
  }

  /** Rebuilds the ticket and timeline indexes if they were deferred, in one transaction (as the desk opens). */
  catchUp(): void {
    if (!this.deferred()) return
    this.db.transaction(() => this.indexTickets(this.indexEvents()))()
  }

  /**
   * The same at the end of a pull, in two turns with `between` (the console answered) after the first: the
   * timeline, then the tickets with the events logged in between. Events are only ever added, so those
   * past the first turn's last are all that turn missed; tickets change, so theirs is rebuilt whole.
   * Stopped between the turns, the mark stays and the desk rebuilds both as it next opens.
   */
  async catchUpInTurns(between: () => Promise<void>): Promise<void> {
    if (!this.deferred()) return
    const upTo = this.db.transaction(() => this.indexEvents())()
    await between()
    this.db.transaction(() => this.indexTickets(upTo))()
  }

  /** Rebuilds the timeline's index; the last event it covers. */
  private indexEvents(): number {
    this.db.exec("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")
    return this.db.prepare('SELECT coalesce(max(seq), 0) FROM ticket_events').pluck().get() as number
  }

  /** The events logged past `upTo`, then the tickets' index rebuilt whole, and the triggers work again. */
  private indexTickets(upTo: number): void {
    this.db.prepare('INSERT INTO events_fts (rowid, body) SELECT seq, body FROM ticket_events WHERE seq > ? AND body IS NOT NULL').run(upTo)
    this.db.exec("INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild')")
    this.state.delete(key)
  }

  private deferred(): boolean {
    return this.state.get(key) !== null
  }

  /** As the desk opens: a damaged page is left to the background check, which the desk still opens for. */
  catchUpOnOpen(): void {
    try {
      this.catchUp()
    } catch (error) {
      if (!isOpenTimeDamage(error)) throw error
    }
  }
}
