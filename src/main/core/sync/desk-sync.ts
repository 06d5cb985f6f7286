import type { Database } from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { DeskError } from '../../../shared/errors'
import { Account, type SyncStatus } from '../../../shared/sync'
import type { DeskEvents } from '../events'
import type { Directory } from '../store/directory'
import type { Outbox } from '../store/outbox'
import type { Quarantine } from '../store/quarantine'
import type { PullApplier } from './apply-pull'
import { ServerClient } from './server-client'
import { RecordSync, type RecordSyncDeps } from './record-sync'
import { TicketSync } from './ticket-sync'
import { SyncNotices } from '../store/sync-notices'
import { SyncState } from '../store/sync-state'
import { openLiveChannel } from './live-channel'
import type { RouteOutput } from '../../../shared/server-contract'
import type { DeskLink } from './desk-link'
import type { SecretStore } from './secret-store'

/** What the desk's sync works with: the desk file's owners, the token and link, and what syncs by record. */
interface Deps extends Pick<RecordSyncDeps, 'snapshots' | 'assets' | 'knowledge'> {
  db: Database
  outbox: Outbox
  directory: Directory
  applier: PullApplier
  quarantine: Quarantine
  events: DeskEvents
  now: () => Date
  fetch?: typeof fetch
  /** Where the device token is kept: the OS keychain in the app, a 0600 file elsewhere. */
  secrets: SecretStore
  /** The server and account, beside the desk file rather than in it. */
  link: DeskLink
}

/**
 * The desk's link to the desk server: signs in, pushes the outbox in order (deleting an entry only
 * once the server has acknowledged it), pulls by cursor, and keeps a live channel open for nudges.
 * Everything works without it; it only ever catches up.
 */
