import type { Database, Statement } from 'better-sqlite3'

/**
 * The owner of `sync_state`: this desk's sync bookkeeping as keys and values (client id, clock,
 * cursors, when it last synced). Never carried into a recovered desk file: sync starts over there.
 */
export class SyncState {
  private readonly reading: Statement<[string], { value: string }>
  private readonly writing: Statement<[string, string]>
  private readonly dropping: Statement<[string]>

  constructor(private readonly db: Database) {
    this.reading = db.prepare('SELECT value FROM sync_state WHERE key = ?')
    this.writing = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value')
    this.dropping = db.prepare('DELETE FROM sync_state WHERE key = ?')
  }

  get(key: string): string | null {
    return this.reading.get(key)?.value ?? null
  }

  set(key: string, value: string): void {
    this.writing.run(key, value)
  }

  /** `secure` overwrites the freed space too, for a value that must not linger in the file (an old token). */
  delete(key: string, { secure = false } = {}): void {
    if (!secure) return void this.dropping.run(key)
    this.db.pragma('secure_delete = ON')
    try {
      this.dropping.run(key)
    } finally {
      this.db.pragma('secure_delete = OFF')
    }
  }
}
