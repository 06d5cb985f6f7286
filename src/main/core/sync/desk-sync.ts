import type { Database, Statement } from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { DeskError } from '../../../shared/errors'
import { AssetChange, AssetPushAnswer, ServerAsset, type AssetClocks } from '../../../shared/asset-sync'
import { Snapshot } from '../../../shared/inventory'
import { VersionRecord } from '../../../shared/knowledge'
import { Account, Mutation, PushResponse, type SyncedField, type SyncStatus } from '../../../shared/sync'
import type { DeskEvents } from '../events'
import type { Directory } from '../store/directory'
import type { Outbox, OutboxRow } from '../store/outbox'
import type { Quarantine, QuarantineKind } from '../store/quarantine'
import type { PullApplier } from './apply-pull'
import { ServerClient } from './server-client'
import { openLiveChannel } from './live-channel'
import type { RouteOutput } from '../../../shared/server-contract'
import type { DeskLink } from './desk-link'
import type { SecretStore } from './secret-store'

interface Deps {
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
  /** Machine snapshots: immutable, so they sync by id beside the outbox rather than through it. */
  snapshots?: {
    unshared(): Array<{ id: string; snapshot: Snapshot }>
    markShared(id: string): void
    receive(id: string, snapshot: Snapshot): boolean
  }
  /** Asset records: merged field by field on the server, which also folds two records of one machine together. */
  assets?: {
    owed(limit: number): Array<{ change: AssetChange; unsent: AssetClocks }>
    acknowledge(answer: AssetPushAnswer, sent: Map<string, AssetClocks>): void
    receive(asset: ServerAsset): boolean
  }
  /** Knowledge-base versions: immutable, by id, like snapshots. */
  knowledge?: {
    unshared(): VersionRecord[]
    markShared(id: string): void
    receive(version: VersionRecord): boolean
  }
}

