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

  /** Rebuilds the ticket and timeline indexes if they were deferred. */
  catchUp(): void {
    if (this.state.get(key) === null) return
    this.db.transaction(() => {
      this.db.exec("INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild'); INSERT INTO events_fts (events_fts) VALUES ('rebuild');")
      this.state.delete(key)
    })()
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
