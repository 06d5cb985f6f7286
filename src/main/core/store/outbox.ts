import type { Database, Statement } from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'

/** Pending mutations for the desk server, appended inside the same transaction as the change itself. */
export class Outbox {
  private readonly insert: Statement<{ mutation_id: string; kind: string; payload: string; created_at: string }>
  private readonly count: Statement<[], { n: number }>

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (@mutation_id, @kind, @payload, @created_at)')
    this.count = db.prepare('SELECT count(*) AS n FROM outbox')
  }

  append(kind: string, payload: unknown, at: string): void {
    this.insert.run({ mutation_id: uuidv7(), kind, payload: JSON.stringify(payload), created_at: at })
  }

  pending(): number {
    return this.count.get()?.n ?? 0
  }
}