export class DeskSync {
  private running: Promise<SyncStatus> | null = null
  private state: SyncStatus['state'] = 'local'
  private progress: SyncStatus['progress'] = null
  private lastError: string | null = null
  private timer: NodeJS.Timeout | null = null
  private nudge: NodeJS.Timeout | null = null
  /** Closes the live channel while it is open. */
  private live: (() => void) | null = null
  private readonly server: ServerClient
  /** Aborts every request under way once the desk this sync works on is closing. */
  private readonly closing = new AbortController()
  private readonly fetch: typeof fetch
  private readonly syncState: SyncState
  private readonly tickets: TicketSync
  private readonly records: RecordSync

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
      progress: (done, more) => {
        if (done) this.progress = { done, more }
        this.changed()
      }
    })
    this.records = new RecordSync({ ...deps, state, server: this.server })
    // A token written into the desk file by an earlier version moves to the secret store, once;
    // overwritten, not just unlinked: the old token must not linger in the file's free pages.
    const legacy = state.get('token')
    if (legacy) {
      deps.secrets.set('token', legacy)
      state.delete('token', { secure: true })
    }
    // A link an earlier version kept only in the desk file moves beside it.
    const legacyUrl = state.get('server_url')
    const legacyAccount = state.get('account')
    if (legacyUrl && legacyAccount && !deps.link.serverUrl()) deps.link.save(legacyUrl, Account.parse(JSON.parse(legacyAccount)))
    state.delete('server_url')
    state.delete('account')
    const account = deps.link.account()
    // A recovered desk file may have lost who this desk works as: the link says it again.
    if (this.token() && account) this.adopt(account)
    if (this.token()) this.state = 'offline'
  }

  /** This desk's work is signed with the account, the same id on every desk. */
  private adopt(account: Account): void {
    const { directory, db } = this.deps
    db.transaction(() => {
      const serviceDesk = directory.groups().find((g) => g.tier === 'L1')
      db.prepare('INSERT INTO agents (id, name, email, group_id) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email').run(
        account.id,
        account.name,
        account.email,
        serviceDesk?.id ?? null
      )
      directory.setMeta('me', account.id)
    })()
  }

  status(): SyncStatus {
    return {
      state: this.token() ? this.state : 'local',
      serverUrl: this.deps.link.serverUrl(),
      account: this.deps.link.account(),
      pending: this.deps.outbox.pending(),
      lastSyncedAt: this.syncState.get('last_synced_at'),
      progress: this.progress,
      lastError: this.lastError,
      refused: this.deps.outbox.refused(),
      quarantined: this.deps.quarantine.count(),
      tokenKeptIn: this.deps.secrets.where
    }
  }

  async signIn(serverUrl: string, email: string, password: string, deviceName: string): Promise<SyncStatus> {
    const url = serverUrl.replace(/\/+$/, '')
    const signedIn = await this.server.call(url, null, 'POST /api/session', { body: { email, password, deviceName } })
    this.deps.link.save(url, signedIn.account)
    this.deps.secrets.set('token', signedIn.token)
    this.adopt(signedIn.account)
    this.lastError = null
    this.changed()
    return this.syncNow()
  }

  /** A token for `frontline-probe --post … --enroll …`; the server decides who may make one (supervisors and admins). */
  async createEnrollment(label: string): Promise<{ token: string; label: string; serverUrl: string }> {
    const { url, token } = this.signedIn('Sign in to a desk server first: enrollment tokens come from the server.')
    const made = await this.server.call(url, token, 'POST /api/enrollments', { body: { label } })
    return { token: made.token, label: made.label, serverUrl: url }
  }

  /** The server's enrollment tokens and the snapshots waiting for review; the server lets supervisors and admins see them. */
  async enrollments(): Promise<{ tokens: RouteOutput<'GET /api/enrollments'>; reviews: RouteOutput<'GET /api/inventory/reviews'> }> {
    const { url, token } = this.signedIn('Sign in to a desk server first: enrollment tokens are the server’s.')
    const [tokens, reviews] = await Promise.all([this.server.call(url, token, 'GET /api/enrollments'), this.server.call(url, token, 'GET /api/inventory/reviews')])
    return { tokens, reviews }
  }

  async revokeEnrollment(id: string): ReturnType<DeskSync['enrollments']> {
    const { url, token } = this.signedIn('Sign in to a desk server first.')
    await this.server.call(url, token, 'DELETE /api/enrollments/:id', { params: { id } })
    return this.enrollments()
  }

  /** Accepted, the snapshot reaches every desk with the next sync; refused, the server drops it. */
  async decideReview(id: string, accept: boolean): ReturnType<DeskSync['enrollments']> {
    const { url, token } = this.signedIn('Sign in to a desk server first.')
    await this.server.call(url, token, 'POST /api/inventory/reviews/:id', { params: { id }, body: { accept } })
    if (accept) void this.syncNow()
    return this.enrollments()
  }

  private signedIn(why: string): { url: string; token: string } {
    const url = this.deps.link.serverUrl()
    const token = this.token()
    if (!url || !token) throw new DeskError('UNAVAILABLE', why)
    return { url, token }
  }

  /**
   * Everything this desk holds that the desk server does not have yet: outbox changes, article
   * versions, asset record edits and machine snapshots. A wipe must not lose any of it unseen.
   */
  private unsent(): { changes: unknown[]; articleVersions: unknown[]; assetRecords: unknown[]; snapshots: unknown[] } {
    const { db } = this.deps
    const all = <T>(sql: string) => db.prepare(sql).all() as T[]
    return {
      changes: this.deps.outbox.all().map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown })),
      articleVersions: all('SELECT * FROM kb_versions WHERE shared = 0 ORDER BY stamp'),
      assetRecords: all('SELECT id, tag, name, asset_class, serial, uuid, owner_id, location, purchase_date, warranty_end, unsent FROM assets WHERE unsent IS NOT NULL ORDER BY id'),
      snapshots: all<{ id: string; asset_id: string; snapshot: string }>('SELECT id, asset_id, snapshot FROM asset_snapshots WHERE shared = 0 ORDER BY taken_at').map((r) => ({ ...r, snapshot: JSON.parse(r.snapshot) as unknown }))
    }
  }

  /** What is unsent right now, as a short fingerprint: a wipe names the one the technician saved, and anything newer refuses it. */
  unsentFingerprint(): { count: number; fingerprint: string } {
    const unsent = this.unsent()
    const count = Object.values(unsent).reduce((n, list) => n + list.length, 0)
    return { count, fingerprint: count ? createHash('sha256').update(JSON.stringify(unsent)).digest('hex').slice(0, 32) : 'nothing' }
  }

  /** All of it as one JSON file to keep before a wipe, with the fingerprint the wipe must then name. */
  exportPending(): { fileName: string; json: string; count: number; fingerprint: string } {
    const at = this.deps.now().toISOString()
    const unsent = this.unsent()
    const { count, fingerprint } = this.unsentFingerprint()
    const json = JSON.stringify({ exportedAt: at, serverUrl: this.deps.link.serverUrl(), ...unsent }, null, 2)
    return { fileName: `frontline-unsent-${at.slice(0, 19).replace(/[:T]/g, '-')}.json`, json, count, fingerprint }
  }

  async signOut(): Promise<SyncStatus> {
    const url = this.deps.link.serverUrl()
    const token = this.token()
    if (url && token) await this.server.call(url, token, 'DELETE /api/session').catch(() => undefined)
    this.deps.secrets.delete('token')
    this.stopLive()
    this.state = 'local'
    this.changed()
    return this.status()
  }

  /** One round: push everything pending, then pull until caught up. Concurrent calls share the round. */
  syncNow(): Promise<SyncStatus> {
    if (this.closing.signal.aborted) return Promise.resolve(this.closedStatus())
    this.running ??= this.round().finally(() => (this.running = null))
    return this.running
  }

  /** After a local change: push it shortly, once the burst of writes is over (only when the background loop runs). */
  soon(): void {
    if (!this.timer || this.nudge) return
    this.nudge = setTimeout(() => {
      this.nudge = null
      void this.syncNow()
    }, 300)
  }

  retry(mutationId: string): SyncStatus {
    this.deps.outbox.retry(mutationId)
    this.changed()
    void this.syncNow()
    return this.status()
  }

  discard(mutationId: string): SyncStatus {
    this.deps.outbox.discard(mutationId)
    this.changed()
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
    const url = this.deps.link.serverUrl()
    const token = this.token()
    if (!url || !token) return this.status()
    this.state = 'syncing'
    this.changed()
    try {
      // The server's time first: stamps from a fast clock are stamped again before they go.
      if (!this.server.knowsServerTime) await this.server.call(url, null, 'GET /api/health')
      await this.tickets.push(url, token)
      await this.tickets.pull(url, token)
      await this.records.syncInventory(url, token)
      await this.records.syncKnowledge(url, token)
      this.syncState.set('last_synced_at', this.deps.now().toISOString())
      this.state = 'online'
      // Online, with anything that could not be sent still said.
      this.lastError = this.records.warning
      if (!this.live && this.timer) this.openLive()
    } catch (error) {
      this.state = 'offline'
      this.lastError = error instanceof Error ? error.message : String(error)
    } finally {
      this.progress = null
      this.changed()
    }
    return this.status()
  }

  private openLive(): void {
    const url = this.deps.link.serverUrl()
    const token = this.token()
    if (!url || !token || this.live) return
    const close = openLiveChannel(this.fetch, url, token, () => void this.syncNow(), () => {
      if (this.live === close) this.live = null
    })
    this.live = close
  }

  private stopLive(): void {
    const close = this.live
    this.live = null
    close?.()
  }

  private token(): string | null {
    return this.deps.secrets.get('token')
  }

  private changed(): void {
    if (!this.closing.signal.aborted) this.deps.events.emit('sync.changed', this.status())
  }

  /** What a closed sync answers: it no longer reads the desk file. */
  private closedStatus(): SyncStatus {
    return { state: 'offline', serverUrl: this.deps.link.serverUrl(), account: this.deps.link.account(), pending: 0, lastSyncedAt: null, progress: null, lastError: null, refused: [], quarantined: 0, tokenKeptIn: this.deps.secrets.where }
  }

}
