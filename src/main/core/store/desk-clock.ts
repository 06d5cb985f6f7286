import type { Database } from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import { receive, runsAhead, tick } from '../../../shared/hlc'
import { SyncState } from './sync-state'

/**
 * The desk's one hybrid logical clock (created once per open desk file): every stamp this desk puts
 * on a ticket change, an asset field or an article version comes from it, in order. Stamps follow this
 * computer's clock and whatever later stamps the desk has seen; what counts as "too far ahead" is judged
 * by the desk server's time once it is known, so a slow clock still follows the team and a fast one is
 * put right before its changes go (Outbox.restampAhead). Its state lives in `sync_state` (client_id, hlc).
 */
export class DeskClock {
  private readonly state: SyncState
  private client: string | undefined
  /** The desk server's clock minus this computer's, from its last answer. */
  private offset = 0

  constructor(db: Database) {
    this.state = new SyncState(db)
  }

  /** This install's id: the node in every clock stamp and the client id the server knows it by. */
  clientId(): string {
    if (this.client) return this.client
    this.client = this.state.get('client_id') ?? undefined
    if (!this.client) this.state.set('client_id', (this.client = uuidv7()))
    return this.client
  }

  /** From the desk server's Date header. */
  followServerClock(offsetMs: number): void {
    this.offset = offsetMs
  }

  /** This computer's time, as the desk server would read it. */
  corrected(localMs: number): number {
    return localMs + this.offset
  }

  /** After seeing a stamp from the server: this desk's next change sorts after it (unless it runs ahead of any sane clock). */
  observe(remote: string, localMs: number): void {
    if (runsAhead(remote, this.corrected(localMs))) return
    this.state.set('hlc', receive(this.last(localMs), remote, localMs, this.clientId()))
  }

  /** The next stamp: later than every stamp this desk has made or seen. */
  stamp(at: string): string {
    const wall = Date.parse(at)
    const hlc = tick(this.last(wall), wall, this.clientId())
    this.state.set('hlc', hlc)
    return hlc
  }

  /** True for a stamp the desk server would refuse as too far ahead of its clock. */
  runsAhead(stamp: string, localMs: number): boolean {
    return runsAhead(stamp, this.corrected(localMs))
  }

  /** A new stamp at the desk server's time, for a record a fast clock stamped ahead; the clock goes on from it. */
  restamp(localMs: number): string {
    const hlc = tick(this.last(localMs), this.corrected(localMs), this.clientId())
    this.state.set('hlc', hlc)
    return hlc
  }

  /** After unsent changes were stamped again: the clock goes on from the last of them. */
  restartAfter(stamp: string): void {
    this.state.set('hlc', stamp)
  }

  /** The last stamp; one that ran ahead (an earlier version followed a bad clock) is let go, as the server would refuse it. */
  private last(localMs: number): string | null {
    const last = this.state.get('hlc')
    return last && runsAhead(last, this.corrected(localMs)) ? null : last
  }
}
