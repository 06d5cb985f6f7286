import type { Database } from 'better-sqlite3'
import { setImmediate } from 'node:timers/promises'
import { Mutation, pullPageSize, type PullPage, type PushResponse, type SyncedField } from '../../../shared/sync'
import type { DeskEvents } from '../platform/events'
import type { Outbox } from '../store/outbox'
import type { SyncNotices } from '../store/sync-notices'
import type { SyncState } from '../store/sync-state'
import type { PullApplier } from '../store/pulled-changes'
import type { SearchDeferral } from '../store/search-deferral'
import type { WalCheckpointer } from '../store/wal-checkpointer'
import { refetchable } from '../store/database'
import { joinSlices, pageSlices } from './page-slices'
import type { ServerClient } from './server-client'

const pushBatch = 200
// A page is written in slices, each its own transaction of about this long: what a queue page may wait for during a sync.
const sliceMs = 25
const rowsPerPiece = 50

const fieldLabel: Partial<Record<SyncedField, string>> = {
  subject: 'Subject',
  description: 'Description',
  status: 'Status',
  impact: 'Impact',
  urgency: 'Urgency',
  priority: 'Priority',
  group_id: 'Group',
  assignee_id: 'Assignee',
  category: 'Category',
  type: 'Type'
}

export interface TicketSyncDeps {
  db: Database
  outbox: Outbox
  applier: PullApplier
  notices: SyncNotices
  state: SyncState
  server: ServerClient
  events: DeskEvents
  now: () => Date
  /** After each push batch and pull page: the status bar follows. */
  progress(done: number, more: boolean): void
  /** The team's directory: the version held (sent with each pull), and a newer one received whole. */
  team?: { version(): number; receive(directory: unknown): void }
  /** Days of closed tickets the desk keeps, sent with each pull (0: all). */
  window?: () => number
  /** Aborted once the desk file is closing: no slice is written after that. */
  closing: AbortSignal
  /** Ticket and timeline search, indexed once at the end of a pull from the start rather than slice by slice. */
  search: SearchDeferral
  /** Copies the write-ahead log into the desk file off this thread while a pull of several pages writes. */
  checkpoints?: () => WalCheckpointer | null
}

const kindOf = (piece: PullPage): 'people' | 'tickets' => (piece.tickets.length ? 'tickets' : 'people')

/**
 * Tickets both ways: the outbox pushed in order (an entry goes only once the server has answered for
 * it; a refused one stays, marked, for Retry or Discard), then everyone's changes pulled by cursor.
 */
export class TicketSync {
  /**
   * How many pieces of 50 rows the last slice of their kind could write in `sliceMs`; a sync starts with one.
   * People alone (a first page's directory, written ahead) cost a fraction of tickets with their events: sized
   * together, the first ticket slice after them took 10 pieces and 100 ms.
   */
  private readonly piecesPerSlice = { people: 1, tickets: 1 }

  constructor(private readonly deps: TicketSyncDeps) {}

  async push(url: string, token: string): Promise<void> {
    const { outbox, server, db, now } = this.deps
    const clientId = outbox.clientId()
    outbox.restampAhead(now().getTime())
    for (let rows = outbox.next(pushBatch); rows.length; rows = outbox.next(pushBatch)) {
      const mutations = rows.map((r) => Mutation.parse({ seq: r.seq, mutationId: r.mutation_id, kind: r.kind, ...(JSON.parse(r.payload) as object) }))
      const answer = await server.call(url, token, 'POST /api/sync/push', { body: { clientId, mutations } })
      db.transaction(() => {
        for (const result of answer.results) {
          if (result.superseded?.length) this.notice(result.superseded)
          if (result.status === 'refused') outbox.refuse(result.seq, result.code ?? 'CONFLICT', result.reason ?? 'Refused by the desk server.')
          else outbox.acknowledge(result.seq)
        }
      })()
      this.deps.progress(0, true)
    }
  }

