import type { Database } from 'better-sqlite3'
import { isOpenTimeDamage } from './database'
import type { SyncState } from './sync-state'

const key = 'search_deferred'

const peopleKey = 'people_search_deferred'

/**
 * Ticket, timeline and requester search, indexed once for a whole first sync rather than slice by slice
 * (migrations 21 and 22): `defer` makes the search triggers stand aside, `catchUp` rebuilds the indexes from
 * the rows and lets the triggers work again, in one transaction. The requesters' index comes back as soon as
 * the directory has landed (`catchUpPeople`), the others at the sync's end. A desk closed mid-sync catches up
 * when it next opens, so a search is never left short for longer than one sync.
 */
export class SearchDeferral {
  constructor(
    private readonly db: Database,
    private readonly state: SyncState
  ) {}

  defer(): void {
    this.state.set(key, '1')
    this.state.set(peopleKey, '1')
  }

  /** Rebuilds every deferred index, in one transaction (as the desk opens). */
  catchUp(): void {
    this.db.transaction(() => {
      this.indexPeople()
      if (this.deferred()) this.indexTickets(this.indexEvents())
    })()
  }

  /**
   * Rebuilds the requesters' index if it was deferred, and says whether it was: a first sync's pages bring
   * the directory ahead of the tickets, so the sync calls this before its first slice of tickets.
   */
  catchUpPeople(): boolean {
    // Asked before every slice of tickets: when there is nothing to do, not even a transaction.
    if (this.state.get(peopleKey) === null) return false
    return this.db.transaction(() => this.indexPeople())()
  }

  /**
   * The same at the end of a pull, in two turns with `between` (the console answered) after the first: the
   * timeline, then the tickets with the events logged in between. Events are only ever added, so those
   * past the first turn's last are all that turn missed; tickets change, so theirs is rebuilt whole.
   * Stopped between the turns, the mark stays and the desk rebuilds both as it next opens.
   */
  async catchUpInTurns(between: () => Promise<void>): Promise<void> {
    if (!this.deferred()) return void this.catchUpPeople()
    // A pull without a ticket (a team of people only) ends with the requesters still deferred: the first turn makes theirs.
    const upTo = this.db.transaction(() => {
      this.indexPeople()
      return this.indexEvents()
    })()
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

  /** Rebuilds the requesters' index if it was deferred, and lets its triggers work again; whether it was. */
  private indexPeople(): boolean {
    if (this.state.get(peopleKey) === null) return false
    this.db.exec("INSERT INTO people_fts (people_fts) VALUES ('rebuild')")
    this.state.delete(peopleKey)
    return true
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
