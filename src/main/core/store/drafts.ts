import type { Database } from 'better-sqlite3'
import { DeskError } from '../../../shared/errors'
import { draftHasContent } from '../../../shared/draft-content'
import type { DraftFields, TicketDraft } from '../../../shared/drafts'

interface DraftRow {
  visibility: 'public' | 'internal'
  body: string
  minutes: number | null
  eta: string | null
  saved_at: string
}

/**
 * The composer's unsent text per ticket (`ticket_drafts`, desk migration 14). Local to this desk:
 * nothing here goes to the outbox, so a draft never reaches the desk server or another technician.
 */
export class DraftStore {
  private readonly read
  private readonly upsert
  private readonly remove
  private readonly ids
  private readonly ticketExists

  constructor(db: Database, private readonly now: () => Date) {
    this.read = db.prepare('SELECT visibility, body, minutes, eta, saved_at FROM ticket_drafts WHERE ticket_id = ?')
    this.upsert = db.prepare(`
      INSERT INTO ticket_drafts (ticket_id, visibility, body, minutes, eta, saved_at) VALUES (@id, @visibility, @body, @minutes, @eta, @savedAt)
      ON CONFLICT (ticket_id) DO UPDATE SET visibility = excluded.visibility, body = excluded.body, minutes = excluded.minutes, eta = excluded.eta, saved_at = excluded.saved_at`)
    this.remove = db.prepare('DELETE FROM ticket_drafts WHERE ticket_id = ?')
    this.ids = db.prepare('SELECT ticket_id FROM ticket_drafts ORDER BY saved_at DESC').pluck()
    this.ticketExists = db.prepare('SELECT 1 FROM tickets WHERE id = ?').pluck()
  }

  get(ticketId: string): TicketDraft | null {
    const row = this.read.get(ticketId) as DraftRow | undefined
    return row ? { visibility: row.visibility, body: row.body, minutes: row.minutes, eta: row.eta, savedAt: row.saved_at } : null
  }

  /** Keeps the draft, or removes it when the composer was emptied; answers whether one is kept. */
  save(ticketId: string, fields: DraftFields): { kept: boolean } {
    if (!draftHasContent(fields)) {
      this.clear(ticketId)
      return { kept: false }
    }
    if (!this.ticketExists.get(ticketId)) throw new DeskError('NOT_FOUND', 'That ticket is not on this desk.')
    this.upsert.run({ id: ticketId, ...fields, savedAt: this.now().toISOString() })
    return { kept: true }
  }

  clear(ticketId: string): void {
    this.remove.run(ticketId)
  }

  /** The tickets with a draft, latest saved first: the queue's pencil. */
  ticketIds(): string[] {
    return this.ids.all() as string[]
  }
}