  async pull(url: string, token: string): Promise<void> {
    const windowed = (days: number) => (days > 0 ? { window: days } : {})
    const { applier, outbox, server, state, events, now } = this.deps
    let cursor = Number(state.get('cursor') ?? 0)
    let done = 0
    const ask = (from: number) => {
      const team = this.deps.team
      const asked = server.call(url, token, 'GET /api/sync/pull', { query: { cursor: from, limit: pullPageSize, ...windowed(this.deps.window?.() ?? 0), ...(team ? { team: team.version() } : {}) } })
      // Awaited in its turn; until then a failure must not count as unhandled.
      asked.catch(() => undefined)
      return asked
    }
    // Between slices (and the search catch-up's turns) the desk answers whoever is waiting: the console's queue, a technician's save.
    const giveWay = async () => {
      await setImmediate()
      this.deps.closing.throwIfAborted()
    }
    let next = ask(cursor)
    // A pull of several pages copies the log into the file off this thread (a first sync, a desk long offline).
    let copier: WalCheckpointer | null = null
    try {
      for (;;) {
        const page = await next
        // A first sync of more than a page (or the whole history again after the window widened): search is indexed
        // once, at its end. Not for a single page: an empty team keeps a desk at cursor 0, every round.
        if (cursor === 0 && page.more) this.deps.search.defer()
        // Groups and technicians first: the tickets in the page may name them.
        if (page.team !== undefined) this.deps.team?.receive(page.team)
        // The next page is asked for before this one is written: the server and the network work while the desk writes.
        if (page.more) next = ask(page.cursor)
        if (page.more && !copier) copier = this.deps.checkpoints?.() ?? null
        const touched = new Set<string>()
        done += page.people.length + page.tickets.length + page.events.length
        const pieces: Array<PullPage | null> = pageSlices(page, rowsPerPiece)
        // Rows are let go as their slice is written: held by the page until its end, they outlived two collections of
        // the young generation and were carried into the old one, which grew by whole pages before it was swept.
        // (A page small enough to be one slice is its own slice.)
        if (pieces[0] !== page) page.agents = page.people = page.tickets = page.events = []
        for (let at = 0; at < pieces.length; ) {
          if (at > 0) await giveWay()
          if (copier) {
            await copier.keepUp()
            this.deps.closing.throwIfAborted()
          }
          // Pieces of one kind to a slice; a page's last slice may hold fewer pieces than the size asked for.
          const kind = kindOf(pieces[at]!)
          // The directory has landed: the requester picker's index is made now, a turn of its own, not at the sync's end.
          if (kind === 'tickets' && this.deps.search.catchUpPeople()) await giveWay()
          let count = 1
          while (count < this.piecesPerSlice[kind] && at + count < pieces.length && kindOf(pieces[at + count]!) === kind) count++
          const slice = joinSlices(pieces.slice(at, at + count) as PullPage[])
          pieces.fill(null, at, at + count)
          at += count
          const started = performance.now()
          // Read again each slice: an edit made meanwhile keeps its fields from the page's older values.
          // With the slice, in its transaction: the desk's clock is never behind a stamp the desk holds, and the slice's
          // commit is the only one (a commit of its own at FULL was an fsync a slice, 660 in a 30,000-ticket first sync).
          const applied = refetchable(this.deps.db, () =>
            this.deps.db.transaction(() => {
              const result = applier.apply(slice, outbox.pendingFields())
              // Later than anything seen: this desk's next edit sorts after the server's latest.
              if (result.latest) outbox.clock.observe(result.latest, now().getTime())
              return result
            })()
          )
          // As many pieces as fit the time a queue page may wait, whatever this machine's speed or load;
          // growing at most twofold, so one quick slice does not size the next at many times the goal.
          const took = Math.max(1, performance.now() - started)
          this.piecesPerSlice[kind] = Math.min(40, 2 * count, Math.max(1, Math.floor((count * sliceMs) / took)))
          copier?.written()
          applied.touched.forEach((id) => touched.add(id))
        }
        cursor = page.cursor
        // Also a pull that resumed one cut short (the desk was closed, the server went away): whatever was deferred.
        if (!page.more) await this.deps.search.catchUpInTurns(giveWay)
        // Not waiting for the disk either: lost to a power cut, so is everything after it, and its page is pulled again.
        refetchable(this.deps.db, () => state.set('cursor', String(cursor)))
        if (touched.size) events.emit('tickets.changed', { ids: [...touched] })
        this.deps.progress(done, page.more)
        if (!page.more) return
      }
    } finally {
      await copier?.end()
    }
  }

  /** Tells the technician, on the ticket, which of their edits lost to a later one and whose. */
  private notice(superseded: NonNullable<PushResponse['results'][number]['superseded']>): void {
    const byTicket = new Map<string, typeof superseded>()
    // Bookkeeping fields (updated_at and the like) have no label and are not worth a word.
    for (const s of superseded.filter((x) => fieldLabel[x.field])) byTicket.set(s.ticketId, [...(byTicket.get(s.ticketId) ?? []), s])
    for (const [ticketId, list] of byTicket) {
      // Priority follows impact and urgency; naming the fields a person set is enough.
      const fields = [...new Set(list.map((s) => fieldLabel[s.field]!))]
      const who = [...new Set(list.map((s) => s.by ?? 'someone on another desk'))].join(' and ')
      this.deps.notices.add(ticketId, `${fields.join(', ')} changed by ${who} after your edit; their value was kept.`, this.deps.now().toISOString())
    }
    this.deps.events.emit('tickets.changed', { ids: [...byTicket.keys()] })
  }
}