const pushBatch = 200
const PulledSnapshot = z.object({ id: z.uuid(), snapshot: Snapshot })

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
const pullPage = 1000

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
  private warning: string | null = null
  private timer: NodeJS.Timeout | null = null
  private nudge: NodeJS.Timeout | null = null
  /** Closes the live channel while it is open. */
  private live: (() => void) | null = null
  private readonly server: ServerClient
  /** Aborts every request under way once the desk this sync works on is closing. */
  private readonly closing = new AbortController()
  private readonly fetch: typeof fetch
  private readonly get: Statement<[string], { value: string }>
  private readonly put: Statement<[string, string]>
  private readonly drop: Statement<[string]>
  private readonly batch: Statement<[number], OutboxRow>
  private readonly refusedRows: Statement<[], OutboxRow & { refused_code: string; refused_reason: string }>
  private readonly refusedRow: Statement<[string], OutboxRow>
  private readonly acknowledge: Statement<[number]>
  private readonly refuse: Statement<[string, string, number]>
  private readonly requeue: Statement<[string, string, string, string]>

  constructor(private readonly deps: Deps) {
    const { db } = deps
    this.fetch = deps.fetch ?? globalThis.fetch
    this.server = new ServerClient(this.fetch, deps.outbox.clock, deps.now, this.closing.signal)
    this.get = db.prepare('SELECT value FROM sync_state WHERE key = ?')
    this.put = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value')
    this.drop = db.prepare('DELETE FROM sync_state WHERE key = ?')
    this.batch = db.prepare('SELECT seq, mutation_id, kind, payload, created_at FROM outbox WHERE refused_code IS NULL ORDER BY seq LIMIT ?')
    this.refusedRow = db.prepare('SELECT seq, mutation_id, kind, payload, created_at FROM outbox WHERE mutation_id = ? AND refused_code IS NOT NULL')
    this.acknowledge = db.prepare('DELETE FROM outbox WHERE seq = ?')
    this.refuse = db.prepare('UPDATE outbox SET refused_code = ?, refused_reason = ? WHERE seq = ?')
    this.requeue = db.prepare('INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES (?, ?, ?, ?)')
    this.refusedRows = db.prepare('SELECT seq, mutation_id, kind, payload, created_at, refused_code, refused_reason FROM outbox WHERE refused_code IS NOT NULL ORDER BY seq')
    // A token written into the desk file by an earlier version moves to the secret store, once.
    const legacy = this.get.get('token')?.value
    if (legacy) {
      deps.secrets.set('token', legacy)
      // Overwritten, not just unlinked: the old token must not linger in the file's free pages.
      db.pragma('secure_delete = ON')
      this.drop.run('token')
      db.pragma('secure_delete = OFF')
    }
    // A link an earlier version kept only in the desk file moves beside it.
    const legacyUrl = this.get.get('server_url')?.value
    const legacyAccount = this.get.get('account')?.value
    if (legacyUrl && legacyAccount && !deps.link.serverUrl()) deps.link.save(legacyUrl, Account.parse(JSON.parse(legacyAccount)))
    if (legacyUrl || legacyAccount) db.prepare("DELETE FROM sync_state WHERE key IN ('server_url', 'account')").run()
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
      lastSyncedAt: this.get.get('last_synced_at')?.value ?? null,
      progress: this.progress,
      lastError: this.lastError,
      refused: this.refusedRows.all().map((r) => ({ mutationId: r.mutation_id, kind: r.kind, code: r.refused_code, reason: r.refused_reason, createdAt: r.created_at })),
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
    const url = this.deps.link.serverUrl()
    const token = this.token()
    if (!url || !token) throw new DeskError('UNAVAILABLE', 'Sign in to a desk server first: enrollment tokens come from the server.')
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
      changes: all<OutboxRow & { payload: string }>('SELECT seq, mutation_id, kind, payload, created_at, refused_code, refused_reason FROM outbox ORDER BY seq').map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown })),
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
    const json = JSON.stringify({ exportedAt: at, serverUrl: this.deps.link.serverUrl() ?? null, ...unsent }, null, 2)
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
    const { db } = this.deps
    db.transaction(() => {
      const row = this.refusedRow.get(mutationId)
      if (!row) throw new DeskError('NOT_FOUND', 'No refused change with that id.')
      // Sent again at the end of the queue, under a new sequence: the server has counted the old one as seen.
      this.acknowledge.run(row.seq)
      this.requeue.run(row.mutation_id, row.kind, row.payload, row.created_at)
    })()
    this.changed()
    void this.syncNow()
    return this.status()
  }

  discard(mutationId: string): SyncStatus {
    const row = this.refusedRow.get(mutationId)
    if (!row) throw new DeskError('NOT_FOUND', 'No refused change with that id.')
    this.acknowledge.run(row.seq)
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
      await this.push(url, token)
      await this.pull(url, token)
      await this.syncInventory(url, token)
      await this.syncKnowledge(url, token)
      this.put.run('last_synced_at', this.deps.now().toISOString())
      this.state = 'online'
      // Online, with anything that could not be sent still said.
      this.lastError = this.warning
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

  private async push(url: string, token: string): Promise<void> {
    const clientId = this.deps.outbox.clientId()
    this.deps.outbox.restampAhead(this.deps.now().getTime())
    for (;;) {
      const rows = this.batch.all(pushBatch)
      if (rows.length === 0) return
      const mutations = rows.map((r) => Mutation.parse({ seq: r.seq, mutationId: r.mutation_id, kind: r.kind, ...(JSON.parse(r.payload) as object) }))
      const answer = await this.server.call(url, token, 'POST /api/sync/push', { body: { clientId, mutations } })
      const { db } = this.deps
      db.transaction(() => {
        for (const result of answer.results) {
          if (result.superseded?.length) this.notice(result.superseded)
          if (result.status === 'refused') {
            this.refuse.run(result.code ?? 'CONFLICT', result.reason ?? 'Refused by the desk server.', result.seq)
          } else {
            // Acknowledged (now or before): only now may the entry go.
            this.acknowledge.run(result.seq)
          }
        }
      })()
      this.changed()
    }
  }

  private async pull(url: string, token: string): Promise<void> {
    let cursor = Number(this.get.get('cursor')?.value ?? 0)
    let done = 0
    for (;;) {
      const page = await this.server.call(url, token, 'GET /api/sync/pull', { query: { cursor, limit: pullPage } })
      const { touched, latest } = this.deps.applier.apply(page, this.pendingFields())
      // Later than anything seen: this desk's next edit sorts after the server's latest.
      if (latest) this.deps.outbox.clock.observe(latest, this.deps.now().getTime())
      cursor = page.cursor
      this.put.run('cursor', String(cursor))
      done += page.people.length + page.tickets.length + page.events.length
      this.progress = { done, more: page.more }
      if (touched.length) this.deps.events.emit('tickets.changed', { ids: touched })
      this.changed()
      if (!page.more) return
    }
  }

  /**
   * Asset records first (so the server knows this desk's machines under their ids), then snapshots;
   * then everyone else's records and snapshots (the headless probe's too), each by its own cursor.
   */
  private async syncInventory(url: string, token: string): Promise<void> {
    const { snapshots, assets, events } = this.deps
    const setAside = new Set<string>()
    for (let owed = assets?.owed(200) ?? []; owed.length; owed = (assets?.owed(200 + setAside.size) ?? []).filter((o) => !setAside.has(o.change.id))) {
      // A record the server could never take (checked with the server's own schema) waits here, said
      // in the status, rather than hold back every other record, snapshot and article behind it.
      const sendable = owed.filter((o) => AssetChange.safeParse(o.change).success)
      for (const o of owed) if (!sendable.includes(o)) setAside.add(o.change.id)
      if (sendable.length === 0) break
      const answer = await this.server.call(url, token, 'POST /api/assets', { body: { changes: sendable.map((o) => o.change) } })
      assets!.acknowledge(answer, new Map(sendable.map((o) => [o.change.id, o.unsent])))
    }
    this.warning = setAside.size === 0 ? null : `${setAside.size} asset record${setAside.size === 1 ? '' : 's'} cannot be sent as ${setAside.size === 1 ? 'it stands' : 'they stand'} (a tag or serial too long?); edit ${setAside.size === 1 ? 'it' : 'them'} in the Fleet view.`
    for (let batch = snapshots?.unshared() ?? []; batch.length; batch = snapshots!.unshared()) {
      for (const { id, snapshot } of batch) {
        try {
          await this.server.call(url, token, 'POST /api/inventory/snapshots', { body: { id, snapshot } })
        } catch (error) {
          // One the server will never take stays on this desk as it is, rather than block the rest.
          if (!(error instanceof DeskError) || error.code !== 'INVALID_INPUT') throw error
        }
        snapshots!.markShared(id)
      }
    }
    let changed = false
    if (assets) changed = (await this.pullRecords(url, token, 'asset_cursor', 'GET /api/assets', 200, 'assets', 'asset', ServerAsset, (a) => assets.receive(a))) || changed
    if (snapshots) changed = (await this.pullRecords(url, token, 'snapshot_cursor', 'GET /api/inventory/snapshots', 100, 'snapshots', 'snapshot', PulledSnapshot, (s) => snapshots.receive(s.id, s.snapshot))) || changed
    // Devices lists and the fleet view refresh on this event.
    if (changed) events.emit('tickets.changed', { ids: [] })
  }

  /** This desk's new article versions up; everyone's down (other people's drafts stay with them). */
  private async syncKnowledge(url: string, token: string): Promise<void> {
    const { knowledge, db, events } = this.deps
    if (!knowledge) return
    for (let batch = knowledge.unshared(); batch.length; batch = knowledge.unshared()) {
      // Long articles go in smaller pushes: the server takes at most 8 MB a request.
      let size = 0
      const send = batch.filter((v, i) => (size += v.body.length * 3 + 2_000) <= 6_000_000 || i === 0)
      await this.server.call(url, token, 'POST /api/kb/versions', { body: { versions: send } })
      db.transaction(() => send.forEach((v) => knowledge.markShared(v.id)))()
    }
    const changed = await this.pullRecords(url, token, 'kb_cursor', 'GET /api/kb/versions', 100, 'versions', 'article version', VersionRecord, (v) => knowledge.receive(v))
    if (changed) events.emit('tickets.changed', { ids: [] })
  }

  /**
   * Pulls one kind of record page by page on its own cursor, each page applied and its cursor saved in
   * one transaction (a crash never skips or repeats a page). Each record is checked and applied on its
   * own (a savepoint): one this desk cannot take is set aside in the quarantine, and the rest go on.
   * True when anything on this desk changed.
   */
  private async pullRecords<R>(
    url: string,
    token: string,
    cursorKey: string,
    route: 'GET /api/assets' | 'GET /api/inventory/snapshots' | 'GET /api/kb/versions',
    limit: number,
    list: string,
    kind: QuarantineKind,
    schema: z.ZodType<R>,
    receive: (record: R) => boolean
  ): Promise<boolean> {
    const { db, quarantine } = this.deps
    let changed = false
    for (let more = true, cursor = Number(this.get.get(cursorKey)?.value ?? 0); more; ) {
      const page = (await this.server.call(url, token, route, { query: { cursor, limit } })) as { cursor: number; more: boolean } & Record<string, unknown[]>
      db.transaction(() => {
        for (const row of page[list] ?? []) {
          const parsed = schema.safeParse(row)
          if (!parsed.success) {
            quarantine.hold(kind, row, `not a valid ${kind} (${parsed.error.issues[0]?.path.join('.') || 'record'}: ${parsed.error.issues[0]?.message ?? 'not valid'})`)
            continue
          }
          try {
            changed = db.transaction(() => receive(parsed.data))() || changed
          } catch (error) {
            quarantine.hold(kind, row, `could not be written here (${(error as Error).message})`)
          }
        }
        this.put.run(cursorKey, String((cursor = page.cursor)))
      })()
      more = page.more
    }
    return changed
  }

  /** Tells the technician, on the ticket, which of their edits lost to a later one and whose. */
  private notice(superseded: NonNullable<PushResponse['results'][number]['superseded']>): void {
    const byTicket = new Map<string, typeof superseded>()
    // Bookkeeping fields (updated_at and the like) have no label and are not worth a word.
    for (const s of superseded.filter((x) => fieldLabel[x.field])) byTicket.set(s.ticketId, [...(byTicket.get(s.ticketId) ?? []), s])
    const insert = this.deps.db.prepare('INSERT INTO sync_notices (ticket_id, message, at) SELECT id, ?, ? FROM tickets WHERE id = ?')
    for (const [ticketId, list] of byTicket) {
      // Priority follows impact and urgency; naming the fields a person set is enough.
      const fields = [...new Set(list.map((s) => fieldLabel[s.field]!))]
      const who = [...new Set(list.map((s) => s.by ?? 'someone on another desk'))].join(' and ')
      insert.run(`${fields.join(', ')} changed by ${who} after your edit; their value was kept.`, this.deps.now().toISOString(), ticketId)
    }
    this.deps.events.emit('tickets.changed', { ids: [...byTicket.keys()] })
  }

  /** Per ticket, the fields this desk has changed and not yet had acknowledged. */
  private pendingFields(): Map<string, Set<SyncedField>> {
    const pending = new Map<string, Set<SyncedField>>()
    for (const row of this.deps.db.prepare('SELECT payload FROM outbox WHERE refused_code IS NULL').all() as Array<{ payload: string }>) {
      const { tickets } = JSON.parse(row.payload) as Pick<Mutation, 'tickets'>
      for (const t of tickets) {
        const set = pending.get(t.id) ?? new Set<SyncedField>()
        for (const field of Object.keys(t.fields)) set.add(field as SyncedField)
        pending.set(t.id, set)
      }
    }
    return pending
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
