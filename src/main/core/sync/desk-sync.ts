import type { Database } from 'better-sqlite3'
import { DeskError } from '../../../shared/errors'
import { defaultPullWindow, PullWindow, type SyncStatus } from '../../../shared/sync'
import type { DeskEvents } from '../platform/events'
import type { Directory } from '../store/directory'
import type { Outbox } from '../store/outbox'
import type { Quarantine } from '../store/quarantine'
import type { PullApplier } from '../store/pulled-changes'
import type { TicketReads } from '../store/ticket-reads'
import { RemoteTickets } from './remote-tickets'
import { ServerClient, ServerUnreachable } from './server-client'
import { checkPeers, tryOrder } from './failover'
import { RecordSync, type RecordSyncDeps } from './record-sync'
import { TicketSync } from './ticket-sync'
import type { TeamSync } from './team-sync'
import { SyncNotices } from '../store/sync-notices'
import { SyncState } from '../store/sync-state'
import { openLiveChannel } from './live-channel'
import { DeskSession } from './desk-session'
import { EnrollmentCalls } from './enrollment-calls'
import { TeamAdminCalls } from './team-admin-calls'
import { AccountCalls } from './account-calls'
import { MailCalls } from './mail-calls'
import { UnsentWork } from './unsent-work'
import { FileTransfer } from './file-transfer'
import type { FileStore } from '../store/file-store'
import type { SearchDeferral } from '../store/search-deferral'
import type { WalCheckpointer } from '../store/wal-checkpointer'
import type { DeskLink } from './desk-link'
import type { SecretStore } from './secret-store'

/** What the desk's sync works with: the desk file's owners, the token and link, and what syncs by record. */
interface Deps extends Pick<RecordSyncDeps, 'snapshots' | 'assets' | 'knowledge'> {
  /** The team's directory from the server: groups, technicians, calendar, SLA targets. */
  team?: TeamSync
  db: Database
  outbox: Outbox
  directory: Directory
  applier: PullApplier
  /** The desk's tickets as the console reads them: for the server's search hits. */
  reads: TicketReads
  quarantine: Quarantine
  events: DeskEvents
  now: () => Date
  fetch?: typeof fetch
  /** Where the device token is kept: the OS keychain in the app, a 0600 file elsewhere. */
  secrets: SecretStore
  /** The server and account, beside the desk file rather than in it. */
  link: DeskLink
  /** Files attached here (uploaded before the changes naming them) and kept from the server. */
  files: FileStore
  /** Ticket and timeline search, indexed once at the end of a first sync. */
  search: SearchDeferral
  /** Copies the write-ahead log into the desk file off this thread while a pull of several pages writes. */
  checkpoints?: () => WalCheckpointer | null
}

/**
 * The desk's link to the desk server: signs in, pushes the outbox in order (deleting an entry only
 * once the server has acknowledged it), pulls by cursor, and keeps a live channel open for nudges.
 * Everything works without it; it only ever catches up.
 */
export class DeskSync {
  private running: Promise<SyncStatus> | null = null
  /** The round asked for while one was running: it starts once that one ends. */
  private again: Promise<SyncStatus> | null = null
  private state: SyncStatus['state'] = 'local'
  private progress: SyncStatus['progress'] = null
  private lastError: string | null = null
  private timer: NodeJS.Timeout | null = null
  private nudge: NodeJS.Timeout | null = null
  /** Closes the live channel while it is open. */
  private live: (() => void) | null = null
  /** Which server last told this desk its peers, and when (desk clock): asked again after a move, or ten minutes on. */
  private peersFrom: string | null = null
  private peersAt = 0
  /** Peers a server named that this desk refused, in words, for the status. */
  private peerWarning: string | null = null
  private readonly server: ServerClient
  /** Aborts every request under way once the desk this sync works on is closing. */
  private readonly closing = new AbortController()
  private readonly fetch: typeof fetch
  private readonly syncState: SyncState
  private readonly tickets: TicketSync
  private readonly records: RecordSync
  private readonly session: DeskSession
  readonly enrollments: EnrollmentCalls
  readonly admin: TeamAdminCalls
  readonly accounts: AccountCalls
  readonly mail: MailCalls
  readonly unsent: UnsentWork
  readonly files: FileTransfer
  /** Older tickets the window leaves on the server: opened and searched for on demand. */
  readonly remote: RemoteTickets

