import type { Database, Statement } from 'better-sqlite3'

/** The owner of `sync_notices`: on a ticket, which of this technician's edits lost to a later one, until dismissed. */
export class SyncNotices {
  private readonly adding: Statement<[string, string, string]>
  private readonly dismissing: Statement<[number], { ticket_id: string }>
  private readonly listing: Statement<[string], { id: number; message: string; at: string }>

  constructor(db: Database) {
    // Only for a ticket this desk has: a notice about one it never saw would show nowhere.
    this.adding = db.prepare('INSERT INTO sync_notices (ticket_id, message, at) SELECT id, ?, ? FROM tickets WHERE id = ?')
    this.dismissing = db.prepare('DELETE FROM sync_notices WHERE id = ? RETURNING ticket_id')
    this.listing = db.prepare('SELECT id, message, at FROM sync_notices WHERE ticket_id = ? ORDER BY id')
  }

  add(ticketId: string, message: string, at: string): void {
    this.adding.run(message, at, ticketId)
  }

  /** The ticket it was on, or null when it was already gone. */
  dismiss(id: number): string | null {
    return this.dismissing.get(id)?.ticket_id ?? null
  }

  forTicket(ticketId: string): Array<{ id: number; message: string; at: string }> {
    return this.listing.all(ticketId)
  }
}
