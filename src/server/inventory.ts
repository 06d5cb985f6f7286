import { randomBytes } from 'node:crypto'
import type { Pool } from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { DeskError } from '../shared/errors'
import { assetIdentity } from '../shared/asset-sync'
import type { Snapshot } from '../shared/inventory'
import { tokenHash } from './accounts'
import { fileIdentity, inChangeOrder } from './assets'

/** A token for `frontline-probe --post … --enroll …`: it can send snapshots and nothing else. Shown once, stored hashed. */
export async function createEnrollment(pool: Pool, label: string, createdBy: string | null): Promise<{ id: string; token: string; label: string }> {
  const id = uuidv7()
  const token = `enr_${randomBytes(24).toString('base64url')}`
  await pool.query('INSERT INTO enrollment_tokens (id, token_hash, label, created_by) VALUES ($1, $2, $3, $4)', [id, tokenHash(token), label, createdBy])
  return { id, token, label }
}

export async function checkEnrollment(pool: Pool, token: string): Promise<string> {
  const row = (await pool.query<{ id: string }>('SELECT id FROM enrollment_tokens WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash(token)])).rows[0]
  if (!row) throw new DeskError('UNAUTHORIZED', 'This enrollment token is unknown or was revoked. Ask the desk for a new one.')
  return row.id
}

/**
 * Stores a snapshot once (its id makes a resend harmless) and files it under its machine's asset
 * record, creating one the first time the machine is seen (the headless probe's machines too).
 */
export async function recordSnapshot(pool: Pool, id: string, snapshot: Snapshot, from: { enrollmentId?: string; deviceId?: string }): Promise<{ id: string; stored: boolean; assetId: string | null }> {
  return inChangeOrder(pool, async (client) => {
    const result = await client.query(
      `INSERT INTO inventory_snapshots (id, taken_at, snapshot, enrollment_id, device_id, change_seq)
       VALUES ($1, $2, $3, $4, $5, nextval('change_seq')) ON CONFLICT (id) DO NOTHING`,
      [id, snapshot.takenAt, JSON.stringify(snapshot), from.enrollmentId ?? null, from.deviceId ?? null]
    )
    const stored = result.rowCount === 1
    const identity = assetIdentity(snapshot.identity)
    const named = identity.serial || identity.uuid || identity.macs.length
    // A probe's enrollment token may file its machine, never merge two records the desk keeps apart.
    const assetId = stored && named ? await fileIdentity(client, identity, { merge: !from.enrollmentId }) : null
    return { value: { id, stored, assetId }, changed: stored }
  })
}

export async function pullSnapshots(pool: Pool, cursor: number, limit: number): Promise<{ cursor: number; more: boolean; snapshots: Array<{ id: string; snapshot: Snapshot }> }> {
  const rows = (
    await pool.query<{ id: string; snapshot: Snapshot; change_seq: string }>('SELECT id, snapshot, change_seq FROM inventory_snapshots WHERE change_seq > $1 ORDER BY change_seq LIMIT $2', [cursor, limit])
  ).rows
  return { cursor: rows.length ? Number(rows.at(-1)!.change_seq) : cursor, more: rows.length === limit, snapshots: rows.map((r) => ({ id: r.id, snapshot: r.snapshot })) }
}
