import type { Database, Statement } from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import type { AssetField } from '../../../shared/asset-sync'
import { DeskError } from '../../../shared/errors'
import {
  FleetFlag,
  Snapshot,
  type Asset,
  type AssetClass,
  type AssetDetail,
  type AssetUpdate,
  type Fleet,
  type FleetQuery,
  type LifecyclePolicy,
  type MachineIdentity,
  type SnapshotChange
} from '../../../shared/inventory'
import { defaultLifecycleYears, factsOf, fleetFlags, type SnapshotFacts } from './fleet-flags'
import { DeskClock } from '../store/desk-clock'
import { updater } from '../store/sql'
import { diffSnapshots } from './snapshot-diff'

interface AssetRow {
  id: string
  tag: string
  name: string
  asset_class: AssetClass
  serial: string
  uuid: string
  hostname: string
  owner_id: string | null
  owner_name: string | null
  location: string | null
  purchase_date: string | null
  warranty_end: string | null
  last_seen_at: string | null
  facts: string | null
  macs: string | null
}

/** The columns behind the fields a person sets; these names are the only ones ever put into SQL. */
export const columnOf: Record<Exclude<AssetField, 'ownerName'>, string> = {
  name: 'name',
  assetClass: 'asset_class',
  ownerId: 'owner_id',
  location: 'location',
  purchaseDate: 'purchase_date',
  warrantyEnd: 'warranty_end'
}

/** Sets asset columns by name: only columnOf's names, never one from input or from the server. */
export const updateAsset = updater('assets', Object.values(columnOf))

/** Marks the fields stamped in `@stamps` as owed to the desk server. */
export const oweStamps = "unsent = json_patch(coalesce(unsent, '{}'), @stamps)"

interface AssetStoreOptions {
  /** The desk's refresh policy, read when flags are worked out. */
  lifecycle?: () => LifecyclePolicy
  /** False for the sample desk: its records never go to a desk server. */
  replicate?: boolean
  /** The desk's one clock (a tool or test without one gets its own over the same file). */
  clock?: DeskClock
}

const selectAssets = `
  SELECT a.*, p.name AS owner_name,
    (SELECT group_concat(mac, ' ') FROM (SELECT mac FROM asset_macs m WHERE m.asset_id = a.id ORDER BY mac)) AS macs,
    (SELECT facts FROM asset_snapshots s WHERE s.asset_id = a.id ORDER BY taken_at DESC LIMIT 1) AS facts
  FROM assets a LEFT JOIN people p ON p.id = a.owner_id`

/** Machines, their snapshots and their review flags, in the local desk file. */
export class AssetStore {
  private readonly stmt: {
    bySerial: Statement<[string], { id: string }>
    byUuid: Statement<[string], { id: string }>
    byMac: Statement<[string], { asset_id: string }>
    byTag: Statement<[string], { id: string }>
    insertAsset: Statement
    seen: Statement
    addMac: Statement
    insertSnapshot: Statement
    latest: Statement<[string], { snapshot: string }>
    known: Statement<[string], unknown>
    unshared: Statement<[], { id: string; snapshot: string }>
    markShared: Statement<[string]>
    one: Statement<[string], AssetRow>
    all: Statement<[], AssetRow>
    byOwner: Statement<[string], AssetRow>
    linked: Statement<[string], AssetRow>
    snapshots: Statement<[string], { id: string; taken_at: string; stage: 'quick' | 'full' }>
    snapshot: Statement<[string], { asset_id: string; snapshot: string }>
    nextTag: Statement<[], { n: number }>
  }

