import type { Database } from 'better-sqlite3'
import { z } from 'zod'
import { DeskError } from '../../../shared/errors'
import { AssetChange, ServerAsset, type AssetClocks, type AssetPushAnswer } from '../../../shared/asset-sync'
import { Snapshot } from '../../../shared/inventory'
import { VersionRecord } from '../../../shared/knowledge'
import type { DeskEvents } from '../platform/events'
import type { Quarantine, QuarantineKind } from '../store/quarantine'
import type { SyncState } from '../store/sync-state'
import type { ServerClient } from './server-client'

const PulledSnapshot = z.object({ id: z.uuid(), snapshot: Snapshot })

export interface RecordSyncDeps {
  db: Database
  server: ServerClient
  state: SyncState
  quarantine: Quarantine
  events: DeskEvents
  now: () => Date
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
    restampAhead(localMs: number): number
  }
  /** Knowledge-base versions: immutable, by id, like snapshots. */
  knowledge?: {
    unshared(): VersionRecord[]
    markShared(id: string): void
    receive(version: VersionRecord): boolean
    restampAhead(localMs: number): number
  }
}

/**
 * Everything beside the tickets that syncs by record: asset records (merged per field on the server),
 * machine snapshots and article versions (immutable, by id), each pushed, then pulled on its own cursor.
 */
export class RecordSync {
  /** What could not be sent, in words, for the status bar; null when everything went. */
  warning: string | null = null

  constructor(private readonly deps: RecordSyncDeps) {}

  /**
   * Asset records first (so the server knows this desk's machines under their ids), then snapshots;
   * then everyone else's records and snapshots (the headless probe's too), each by its own cursor.
   */
  async syncInventory(url: string, token: string): Promise<void> {
    const { snapshots, assets, events } = this.deps
    const setAside = new Set<string>()
    const refused: string[] = []
    assets?.restampAhead(this.deps.now().getTime())
    for (let owed = assets?.owed(200) ?? []; owed.length; owed = (assets?.owed(200 + setAside.size) ?? []).filter((o) => !setAside.has(o.change.id))) {
      // A record the server could never take (checked with the server's own schema) waits here, said
      // in the status, rather than hold back every other record, snapshot and article behind it.
      const sendable = owed.filter((o) => AssetChange.safeParse(o.change).success)
      for (const o of owed) if (!sendable.includes(o)) setAside.add(o.change.id)
      if (sendable.length === 0) break
      const answer = await this.deps.server.call(url, token, 'POST /api/assets', { body: { changes: sendable.map((o) => o.change) } })
      assets!.acknowledge(answer, new Map(sendable.map((o) => [o.change.id, o.unsent])))
      // Refused for a stamp ahead of the server's clock: stamped again and sent on the next round.
      for (const r of answer.refused) {
        refused.push(r.id)
        setAside.add(r.id)
      }
    }
    const unsendable = setAside.size - refused.length
    this.warning =
      unsendable > 0
        ? `${unsendable} asset record${unsendable === 1 ? '' : 's'} cannot be sent as ${unsendable === 1 ? 'it stands' : 'they stand'} (a tag or serial too long?); edit ${unsendable === 1 ? 'it' : 'them'} in the Fleet view.`
        : refused.length > 0
          ? `${refused.length} asset record${refused.length === 1 ? ' was' : 's were'} stamped ahead of the desk server's clock; ${refused.length === 1 ? 'it goes' : 'they go'} on the next sync.`
          : null
    for (let batch = snapshots?.unshared() ?? []; batch.length; batch = snapshots!.unshared()) {
      for (const { id, snapshot } of batch) {
        try {
          await this.deps.server.call(url, token, 'POST /api/inventory/snapshots', { body: { id, snapshot } })
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
  async syncKnowledge(url: string, token: string): Promise<void> {
    const { knowledge, db, events } = this.deps
    if (!knowledge) return
    knowledge.restampAhead(this.deps.now().getTime())
    const refused = new Set<string>()
    for (let batch = knowledge.unshared().filter((v) => !refused.has(v.id)); batch.length; batch = knowledge.unshared().filter((v) => !refused.has(v.id))) {
      // Long articles go in smaller pushes: the server takes at most 8 MB a request.
      let size = 0
      const send = batch.filter((v, i) => (size += v.body.length * 3 + 2_000) <= 6_000_000 || i === 0)
      const answer = await this.deps.server.call(url, token, 'POST /api/kb/versions', { body: { versions: send } })
      // A version refused for a stamp ahead of the server's clock stays unshared; it is stamped again next round.
      for (const r of answer.refused) refused.add(r.id)
      db.transaction(() => send.filter((v) => !refused.has(v.id)).forEach((v) => knowledge.markShared(v.id)))()
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
    for (let more = true, cursor = Number(this.deps.state.get(cursorKey) ?? 0); more; ) {
      const page = (await this.deps.server.call(url, token, route, { query: { cursor, limit } })) as { cursor: number; more: boolean } & Record<string, unknown[]>
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
        this.deps.state.set(cursorKey, String((cursor = page.cursor)))
      })()
      more = page.more
    }
    return changed
  }}
