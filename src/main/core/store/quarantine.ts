import type { Database, Statement } from 'better-sqlite3'

export type QuarantineKind = 'person' | 'ticket' | 'event' | 'asset' | 'snapshot' | 'article version' | 'team directory'

/**
 * What the desk server sent that this desk could not apply, kept whole with the reason (the owner of
 * `sync_quarantine`). One bad row never stops a pull: it is set aside, said in the status bar, and the
 * rest of the page applies.
 */
export class Quarantine {
  private readonly insert: Statement<[string, string | null, string, string, string]>
  private readonly counting: Statement<[], { n: number }>

  constructor(db: Database, private readonly now: () => Date) {
    this.insert = db.prepare('INSERT INTO sync_quarantine (kind, row_id, row, reason, at) VALUES (?, ?, ?, ?, ?)')
    this.counting = db.prepare('SELECT count(*) AS n FROM sync_quarantine')
  }

  hold(kind: QuarantineKind, row: unknown, reason: string): void {
    const id = row && typeof row === 'object' && typeof (row as { id?: unknown }).id === 'string' ? (row as { id: string }).id : null
    this.insert.run(kind, id, JSON.stringify(row) ?? 'null', reason.slice(0, 500), this.now().toISOString())
  }

  count(): number {
    return this.counting.get()?.n ?? 0
  }
}
