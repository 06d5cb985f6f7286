import type { Database, Statement } from 'better-sqlite3'
import { AssetField, assetIdentity, type AssetChange, type AssetClocks, type AssetFields, type AssetPushAnswer, type ServerAsset } from '../../../shared/asset-sync'
import { stampWins } from '../../../shared/field-merge'
import { DeskClock } from '../store/desk-clock'
import { ensurePerson } from '../store/directory'
import { carryMachineLinks } from '../store/ticket-writes'
import { columnOf, oweStamps, updateAsset, type AssetStore } from './asset-store'

interface OwedRow {
  id: string
  tag: string
  serial: string
  uuid: string
  name: string
  asset_class: string
  owner_id: string | null
  owner_name: string | null
  location: string | null
  purchase_date: string | null
  warranty_end: string | null
  unsent: string
  macs: string | null
}

const assetColumns = 'tag, name, asset_class, serial, uuid, hostname, owner_id, location, purchase_date, warranty_end, last_seen_at, created_at, clocks, unsent'

/**
 * This desk's copy of the server's asset records: what it owes the server (records it created, fields
 * it set) and how the server's answer folds back in. A field with an unacknowledged local edit keeps
 * its local value until the server has merged it; a record the server found to be another machine's
 * is folded into that one, snapshots, MACs and ticket links included.
 */
export class AssetReplica {
  private readonly stmt: {
    owed: Statement<[number], OwedRow>
    row: Statement<[string], { id: string; tag: string; clocks: string; unsent: string | null }>
    clearUnsent: Statement<[string | null, string]>
  }

  private readonly clock: DeskClock

  constructor(
    private readonly db: Database,
    private readonly assets: AssetStore,
    private readonly now: () => Date,
    clock: DeskClock = new DeskClock(db)
  ) {
    this.clock = clock
    this.stmt = {
      owed: db.prepare(`
        SELECT a.id, a.tag, a.serial, a.uuid, a.name, a.asset_class, a.owner_id, p.name AS owner_name, a.location, a.purchase_date, a.warranty_end, a.unsent,
          (SELECT group_concat(mac, ' ') FROM asset_macs m WHERE m.asset_id = a.id) AS macs
        FROM assets a LEFT JOIN people p ON p.id = a.owner_id WHERE a.unsent IS NOT NULL ORDER BY a.id LIMIT ?`),
      row: db.prepare('SELECT id, tag, clocks, unsent FROM assets WHERE id = ?'),
      clearUnsent: db.prepare('UPDATE assets SET unsent = ? WHERE id = ?')
    }
  }

  /**
   * Stamps again every unsent field a fast clock stamped further ahead than the desk server accepts
   * (the server refuses those). Returns how many records were stamped again.
   */
  restampAhead(localMs: number): number {
    const rows = this.db.prepare('SELECT id, clocks, unsent FROM assets WHERE unsent IS NOT NULL').all() as Array<{ id: string; clocks: string; unsent: string }>
    const update = this.db.prepare('UPDATE assets SET clocks = ?, unsent = ? WHERE id = ?')
    let restamped = 0
    this.db.transaction(() => {
      for (const row of rows) {
        const unsent = JSON.parse(row.unsent) as AssetClocks
        const clocks = JSON.parse(row.clocks) as AssetClocks
        const ahead = (Object.entries(unsent) as Array<[AssetField, string]>).filter(([, stamp]) => this.clock.runsAhead(stamp, localMs))
        if (ahead.length === 0) continue
        for (const [field, stamp] of ahead) {
          const fresh = this.clock.restamp(localMs)
          unsent[field] = fresh
          if (clocks[field] === stamp) clocks[field] = fresh
        }
        update.run(JSON.stringify(clocks), JSON.stringify(unsent), row.id)
        restamped++
      }
    })()
    return restamped
  }

  /** Up to `limit` records the server has not acknowledged, as pushes, each with the fields owed and their stamps. */
  owed(limit: number): Array<{ change: AssetChange; unsent: AssetClocks }> {
    return this.stmt.owed.all(limit).map((row) => {
      const unsent = JSON.parse(row.unsent) as AssetClocks
      const values: Required<Omit<AssetFields, 'ownerName'>> = {
        name: row.name,
        assetClass: row.asset_class as Required<AssetFields>['assetClass'],
        ownerId: row.owner_id,
        location: row.location,
        purchaseDate: row.purchase_date,
        warrantyEnd: row.warranty_end
      }
      const fields: Record<string, unknown> = {}
      const clocks: AssetClocks = {}
      for (const [field, stamp] of Object.entries(unsent) as Array<[keyof typeof values, string]>) {
        fields[field] = values[field]
        clocks[field] = stamp
        if (field === 'ownerId') {
          fields.ownerName = row.owner_name
          clocks.ownerName = stamp
        }
      }
      const identity = assetIdentity({ serial: row.serial, uuid: row.uuid, macs: row.macs ? row.macs.split(' ') : [] })
      return { change: { id: row.id, tag: row.tag, identity, fields: fields as AssetFields, clocks }, unsent }
    })
  }

  /** The server's answer to a push: what it took is no longer owed; a record it knew under another id moves there, and takes its tag. */
  acknowledge(answer: AssetPushAnswer, sent: Map<string, AssetClocks>): void {
    this.db.transaction(() => {
      for (const result of answer.results) {
        const row = this.stmt.row.get(result.id)
        if (!row) continue
        // Only what was sent is settled: a field edited again meanwhile is still owed.
        const before = sent.get(result.id) ?? {}
        const still = Object.entries(JSON.parse(row.unsent ?? '{}') as AssetClocks).filter(([f, stamp]) => before[f as AssetField] !== stamp)
        this.stmt.clearUnsent.run(still.length ? JSON.stringify(Object.fromEntries(still)) : null, result.id)
        this.fold(result.id, result.assetId)
        this.setTag(result.assetId, result.tag)
      }
    })()
  }

