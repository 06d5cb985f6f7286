import type { Database, Statement } from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import type { Person } from '../../../shared/domain'
import type { Mutation, SyncEvent, TicketChange } from '../../../shared/sync'
import { receive, tick } from '../desk/hlc'

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
  private readonly state: Statement<[string], { value: string }>
  private readonly setState: Statement<[string, string]>
  private client: string | undefined

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (@mutation_id, @kind, @payload, @created_at)')
    this.count = db.prepare('SELECT count(*) AS n FROM outbox')
    this.state = db.prepare('SELECT value FROM sync_state WHERE key = ?')
    this.setState = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value')
  }

  /** This install's id: the node in every clock stamp and the client id the server knows it by. */
  clientId(): string {
    if (this.client) return this.client
    this.client = this.state.get('client_id')?.value
    if (!this.client) this.setState.run('client_id', (this.client = uuidv7()))
    return this.client
  }

  /** After seeing a stamp from the server: this desk's next change sorts after it. */
  observe(remote: string, wallMs: number): void {
    this.setState.run('hlc', receive(this.state.get('hlc')?.value ?? null, remote, wallMs, this.clientId()))
  }

  /** The next stamp of this desk's clock: later than every stamp it has made or seen. */
  stamp(at: string): string {
    const hlc = tick(this.state.get('hlc')?.value ?? null, Date.parse(at), this.clientId())
    this.setState.run('hlc', hlc)
    return hlc
  }

  append(kind: string, change: ChangeRecord, at: string): void {
    const hlc = this.stamp(at)
    const payload: Omit<Mutation, 'seq' | 'mutationId' | 'kind'> = { hlc, ...change }
    this.insert.run({ mutation_id: uuidv7(), kind, payload: JSON.stringify(payload), created_at: at })
  }

  pending(): number {
    return this.count.get()?.n ?? 0
  }
}
