import type { Pool, PoolClient } from 'pg'
import { changeHorizon } from './change-horizon'
import { nudgeDesks } from './desk-nudge'
import { v7 as uuidv7 } from 'uuid'
import type { AssetChange, AssetClocks, AssetFields, AssetIdentity, AssetPage, AssetPushAnswer } from '../shared/asset-sync'
import { mergeFields } from '../shared/field-merge'
import { aheadReason, runsAhead } from '../shared/hlc'

interface AssetRow {
  id: string
  tag: string
  serial: string
  uuid: string
  fields: AssetFields
  clocks: AssetClocks
  merged_into: string | null
  macs: string[] | null
}

const selectAsset = `SELECT a.id, a.tag, a.serial, a.uuid, a.fields, a.clocks, a.merged_into,
  (SELECT array_agg(mac ORDER BY mac) FROM asset_macs m WHERE m.asset_id = a.id) AS macs FROM assets a`

/**
 * Runs `work` in a transaction and nudges the desks when it changed something. Its change sequences
 * come from change_seq_next() with no lock; pulls read only below the writers still running
 * (change-horizon.ts), so a slower writer's rows are never read past.
 */
export async function inChangeOrder<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<{ value: T; changed: boolean }>,
  rows: { tickets?: string[]; people?: string[] } = {}
): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    // Rows it will write to (or add timeline entries to) are locked first, in id order, so two
    // writers touching the same tickets queue rather than deadlock.
    if (rows.people?.length) await client.query('SELECT id FROM people WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [[...new Set(rows.people)]])
    if (rows.tickets?.length) await client.query('SELECT id FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [[...new Set(rows.tickets)]])
    const { value, changed } = await work(client)
    await client.query('COMMIT')
    if (changed) nudgeDesks(pool)
    return value
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/**
 * Files each pushed record: merged into the machine it is (by serial, UUID or MAC), fields kept per
 * field by the later stamp. Folding two records into one is for good, so a record push may do it only
 * for a supervisor or admin (`mayMerge`); anyone else's lands on the record it names, or the oldest match.
 */
export async function pushAssets(pool: Pool, changes: AssetChange[], { mayMerge, now }: { mayMerge: boolean; now: number }): Promise<AssetPushAnswer> {
  return inChangeOrder(pool, async (client) => {
    const results: AssetPushAnswer['results'] = []
    const refused: AssetPushAnswer['refused'] = []
    for (const change of changes) {
      // A stamp from the future would win every later edit, from every desk, until that time came.
      if (Object.values(change.clocks).some((stamp) => stamp && runsAhead(stamp, now))) {
        refused.push({ id: change.id, reason: aheadReason })
        continue
      }
      const live = await fileIdentity(client, change.identity, { id: change.id, proposedTag: change.tag, merge: mayMerge })
      await applyFields(client, live, change.fields, change.clocks)
      results.push({ id: change.id, assetId: live, tag: (await one(client, live)).tag })
    }
    return { value: { results, refused }, changed: results.length > 0 }
  })
}

/**
 * The live record for a machine, inside a change-order transaction: the one `id` already names or
 * that the identity matches; several matches are merged into the oldest (unless `merge` is off);
 * none makes a new record (under the desk's `id`, or a fresh one for a snapshot). An id a desk sent
 * that turns out to be a known machine is kept as a pointer to it, so that desk learns where it went.
 */
export async function fileIdentity(
  client: PoolClient,
  identity: AssetIdentity,
  { id, proposedTag = '', merge: mayMerge = true }: { id?: string; proposedTag?: string; merge?: boolean } = {}
): Promise<string> {
  const named = id ? await resolve(client, id) : null
  const matches = (
    await client.query<{ id: string }>(
      `SELECT id FROM assets WHERE merged_into IS NULL AND (
         (serial <> '' AND serial = $1) OR (uuid <> '' AND uuid = $2)
         OR id IN (SELECT asset_id FROM asset_macs WHERE mac = ANY($3::text[])))
       ORDER BY id`,
      [identity.serial, identity.uuid, identity.macs]
    )
  ).rows.map((r) => r.id)
  const candidates = [...new Set([...(named ? [named] : []), ...matches])].sort()
  let live: string
  if (candidates.length === 0) {
    live = id ?? uuidv7()
    await client.query("INSERT INTO assets (id, tag, change_seq) VALUES ($1, $2, change_seq_next())", [live, await freeTag(client, proposedTag)])
  } else {
    // UUID v7 ids sort by creation: the oldest record survives, with the tag people have seen longest.
    live = candidates[0]!
    if (mayMerge) for (const other of candidates.slice(1)) await merge(client, other, live)
    // Not allowed to merge, and naming two machines at once: nothing is learned from it.
    else if (candidates.length > 1) return live
    if (id && !named) await client.query("INSERT INTO assets (id, tag, merged_into, change_seq) VALUES ($1, $2, $3, change_seq_next())", [id, proposedTag || '-', live])
  }
  await client.query(
    `UPDATE assets SET serial = CASE WHEN serial = '' THEN $2 ELSE serial END, uuid = CASE WHEN uuid = '' THEN $3 ELSE uuid END,
       change_seq = change_seq_next() WHERE id = $1`,
    [live, identity.serial, identity.uuid]
  )
  if (identity.macs.length) await client.query('INSERT INTO asset_macs (mac, asset_id) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING', [identity.macs, live])
  return live
}

/** Where a record lives now, following merge pointers; null when the server has never seen the id. */
async function resolve(client: PoolClient, id: string): Promise<string | null> {
  let current: string | null = id
  for (let hops = 0; current && hops < 32; hops++) {
    const row: { merged_into: string | null } | undefined = (await client.query<{ merged_into: string | null }>('SELECT merged_into FROM assets WHERE id = $1', [current])).rows[0]
    if (!row) return hops === 0 ? null : current
    if (!row.merged_into) return current
    current = row.merged_into
  }
  return current
}

/** Folds `from` into `into`: per field the later stamp wins, MACs move, and `from` (and anything folded into it) points at `into`. */
async function merge(client: PoolClient, from: string, into: string): Promise<void> {
  const source = await one(client, from)
  await applyFields(client, into, source.fields, source.clocks)
  await client.query('INSERT INTO asset_macs (mac, asset_id) SELECT mac, $2 FROM asset_macs WHERE asset_id = $1 ON CONFLICT DO NOTHING', [from, into])
  await client.query('DELETE FROM asset_macs WHERE asset_id = $1', [from])
  await client.query(
    `UPDATE assets SET serial = CASE WHEN serial = '' THEN $2 ELSE serial END, uuid = CASE WHEN uuid = '' THEN $3 ELSE uuid END WHERE id = $1`,
    [into, source.serial, source.uuid]
  )
  await client.query("UPDATE assets SET merged_into = $2, change_seq = change_seq_next() WHERE id = $1 OR merged_into = $1", [from, into])
}

/** Keeps, per field, whichever value carries the later stamp (the shared rule every replica follows). */
async function applyFields(client: PoolClient, id: string, fields: AssetFields, clocks: AssetClocks): Promise<void> {
  const current = await one(client, id)
  const merged = mergeFields<AssetFields>(current, { fields, clocks })
  if (merged.taken.length) await client.query("UPDATE assets SET fields = $2, clocks = $3, change_seq = change_seq_next() WHERE id = $1", [id, merged.fields, merged.clocks])
}

/** The tag a desk proposed when no live record holds it, else the next number from the server's sequence. */
async function freeTag(client: PoolClient, proposed: string): Promise<string> {
  const taken = async (tag: string) => (await client.query('SELECT 1 FROM assets WHERE lower(tag) = lower($1) AND merged_into IS NULL', [tag])).rowCount !== 0
  if (proposed && !(await taken(proposed))) return proposed
  for (;;) {
    const tag = `AST-${(await client.query<{ n: string }>("SELECT nextval('asset_tag_seq') AS n")).rows[0]!.n}`
    if (!(await taken(tag))) return tag
  }
}

async function one(client: PoolClient, id: string): Promise<AssetRow> {
  return (await client.query<AssetRow>(`${selectAsset} WHERE a.id = $1`, [id])).rows[0]!
}

export async function pullAssets(pool: Pool, cursor: number, limit: number): Promise<AssetPage> {
  const horizon = await changeHorizon(pool)
  const rows = (await pool.query<AssetRow & { change_seq: string }>(`${selectAsset.replace('a.merged_into,', 'a.merged_into, a.change_seq,')} WHERE a.change_seq > $1 AND a.change_seq <= $3 ORDER BY a.change_seq LIMIT $2`, [cursor, limit, horizon])).rows
  return {
    cursor: rows.length ? Number(rows.at(-1)!.change_seq) : cursor,
    more: rows.length === limit,
    assets: rows.map((r) => ({
      id: r.id,
      tag: r.tag,
      mergedInto: r.merged_into,
      identity: { serial: r.serial, uuid: r.uuid, macs: r.macs ?? [] },
      fields: r.fields,
      clocks: r.clocks
    }))
  }
}