  constructor(private readonly deps: Deps) {
    const { db } = deps
    this.fetch = deps.fetch ?? globalThis.fetch
    this.server = new ServerClient(this.fetch, deps.outbox.clock, deps.now, this.closing.signal)
    const state = (this.syncState = new SyncState(db))
    this.tickets = new TicketSync({
      ...deps,
      notices: new SyncNotices(db),
      state,
      server: this.server,
      window: () => this.window(),
      closing: this.closing.signal,
      progress: (done, more) => {
        if (done) this.progress = { done, more }
        this.publishStatus()
      }
    })
    this.records = new RecordSync({ ...deps, state, server: this.server })
    this.session = new DeskSession(deps, state)
    this.enrollments = new EnrollmentCalls(this.server, this.session, () => void this.syncNow())
    this.admin = new TeamAdminCalls(this.server, this.session, () => void this.syncNow())
    this.mail = new MailCalls(this.server, this.session)
    this.accounts = new AccountCalls(this.server, this.session, () => this.syncNow().catch(() => undefined))
    this.files = new FileTransfer(deps.files, this.server, this.session)
    this.remote = new RemoteTickets(deps, this.server, this.session, () => this.window())
    this.unsent = new UnsentWork(db, deps.outbox, () => deps.link.serverUrl(), deps.now)
    if (this.token()) this.state = 'offline'
  }

  status(): SyncStatus {
    return {
      state: this.token() ? this.state : 'local',
      serverUrl: this.session.serverUrl(),
      account: this.session.account(),
      pending: this.deps.outbox.pending(),
      lastSyncedAt: this.syncState.get('last_synced_at'),
      progress: this.progress,
      lastError: this.lastError,
      refused: this.deps.outbox.refused(),
      quarantined: this.deps.quarantine.count(),
      tokenKeptIn: this.session.tokenKeptIn,
      teamVersion: this.deps.team?.version() ?? 0
    }
  }

  async signIn(serverUrl: string, email: string, password: string, deviceName: string, newPassword?: string): Promise<SyncStatus> {
    const url = serverUrl.replace(/\/+$/, '')
    const signedIn = await this.server.call(url, null, 'POST /api/session', { body: { email, password, deviceName, ...(newPassword ? { newPassword } : {}) } })
    this.session.begin(url, signedIn)
    this.peersFrom = null
    this.peerWarning = null
    this.lastError = null
    this.publishStatus()
    return this.syncNow()
  }

  async signOut(): Promise<SyncStatus> {
    const url = this.session.serverUrl()
    const token = this.token()
    if (url && token) await this.server.call(url, token, 'DELETE /api/session').catch(() => undefined)
    this.session.end()
    this.stopLive()
    this.state = 'local'
    this.publishStatus()
    return this.status()
  }

