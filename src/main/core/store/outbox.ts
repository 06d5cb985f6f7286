import type { Database, Statement } from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import type { Person } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import type { Mutation, PersonChange, SyncEvent, SyncStatus, TicketChange } from '../../../shared/sync'
import { runsAhead, tick } from '../../../shared/hlc'
import type { DeskClock } from './desk-clock'
import { describeRefused } from './refused-change'

/** What a change recorded, before the outbox numbers and stamps it. */
export interface ChangeRecord {
  tickets: TicketChange[]
  events: SyncEvent[]
  people: Person[]
  personChanges?: PersonChange[]
}

/**
 * What a queued change did, as the outbox, the unsent-work export and the server's change log name it.
 * A record of a write (`ticket.comment`: a reply or note was added), not the contract method that asked
 * for it (`tickets.comment`). The server checks the change itself, never this label.
 */
export type ChangeKind =
  | 'person.update'
  | `ticket.${'create' | 'update' | 'dismissRecurring' | 'decideChange' | 'overridePriority' | 'setStatus' | 'assign' | 'escalate' | 'comment' | 'attachInventory' | 'remoteSession' | 'articleUsed' | 'logTime' | 'link' | 'merge' | 'recordSatisfaction'}`

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
  private readonly batch: Statement<[number], OutboxRow>
  private readonly refusedRows: Statement<[], OutboxRow & { refused_code: string; refused_reason: string }>
  private readonly refusedRow: Statement<[string], OutboxRow>
  private readonly remove: Statement<[number]>
  private readonly markRefused: Statement<[string, string, number]>
  private readonly requeue: Statement<[string, string, string, string]>
  private readonly unrefusedPayloads: Statement<[], { payload: string }>
  private readonly everything: Statement<[], OutboxRow & { refused_code: string | null; refused_reason: string | null }>
  private readonly ticketNumber: Statement<[string], string>

  constructor(
    private readonly db: Database,
    /** The desk's one clock: every stamp on this desk comes from it. */
    readonly clock: DeskClock
  ) {
    this.insert = db.prepare('INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (@mutation_id, @kind, @payload, @created_at)')
    this.count = db.prepare('SELECT count(*) AS n FROM outbox')
    this.batch = db.prepare('SELECT seq, mutation_id, kind, payload, created_at FROM outbox WHERE refused_code IS NULL ORDER BY seq LIMIT ?')
    this.refusedRow = db.prepare('SELECT seq, mutation_id, kind, payload, created_at FROM outbox WHERE mutation_id = ? AND refused_code IS NOT NULL')
    this.remove = db.prepare('DELETE FROM outbox WHERE seq = ?')
    this.markRefused = db.prepare('UPDATE outbox SET refused_code = ?, refused_reason = ? WHERE seq = ?')
    this.requeue = db.prepare('INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (?, ?, ?, ?)')
    this.refusedRows = db.prepare('SELECT seq, mutation_id, kind, payload, created_at, refused_code, refused_reason FROM outbox WHERE refused_code IS NOT NULL ORDER BY seq')
    this.unrefusedPayloads = db.prepare('SELECT payload FROM outbox WHERE refused_code IS NULL')
    this.everything = db.prepare('SELECT seq, mutation_id, kind, payload, created_at, refused_code, refused_reason FROM outbox ORDER BY seq')
    this.ticketNumber = db.prepare<[string], string>('SELECT number FROM tickets WHERE id = ?').pluck()
  }

  /** Every entry, refused ones too, in order: for an export before a wipe, and for rebuilding after a recovery. */
  all(): Array<OutboxRow & { refused_code: string | null; refused_reason: string | null }> {
    return this.everything.all()
  }

  /** The next changes to send, oldest first, leaving out refused ones. */
  next(limit: number): OutboxRow[] {
    return this.batch.all(limit)
  }

  /** The server has answered for it (applied, or seen before): only now may it go. */
  acknowledge(seq: number): void {
    this.remove.run(seq)
  }

  refuse(seq: number, code: string, reason: string): void {
    this.markRefused.run(code, reason, seq)
  }

  /** Each refused change with the ticket's number as it is now (the server may have renumbered it since). */
  refused(): SyncStatus['refused'] {
    return this.refusedRows.all().map((r) => {
      const { ticketId, change } = describeRefused(r.payload)
      const ticketNumber = ticketId ? (this.ticketNumber.get(ticketId) ?? null) : null
      return { mutationId: r.mutation_id, kind: r.kind, code: r.refused_code, reason: r.refused_reason, createdAt: r.created_at, ticketId, ticketNumber, change }
    })
  }

  /** Sent again at the end of the queue, under a new sequence: the server has counted the old one as seen. */
  retry(mutationId: string): void {
    this.db.transaction(() => {
      const row = this.refusedRow.get(mutationId)
      if (!row) throw new DeskError('NOT_FOUND', 'No refused change with that id.')
      this.remove.run(row.seq)
      this.requeue.run(row.mutation_id, row.kind, row.payload, row.created_at)
    })()
  }

  discard(mutationId: string): void {
    const row = this.refusedRow.get(mutationId)
    if (!row) throw new DeskError('NOT_FOUND', 'No refused change with that id.')
    this.remove.run(row.seq)
  }

  /** Per ticket or requester id, the fields an unsent change set: a pull keeps their local values until the server has merged them. */
  pendingFields(): Map<string, Set<string>> {
    const pending = new Map<string, Set<string>>()
    for (const row of this.unrefusedPayloads.all()) {
      const { tickets, personChanges = [] } = JSON.parse(row.payload) as Pick<Mutation, 'tickets' | 'personChanges'>
      for (const t of [...tickets, ...personChanges]) {
        const set = pending.get(t.id) ?? new Set<string>()
        for (const field of Object.keys(t.fields)) set.add(field)
        pending.set(t.id, set)
      }
    }
    return pending
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

  /** The newest entry's number (0 when empty): with dropAfter, what a batch of local-only writes queued is let go. */
  lastSeq(): number {
    return this.db.prepare('SELECT coalesce(max(seq), 0) FROM outbox').pluck().get() as number
  }

  /** The sample desk is this desk's own, never the team's: what writing it queued is dropped. */
  dropAfter(seq: number): void {
    this.db.prepare('DELETE FROM outbox WHERE seq > ?').run(seq)
  }

  append(kind: ChangeKind, change: ChangeRecord, at: string): void {
    const hlc = this.clock.stamp(at)
    const payload: Omit<Mutation, 'seq' | 'mutationId' | 'kind'> = { hlc, ...change }
    this.insert.run({ mutation_id: uuidv7(), kind, payload: JSON.stringify(payload), created_at: at })
  }

  pending(): number {
    return this.count.get()?.n ?? 0
  }
}