  private readonly lifecycle: () => LifecyclePolicy
  private readonly replicate: boolean
  private readonly clock: DeskClock

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    { lifecycle = () => defaultLifecycleYears, replicate = true, clock = new DeskClock(db) }: AssetStoreOptions = {}
  ) {
    this.lifecycle = lifecycle
    this.replicate = replicate
    this.clock = clock
    this.stmt = {
      bySerial: db.prepare("SELECT id FROM assets WHERE serial = ? AND serial <> ''"),
      byUuid: db.prepare("SELECT id FROM assets WHERE uuid = ? AND uuid <> ''"),
      byMac: db.prepare('SELECT asset_id FROM asset_macs WHERE mac = ?'),
      byTag: db.prepare('SELECT id FROM assets WHERE tag = ? COLLATE NOCASE'),
      insertAsset: db.prepare(`
        INSERT INTO assets (id, tag, name, asset_class, serial, uuid, hostname, created_at, unsent)
        VALUES (@id, @tag, @name, @asset_class, @serial, @uuid, @hostname, @created_at, @unsent)`),
      seen: db.prepare(`
        UPDATE assets SET hostname = @hostname, serial = coalesce(nullif(@serial, ''), serial), uuid = coalesce(nullif(@uuid, ''), uuid),
          -- Name and class follow the hardware until someone sets them.
          name = CASE WHEN json_extract(clocks, '$.name') IS NULL AND @at >= coalesce(last_seen_at, '') THEN @name ELSE name END,
          asset_class = CASE WHEN json_extract(clocks, '$.assetClass') IS NULL AND @at >= coalesce(last_seen_at, '') THEN @asset_class ELSE asset_class END,
          last_seen_at = max(coalesce(last_seen_at, ''), @at) WHERE id = @id`),
      addMac: db.prepare('INSERT INTO asset_macs (mac, asset_id) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      insertSnapshot: db.prepare('INSERT INTO asset_snapshots (id, asset_id, taken_at, stage, snapshot, facts, shared) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      known: db.prepare('SELECT 1 FROM asset_snapshots WHERE id = ?'),
      unshared: db.prepare('SELECT id, snapshot FROM asset_snapshots WHERE shared = 0 ORDER BY taken_at LIMIT 50'),
      markShared: db.prepare('UPDATE asset_snapshots SET shared = 1 WHERE id = ?'),
      latest: db.prepare('SELECT snapshot FROM asset_snapshots WHERE asset_id = ? ORDER BY taken_at DESC LIMIT 1'),
      one: db.prepare(`${selectAssets} WHERE a.id = ?`),
      all: db.prepare(`${selectAssets} ORDER BY a.tag`),
      byOwner: db.prepare(`${selectAssets} WHERE a.owner_id = ? ORDER BY a.last_seen_at DESC`),
      linked: db.prepare(`${selectAssets} WHERE a.id IN (SELECT asset_id FROM ticket_assets WHERE ticket_id = ?) ORDER BY a.tag`),
      snapshots: db.prepare('SELECT id, taken_at, stage FROM asset_snapshots WHERE asset_id = ? ORDER BY taken_at DESC'),
      snapshot: db.prepare('SELECT asset_id, snapshot FROM asset_snapshots WHERE id = ?'),
      nextTag: db.prepare("SELECT coalesce(max(CAST(substr(tag, 5) AS INTEGER)), 1000) + 1 AS n FROM assets WHERE tag LIKE 'AST-%'")
    }
  }

  /** The asset this identity belongs to: serial first, then firmware UUID, then any physical MAC. */
  find(identity: Pick<MachineIdentity, 'serial' | 'uuid' | 'macs'>): string | null {
    if (identity.serial) {
      const hit = this.stmt.bySerial.get(identity.serial)
      if (hit) return hit.id
    }
    if (identity.uuid) {
      const hit = this.stmt.byUuid.get(identity.uuid)
      if (hit) return hit.id
    }
    for (const mac of identity.macs) {
      const hit = this.stmt.byMac.get(mac)
      if (hit) return hit.asset_id
    }
    return null
  }

  /**
   * Stores a snapshot under its machine, creating the asset the first time the machine is seen. A
   * snapshot from the desk server comes with its id and is stored once however often it arrives.
   */
  record(snapshot: Snapshot, ownerId: string | null = null, { id = uuidv7(), shared = false }: { id?: string; shared?: boolean } = {}): { assetId: string; snapshotId: string; created: boolean } {
    const valid = Snapshot.parse(snapshot)
    const { identity } = valid
    if (!identity.serial && !identity.uuid && identity.macs.length === 0) {
      throw new DeskError('INVALID_INPUT', 'This snapshot has no serial number, firmware UUID or network address, so the machine could not be recognized again.')
    }
    return this.db.transaction(() => {
      let assetId = this.find(identity)
      const created = !assetId
      const system = valid.sections.system.status === 'ok' ? valid.sections.system.data : null
      const name = identity.hostname || system?.model || 'Unnamed machine'
      if (!assetId) {
        assetId = uuidv7()
        this.stmt.insertAsset.run({
          id: assetId,
          tag: this.newTag(),
          name,
          asset_class: classOf(valid),
          serial: identity.serial,
          uuid: identity.uuid,
          hostname: identity.hostname,
          created_at: this.now().toISOString(),
          unsent: this.replicate ? '{}' : null
        })
      }
      this.stmt.seen.run({ id: assetId, hostname: identity.hostname, serial: identity.serial, uuid: identity.uuid, at: valid.takenAt, name, asset_class: classOf(valid) })
      for (const mac of identity.macs) this.stmt.addMac.run(mac, assetId)
      this.stmt.insertSnapshot.run(id, assetId, valid.takenAt, valid.stage, JSON.stringify(valid), JSON.stringify(factsOf(valid)), shared ? 1 : 0)
      if (created && ownerId) this.update({ id: assetId, ownerId })
      return { assetId, snapshotId: id, created }
    })()
  }

  /** A record with no snapshot yet (a purchase list names it before anyone probes it). */
  create({ tag, serial }: { tag: string; serial: string }): string {
    const id = uuidv7()
    this.stmt.insertAsset.run({ id, tag, name: serial ? `Serial ${serial}` : tag, asset_class: 'other', serial, uuid: '', hostname: '', created_at: this.now().toISOString(), unsent: this.replicate ? '{}' : null })
    return id
  }

  /** Snapshots taken on this desk that the desk server does not have yet. */
  unshared(): Array<{ id: string; snapshot: Snapshot }> {
    return this.stmt.unshared.all().map((r) => ({ id: r.id, snapshot: JSON.parse(r.snapshot) as Snapshot }))
  }

  markShared(id: string): void {
    this.stmt.markShared.run(id)
  }

  /** A snapshot from the desk server: stored once; false when it was already here or names no machine. */
  receive(id: string, snapshot: Snapshot): boolean {
    const { serial, uuid, macs } = snapshot.identity
    if (this.stmt.known.get(id) || (!serial && !uuid && macs.length === 0)) return false
    this.record(snapshot, null, { id, shared: true })
    return true
  }

  newTag(): string {
    return `AST-${this.stmt.nextTag.get()!.n}`
  }

  assetIdByTag(tag: string): string | null {
    return this.stmt.byTag.get(tag)?.id ?? null
  }

  get(id: string): Asset {
    const row = this.stmt.one.get(id)
    if (!row) throw new DeskError('NOT_FOUND', 'No such asset on this desk.')
    return this.toAsset(row)
  }

  detail(id: string): AssetDetail {
    const row = this.stmt.one.get(id)
    if (!row) throw new DeskError('NOT_FOUND', 'No such asset on this desk.')
    return {
      asset: this.toAsset(row),
      snapshots: this.stmt.snapshots.all(id).map((s) => ({ id: s.id, takenAt: s.taken_at, stage: s.stage })),
      latest: this.latest(id)
    }
  }

  latest(assetId: string): Snapshot | null {
    const row = this.stmt.latest.get(assetId)
    return row ? (JSON.parse(row.snapshot) as Snapshot) : null
  }

  ownedBy(personId: string): Asset[] {
    return this.stmt.byOwner.all(personId).map((r) => this.toAsset(r))
  }

  /** Machines whose inventory was attached to the ticket. */
  linkedTo(ticketId: string): Asset[] {
    return this.stmt.linked.all(ticketId).map((r) => this.toAsset(r))
  }

  snapshot(id: string): { assetId: string; snapshot: Snapshot } {
    const row = this.stmt.snapshot.get(id)
    if (!row) throw new DeskError('NOT_FOUND', 'No such snapshot on this desk.')
    return { assetId: row.asset_id, snapshot: JSON.parse(row.snapshot) as Snapshot }
  }

  diff(fromId: string, toId: string): SnapshotChange[] {
    const from = this.snapshot(fromId)
    const to = this.snapshot(toId)
    if (from.assetId !== to.assetId) throw new DeskError('CONFLICT', 'Those snapshots are of two different machines.')
    return diffSnapshots(from.snapshot, to.snapshot)
  }

  /** Sets the fields given; each gets a fresh stamp of this desk's clock and is owed to the desk server. */
  update(input: AssetUpdate): Asset {
    const { id, ...fields } = input
    if (input.ownerId && !this.db.prepare('SELECT 1 FROM people WHERE id = ?').get(input.ownerId)) throw new DeskError('NOT_FOUND', 'No such person on this desk.')
    const set = Object.entries(fields).filter(([, v]) => v !== undefined) as Array<[keyof typeof columnOf, string | null]>
    if (set.length) {
      const stamp = this.clock.stamp(this.now().toISOString())
      const stamps = JSON.stringify(Object.fromEntries(set.map(([field]) => [field, stamp])))
      const values = Object.fromEntries(set.map(([field, value]) => [columnOf[field], field === 'location' ? value || null : value]))
      const result = this.db
        .prepare(updateAsset(Object.keys(values), { also: ['clocks = json_patch(clocks, @stamps)', ...(this.replicate ? [oweStamps] : [])] }))
        .run({ ...values, stamps, id })
      if (result.changes === 0) throw new DeskError('NOT_FOUND', 'No such asset on this desk.')
    }
    return this.get(id)
  }

  fleet(query: FleetQuery): Fleet {
    const lifecycle = this.lifecycle()
    const all = this.stmt.all.all().map((r) => this.toAsset(r, lifecycle))
    const counts = Object.fromEntries(
      FleetFlag.options.map((f) => [
        f,
        all.filter((a) => a.flags.includes(f)).length
      ])
    ) as Record<FleetFlag, number>
    const text = query.text?.trim().toLowerCase()
    const assets = all.filter(
      (a) =>
        (!query.flags?.length || query.flags.some((f) => a.flags.includes(f))) &&
        (!query.assetClass || a.assetClass === query.assetClass) &&
        (!text || [a.tag, a.name, a.ownerName ?? '', a.location ?? '', a.summary, a.identity.serial].some((v) => v.toLowerCase().includes(text)))
    )
    return { assets, counts, total: all.length }
  }

  private toAsset(row: AssetRow, lifecycle = this.lifecycle()): Asset {
    const latest = row.facts ? (JSON.parse(row.facts) as SnapshotFacts) : null
    return {
      id: row.id,
      tag: row.tag,
      name: row.name,
      assetClass: row.asset_class,
      identity: { hostname: row.hostname, serial: row.serial, uuid: row.uuid, macs: row.macs ? row.macs.split(' ') : [] },
      ownerId: row.owner_id,
      ownerName: row.owner_name,
      location: row.location,
      purchaseDate: row.purchase_date,
      warrantyEnd: row.warranty_end,
      lastSeenAt: row.last_seen_at,
      summary: latest?.summary ?? 'Never probed',
      flags: fleetFlags({ assetClass: row.asset_class, purchaseDate: row.purchase_date, warrantyEnd: row.warranty_end, lastSeenAt: row.last_seen_at, latest }, this.now(), lifecycle)
    }
  }
}

/** A first guess at the class from the hardware; the technician can correct it. */
function classOf(snapshot: Snapshot): AssetClass {
  const system = snapshot.sections.system.status === 'ok' ? snapshot.sections.system.data : null
  const battery = snapshot.sections.battery.status === 'ok' ? snapshot.sections.battery.data : null
  if (system?.virtual) return 'virtual machine'
  if (battery?.present || /notebook|laptop|portable|book/i.test(`${system?.chassis} ${system?.model}`)) return 'laptop'
  if (/server|rack|blade/i.test(system?.chassis ?? '')) return 'server'
  if (system) return 'desktop'
  return 'other'
}
