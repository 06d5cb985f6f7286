import type { Database } from 'better-sqlite3'
import { createHash } from 'node:crypto'
import type { Outbox } from '../store/outbox'

/**
 * Everything this desk holds that the desk server does not have yet: outbox changes, article
 * versions, asset record edits and machine snapshots. A wipe must not lose any of it unseen: it names
 * the fingerprint of the export the technician saved, and anything newer refuses the wipe.
 */
export class UnsentWork {
  constructor(
    private readonly db: Database,
    private readonly outbox: Outbox,
    private readonly serverUrl: () => string | null,
    private readonly now: () => Date
  ) {}

  fingerprint(): { count: number; fingerprint: string } {
    return fingerprintOf(this.collect())
  }

  /** All of it as one JSON file to keep before a wipe, with the fingerprint the wipe must then name. */
  export(): { fileName: string; json: string; count: number; fingerprint: string } {
    const at = this.now().toISOString()
    const unsent = this.collect()
    const json = JSON.stringify({ exportedAt: at, serverUrl: this.serverUrl(), ...unsent }, null, 2)
    return { fileName: `frontline-unsent-${at.slice(0, 19).replace(/[:T]/g, '-')}.json`, json, ...fingerprintOf(unsent) }
  }

  private collect(): Record<'changes' | 'articleVersions' | 'assetRecords' | 'snapshots', unknown[]> {
    const all = <T>(sql: string) => this.db.prepare(sql).all() as T[]
    return {
      changes: this.outbox.all().map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown })),
      articleVersions: all('SELECT * FROM kb_versions WHERE shared = 0 ORDER BY stamp'),
      assetRecords: all('SELECT id, tag, name, asset_class, serial, uuid, owner_id, location, purchase_date, warranty_end, unsent FROM assets WHERE unsent IS NOT NULL ORDER BY id'),
      snapshots: all<{ id: string; asset_id: string; snapshot: string }>('SELECT id, asset_id, snapshot FROM asset_snapshots WHERE shared = 0 ORDER BY taken_at').map((r) => ({ ...r, snapshot: JSON.parse(r.snapshot) as unknown }))
    }
  }
}

function fingerprintOf(unsent: Record<string, unknown[]>): { count: number; fingerprint: string } {
  const count = Object.values(unsent).reduce((n, list) => n + list.length, 0)
  return { count, fingerprint: count ? createHash('sha256').update(JSON.stringify(unsent)).digest('hex').slice(0, 32) : 'nothing' }
}