  /** One record from the server's pull; true when anything on this desk changed. */
  receive(asset: ServerAsset): boolean {
    return this.db.transaction(() => {
      if (asset.mergedInto) return this.fold(asset.id, asset.mergedInto)
      let row = this.stmt.row.get(asset.id)
      if (!row) {
        // A machine this desk filed under an id of its own that the server has not answered for yet.
        const local = this.assets.find(asset.identity)
        if (local && this.stmt.row.get(local)?.unsent != null) this.fold(local, asset.id)
        else {
          this.db
            .prepare(`INSERT INTO assets (id, tag, name, asset_class, serial, uuid, created_at) VALUES (?, ?, ?, 'other', ?, ?, ?)`)
            .run(asset.id, `~${asset.id}`, asset.identity.serial ? `Serial ${asset.identity.serial}` : asset.tag, asset.identity.serial, asset.identity.uuid, this.now().toISOString())
        }
        row = this.stmt.row.get(asset.id)!
      }
      // This desk's next edit sorts after what it has seen, whatever its own clock says.
      for (const stamp of Object.values(asset.clocks)) if (stamp) this.clock.observe(stamp, this.now().getTime())
      const owed = JSON.parse(row.unsent ?? '{}') as AssetClocks
      const clocks = JSON.parse(row.clocks) as AssetClocks
      const values: Record<string, unknown> = {}
      for (const [field, value] of Object.entries(asset.fields)) {
        const stamp = asset.clocks[field as AssetField]
        if (field === 'ownerName' || field in owed || !stamp) continue
        if (field === 'ownerId' && value) ensurePerson(this.db, value as string, asset.fields.ownerName ?? 'Someone on another desk')
        values[columnOf[field as keyof typeof columnOf]] = value
        clocks[field as AssetField] = stamp
      }
      this.db
        .prepare(updateAsset(Object.keys(values), { also: ['clocks = @clocks', "serial = CASE WHEN serial = '' THEN @serial ELSE serial END", "uuid = CASE WHEN uuid = '' THEN @uuid ELSE uuid END"] }))
        .run({ ...values, clocks: JSON.stringify(clocks), serial: asset.identity.serial, uuid: asset.identity.uuid, id: asset.id })
      const addMac = this.db.prepare('INSERT INTO asset_macs (mac, asset_id) VALUES (?, ?) ON CONFLICT DO NOTHING')
      for (const mac of asset.identity.macs) addMac.run(mac, asset.id)
      this.setTag(asset.id, asset.tag)
      return true
    })()
  }

  /**
   * Moves everything of `from` into `to`: snapshots, MACs, ticket links, and the fields `from` still
   * owes (they are this desk's latest word). When `to` is not on this desk yet, `from` simply takes its id.
   */
  private fold(from: string, to: string): boolean {
    if (from === to) return false
    const source = this.stmt.row.get(from)
    if (!source) return false
    const target = this.stmt.row.get(to)
    if (!target) {
      this.db.prepare(`INSERT INTO assets (id, ${assetColumns}) SELECT ?, '~' || ?, ${assetColumns.replace('tag, ', '')} FROM assets WHERE id = ?`).run(to, to, from)
    } else if (source.unsent) {
      const owed = Object.entries(JSON.parse(source.unsent) as AssetClocks) as Array<[keyof typeof columnOf | 'ownerName', string]>
      const targetClocks = JSON.parse(target.clocks) as AssetClocks
      const carried = owed.filter(([field, stamp]) => field !== 'ownerName' && !stampWins(targetClocks[field], stamp)) as Array<[keyof typeof columnOf, string]>
      if (carried.length) {
        const stamps = JSON.stringify(Object.fromEntries(carried))
        const sql = updateAsset(
          carried.map(([field]) => columnOf[field]),
          { value: (column) => `(SELECT ${column} FROM assets WHERE id = @from)`, also: ['clocks = json_patch(clocks, @stamps)', oweStamps], where: 'id = @to' }
        )
        this.db.prepare(sql).run({ from, to, stamps })
      }
    }
    this.db.prepare('INSERT INTO asset_macs (mac, asset_id) SELECT mac, ? FROM asset_macs WHERE asset_id = ? ON CONFLICT DO NOTHING').run(to, from)
    this.db.prepare('DELETE FROM asset_macs WHERE asset_id = ?').run(from)
    this.db.prepare('UPDATE asset_snapshots SET asset_id = ? WHERE asset_id = ?').run(to, from)
    carryMachineLinks(this.db, from, to)
    this.db.prepare('DELETE FROM assets WHERE id = ?').run(from)
    if (!target) this.setTag(to, source.tag)
    return true
  }

  /** Tags are unique on a desk: a record of this desk's that holds the tag the server gave another moves to a new local number. */
  private setTag(id: string, tag: string): void {
    const holder = this.db.prepare('SELECT id FROM assets WHERE tag = ? COLLATE NOCASE AND id <> ?').get(tag, id) as { id: string } | undefined
    if (holder) this.db.prepare('UPDATE assets SET tag = ? WHERE id = ?').run(this.assets.newTag(), holder.id)
    this.db.prepare('UPDATE assets SET tag = ? WHERE id = ?').run(tag, id)
  }
}