  /**
   * One round: push everything pending, then pull until caught up. A call while a round runs gets the
   * round after it (one, shared by every such call): the running one may be past its pull already, and a
   * change the live channel announced now would wait for the timer.
   */
  syncNow(): Promise<SyncStatus> {
    if (this.closing.signal.aborted) return Promise.resolve(this.closedStatus())
    if (!this.running) return (this.running = this.round().finally(() => (this.running = null)))
    this.again ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.again = null
        return this.syncNow()
      })
    return this.again
  }

  /** After a local change: push it shortly, once the burst of writes is over (only when the background loop runs). */
  soon(): void {
    if (!this.timer || this.nudge) return
    this.nudge = setTimeout(() => {
      this.nudge = null
      void this.syncNow()
    }, 300)
  }

  /** Days of closed tickets this desk keeps (desk meta `pull_window_days`); 0 keeps them all. */
  window(): number {
    const held = PullWindow.safeParse(Number(this.deps.directory.getMeta('pull_window_days') ?? defaultPullWindow))
    return held.success ? held.data : defaultPullWindow
  }

  /**
   * A wider window (or none) starts the pull over from the beginning: what the narrower one skipped is
   * behind the cursor. Pulled rows merge by id and clock, so the rows the desk has come again harmlessly.
   * The restart is marked and done by the next round's pull, so a round already pulling cannot write its
   * cursor over it. A narrower one removes nothing: tickets the desk holds stay until it is wiped.
   */
  setWindow(days: number): number {
    const was = this.window()
    this.deps.directory.setMeta('pull_window_days', String(days))
    if (was !== 0 && (days === 0 || days > was)) this.syncState.set('pull_from_start', '1')
    if (days !== was) void this.syncNow()
    return days
  }

  retry(mutationId: string): SyncStatus {
    this.deps.outbox.retry(mutationId)
    this.publishStatus()
    void this.syncNow()
    return this.status()
  }

  discard(mutationId: string): SyncStatus {
    this.deps.outbox.discard(mutationId)
    this.publishStatus()
    return this.status()
  }

  /** Syncs now and every `intervalMs`, and whenever the server's live channel says something changed. */
  start(intervalMs = 30_000): void {
    if (!this.token() || this.timer) return
    void this.syncNow()
    this.timer = setInterval(() => void this.syncNow(), intervalMs)
    this.timer.unref()
    this.openLive()
  }

  /**
   * For good: the desk file is about to close (a recovery, a wipe, the app quitting). Requests under
   * way are aborted; the promise settles once the round that was running has let go of the file.
   */
  async close(): Promise<void> {
    this.stop()
    this.closing.abort()
    await this.running?.catch(() => undefined)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    if (this.nudge) clearTimeout(this.nudge)
    this.timer = null
    this.nudge = null
    this.stopLive()
  }

  private async round(): Promise<SyncStatus> {
    const url = this.session.serverUrl()
    const token = this.token()
    if (!url || !token) return this.status()
    this.state = 'syncing'
    this.publishStatus()
    try {
      await this.onAnyServer(url, token)
      this.syncState.set('last_synced_at', this.deps.now().toISOString())
      this.state = 'online'
      // Online, with anything that could not be sent still said.
      this.lastError = this.records.warning ?? this.deps.team?.notice ?? this.peerWarning ?? null
      if (!this.live && this.timer) this.openLive()
    } catch (error) {
      this.state = 'offline'
      this.lastError = error instanceof Error ? error.message : String(error)
      // The server no longer takes this device (revoked, or the account disabled): signed out here too.
      // Unsent work stays on the desk for whoever signs in next.
      if (error instanceof DeskError && error.code === 'UNAUTHORIZED') {
        this.session.end()
        this.stopLive()
        this.state = 'local'
        this.lastError = `Signed out by the desk server: ${error.message}`
      }
    } finally {
      this.progress = null
      this.publishStatus()
    }
    return this.status()
  }

  /**
   * One exchange with the current server; if it does not answer at all (refused, reset, timed out, not a
   * 4xx), the same exchange with the next of the team's servers, same token. Nothing is lost or doubled
   * by starting over elsewhere: the outbox goes by mutation id and sequence (a batch the dead server took
   * but never acknowledged is answered "duplicate"), and pulls go by the desk's own cursors.
   */
  private async onAnyServer(current: string, token: string): Promise<void> {
    const order = tryOrder(current, this.session.servers())
    for (const [i, url] of order.entries()) {
      try {
        await this.exchange(url, token)
      } catch (error) {
        if (this.closing.signal.aborted) throw error
        if (!(error instanceof ServerUnreachable)) {
          // It answered, if only to refuse: that is the server to stay with.
          this.moveTo(url)
          throw error
        }
        if (i < order.length - 1) continue
        if (order.length === 1) throw error
        throw new ServerUnreachable(current, `None of this team's desk servers answered (${order.join(', ')}); your changes are kept on this machine.`)
      }
      this.moveTo(url)
      return
    }
  }

  private async exchange(url: string, token: string): Promise<void> {
    // The server's time first: stamps from a fast clock are stamped again before they go.
    if (!this.server.knowsServerTime) await this.server.call(url, null, 'GET /api/health')
    // A file before the entry that attaches it: the server accepts an entry only with its files.
    await this.files.upload(url, token)
    await this.tickets.push(url, token)
    if (this.syncState.get('pull_from_start')) {
      this.syncState.set('cursor', '0')
      this.syncState.delete('pull_from_start')
    }
    await this.tickets.pull(url, token)
    // Reopened after the window had left them on the server: their earlier timeline is fetched whole.
    for (const id of this.deps.applier.takePartial()) if (this.window() > 0) await this.remote.fetch(url, token, id)
    await this.records.syncInventory(url, token)
    await this.records.syncKnowledge(url, token)
    await this.learnPeers(url, token)
  }

  /** Works with `url` from now on; the live channel follows at the end of the round. */
  private moveTo(url: string): void {
    if (url === this.session.serverUrl()) return
    this.session.moveTo(url)
    this.stopLive()
  }

  /** Asks the server for its peers after sign-in, after a move and every ten minutes. */
  private async learnPeers(url: string, token: string): Promise<void> {
    const now = this.deps.now().getTime()
    if (this.peersFrom === url && now >= this.peersAt && now - this.peersAt < 10 * 60_000) return
    try {
      const { peers, refused } = checkPeers(url, (await this.server.call(url, token, 'GET /api/servers')).peers)
      this.session.learnPeers(url, peers)
      this.peerWarning = refused?.message ?? null
    } catch (error) {
      // Gone since the pull: the round starts again on the next server. A server of an earlier version has no list: the known one stays.
      if (error instanceof ServerUnreachable) throw error
    }
    this.peersFrom = url
    this.peersAt = now
  }

  private openLive(): void {
    const url = this.session.serverUrl()
    const token = this.token()
    if (!url || !token || this.live) return
    const close = openLiveChannel(this.fetch, url, token, () => void this.syncNow(), () => {
      if (this.live !== close) return
      // Dropped by the server (a restart, or this device revoked): a round now says which, and reopens it.
      this.live = null
      void this.syncNow()
    })
    this.live = close
  }

  private stopLive(): void {
    const close = this.live
    this.live = null
    close?.()
  }

  private token(): string | null {
    return this.session.token()
  }

  /** Tells every open console the sync's status (the `sync.changed` event). */
  private publishStatus(): void {
    if (!this.closing.signal.aborted) this.deps.events.emit('sync.changed', this.status())
  }

  /** What a closed sync answers: it no longer reads the desk file. */
  private closedStatus(): SyncStatus {
    return { state: 'offline', serverUrl: this.session.serverUrl(), account: this.session.account(), pending: 0, lastSyncedAt: null, progress: null, lastError: null, refused: [], quarantined: 0, tokenKeptIn: this.session.tokenKeptIn, teamVersion: 0 }
  }
}
