import type { Database } from 'better-sqlite3'
import type { SearchHit, Ticket } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import type { DeskEvents } from '../platform/events'
import type { Outbox } from '../store/outbox'
import type { PullApplier } from '../store/pulled-changes'
import type { TicketReads } from '../store/ticket-reads'
import type { DeskSession } from './desk-session'
import { ServerUnreachable, type ServerClient } from './server-client'

/** How long a search waits for the server's older tickets before answering with the desk's own. */
const searchWaitMs = 1_500
/** How long a late answer is kept for the same search asked again (the console asks once it is told). */
const lateKeepMs = 60_000

/** Thrown to roll a look at server rows back: they are shown, not kept. */
class OnlyALook extends Error {}

interface Deps {
  db: Database
  applier: PullApplier
  reads: TicketReads
  outbox: Outbox
  events: DeskEvents
  now: () => Date
}

/**
 * Older tickets a desk's pull window left on the desk server: opened (fetched whole and applied as a
 * pulled page, so they land like any pulled ticket and stay) and searched for (merged after the desk's
 * own hits, marked as on the server, not kept until opened).
 */
export class RemoteTickets {
  constructor(
    private readonly deps: Deps,
    private readonly server: ServerClient,
    private readonly session: DeskSession,
    /** The desk's window in days; 0 keeps everything, so nothing is on the server alone. */
    private readonly windowDays: () => number
  ) {}

  /** The search asked last, and a server answer to it that came after the wait. */
  private lastAsked = ''
  private late: { key: string; at: number; tickets: unknown[] } | null = null

  /** Fetches a ticket this desk lacks and applies it; a typed NOT_FOUND says why when it cannot. */
  async open(id: string): Promise<void> {
    const url = this.session.serverUrl()
    const token = this.session.token()
    if (!url || !token) throw new DeskError('NOT_FOUND', 'No such ticket on this desk.')
    try {
      await this.fetch(url, token, id)
    } catch (error) {
      if (error instanceof ServerUnreachable) {
        throw new DeskError('NOT_FOUND', 'This ticket is not on this desk: it is probably an older ticket kept on the desk server. Connect to the desk server to open it.')
      }
      if (error instanceof DeskError && error.code === 'NOT_FOUND') throw new DeskError('NOT_FOUND', 'No such ticket on this desk or on the desk server.')
      throw error
    }
  }

  /** The ticket and its whole timeline from the server, applied like a pulled page. */
  async fetch(url: string, token: string, id: string): Promise<void> {
    const page = await this.server.call(url, token, 'GET /api/tickets/:id', { params: { id } })
    const { applier, outbox, events, now } = this.deps
    const applied = applier.apply(page, outbox.pendingFields())
    if (applied.latest) outbox.clock.observe(applied.latest, now().getTime())
    if (applied.touched.length) events.emit('tickets.changed', { ids: applied.touched })
  }

  /**
   * The desk's own hits, then (signed in, with a window) the server's older tickets the desk lacks, marked
   * `onServer`. The server gets a moment: offline, the desk's hits come alone; slow, they come first,
   * and when the server's answer does come the console is told (`tickets.changed`) and asks again.
   */
  async search(text: string, limit: number): Promise<SearchHit[]> {
    const { reads } = this.deps
    const local = reads.searchText(text, limit)
    const url = this.session.serverUrl()
    const token = this.session.token()
    const window = this.windowDays()
    if (!url || !token || window === 0 || local.length >= limit) return local
    const key = JSON.stringify([url, window, limit, text])
    this.lastAsked = key
    const kept = this.late
    if (kept?.key === key && this.deps.now().getTime() - kept.at < lateKeepMs) return this.merged(local, kept.tickets, text, limit)
    let timer: NodeJS.Timeout | undefined
    const asked = this.server.call(url, token, 'GET /api/tickets/search', { query: { q: text, window, limit: Math.min(20, limit) } })
    const waited = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), searchWaitMs)))
    const answer = await Promise.race([asked, waited]).catch(() => null).finally(() => clearTimeout(timer))
    if (answer) return this.merged(local, answer.tickets, text, limit)
    // Late, not lost: kept, and the console told, while this is still the search on screen. A failed one is nobody's concern.
    asked.then(
      (late) => {
        if (this.lastAsked !== key) return
        this.late = { key, at: this.deps.now().getTime(), tickets: late.tickets }
        this.deps.events.emit('tickets.changed', { ids: [] })
      },
      () => undefined
    )
    return local
  }

  /** The desk's hits, then the server's rows it does not hold, read as the desk reads its own. */
  private merged(local: SearchHit[], tickets: unknown[], text: string, limit: number): SearchHit[] {
    const { reads } = this.deps
    const shown = new Set(local.map((h) => h.ticket.id))
    const rows = tickets.filter((row) => {
      const id = (row as { id?: unknown } | null)?.id
      return typeof id === 'string' && !shown.has(id) && !reads.has(id)
    })
    return [...local, ...this.look(rows).map((ticket) => reads.hitFor(ticket, text))].slice(0, limit)
  }

  /**
   * Server rows as tickets, read the way the desk reads its own (requester, group, SLA): applied in a
   * transaction that is then rolled back, so nothing stays and every rule of the pull still judges them.
   */
  private look(rows: unknown[]): Ticket[] {
    if (rows.length === 0) return []
    const { db, applier, reads } = this.deps
    let tickets: Ticket[] = []
    let ids: string[] = []
    try {
      db.transaction(() => {
        ids = applier.apply({ cursor: 0, more: false, agents: [], people: [], tickets: rows, events: [] }, new Map()).touched
        tickets = reads.many(ids)
        throw new OnlyALook()
      })()
    } catch (error) {
      if (!(error instanceof OnlyALook)) throw error
    } finally {
      applier.forgetPartial(ids)
    }
    return tickets
  }
}
