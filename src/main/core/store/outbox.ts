import type { Database, Statement } from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import type { Person } from '../../../shared/domain'
import type { Mutation, SyncEvent, TicketChange } from '../../../shared/sync'
import { runsAhead, tick } from '../../../shared/hlc'
import type { DeskClock } from './desk-clock'

/** What a change recorded, before the outbox numbers and stamps it. */
export interface ChangeRecord {
  tickets: TicketChange[]
  events: SyncEvent[]
  people: Person[]
}

export interface OutboxRow {
  seq: number
  mutation_id: string
  kind: string
  payload: string
  created_at: string
}

/**
 * Pending mutations for the desk server, appended inside the same transaction as the change itself,
 * each stamped with this desk's hybrid logical clock so the server can merge field by field.
 */
export class Outbox {
  private readonly insert: Statement<{ mutation_id: string; kind: string; payload: string; created_at: string }>
  private readonly count: Statement<[], { n: number }>

  constructor(
    private readonly db: Database,
    /** The desk's one clock: every stamp on this desk comes from it. */
    readonly clock: DeskClock
  ) {
    this.insert = db.prepare('INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (@mutation_id, @kind, @payload, @created_at)')
    this.count = db.prepare('SELECT count(*) AS n FROM outbox')
  }

  clientId(): string {
    return this.clock.clientId()
  }

  /**
   * Before a push, with the desk server's time: unsent changes stamped ahead of it (this computer's
   * clock runs fast) are stamped again from the server's time, in their order, so the server takes them
   * rather than refusing stamps from the future. Changes before the first such one keep their stamps.
   */
  restampAhead(localMs: number): number {
    const serverNowMs = this.clock.corrected(localMs)
    const rows = this.db.prepare('SELECT seq, payload FROM outbox WHERE refused_code IS NULL ORDER BY seq').all() as Array<{ seq: number; payload: string }>
    const first = rows.findIndex((r) => runsAhead((JSON.parse(r.payload) as { hlc: string }).hlc, serverNowMs))
    if (first < 0) return 0
    const update = this.db.prepare('UPDATE outbox SET payload = ? WHERE seq = ?')
    this.db.transaction(() => {
      let last = first > 0 ? (JSON.parse(rows[first - 1]!.payload) as { hlc: string }).hlc : null
      for (const row of rows.slice(first)) {
        const payload = JSON.parse(row.payload) as { hlc: string }
        last = tick(last, serverNowMs, this.clock.clientId())
        update.run(JSON.stringify({ ...payload, hlc: last }), row.seq)
      }
      this.clock.restartAfter(last!)
    })()
    return rows.length - first
  }

  append(kind: string, change: ChangeRecord, at: string): void {
    const hlc = this.clock.stamp(at)
    const payload: Omit<Mutation, 'seq' | 'mutationId' | 'kind'> = { hlc, ...change }
    this.insert.run({ mutation_id: uuidv7(), kind, payload: JSON.stringify(payload), created_at: at })
  }

  pending(): number {
    return this.count.get()?.n ?? 0
  }
}
