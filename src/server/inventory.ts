import { randomBytes } from 'node:crypto'
import type { Pool } from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { DeskError } from '../shared/errors'
import { assetIdentity } from '../shared/asset-sync'
import { clockSkewMs } from '../shared/hlc'
import type { Snapshot } from '../shared/inventory'
import type { EnrollmentInfo, PendingReview } from '../shared/server-contract'
import type { z } from 'zod'
import { tokenHash } from './accounts'
import { fileIdentity, inChangeOrder } from './assets'
import { changeHorizon } from './change-horizon'

/** A token for `frontline-probe --post … --enroll …`: it can send snapshots and nothing else, until it expires or is revoked. Shown once, stored hashed. */
export async function createEnrollment(pool: Pool, label: string, createdBy: string | null, days = 90): Promise<{ id: string; token: string; label: string; expiresAt: string }> {
  const id = uuidv7()
  const token = `enr_${randomBytes(24).toString('base64url')}`
  const { rows } = await pool.query<{ expires_at: Date }>(
    "INSERT INTO enrollment_tokens (id, token_hash, label, created_by, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(days => $5)) RETURNING expires_at",
    [id, tokenHash(token), label, createdBy, days]
  )
  return { id, token, label, expiresAt: rows[0]!.expires_at.toISOString() }
}

type EnrollmentInfo = z.infer<typeof EnrollmentInfo>

/** Every enrollment token, newest first, with who made it and how much it was used; never the token itself. */
export async function listEnrollments(pool: Pool): Promise<EnrollmentInfo[]> {
  const { rows } = await pool.query<{ id: string; label: string; created_by: string | null; created_at: Date; expires_at: Date; last_used_at: Date | null; revoked_at: Date | null; snapshots: number }>(
    `SELECT e.id, e.label, a.name AS created_by, e.created_at, e.expires_at, e.last_used_at, e.revoked_at,
       (SELECT count(*)::int FROM inventory_snapshots s WHERE s.enrollment_id = e.id) AS snapshots
     FROM enrollment_tokens e LEFT JOIN accounts a ON a.id = e.created_by ORDER BY e.created_at DESC`
  )
  const iso = (d: Date | null) => (d ? d.toISOString() : null)
  return rows.map((r) => ({ id: r.id, label: r.label, createdBy: r.created_by, createdAt: r.created_at.toISOString(), expiresAt: r.expires_at.toISOString(), lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at), snapshots: r.snapshots }))
}

export async function revokeEnrollment(pool: Pool, id: string): Promise<{ revoked: true }> {
  const result = await pool.query('UPDATE enrollment_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id])
  if (result.rowCount === 0 && (await pool.query('SELECT 1 FROM enrollment_tokens WHERE id = $1', [id])).rowCount === 0) throw new DeskError('NOT_FOUND', 'No enrollment token with that id.')
  return { revoked: true }
}

export async function checkEnrollment(pool: Pool, token: string): Promise<string> {
  const row = (
    await pool.query<{ id: string }>('UPDATE enrollment_tokens SET last_used_at = now() WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id', [tokenHash(token)])
  ).rows[0]
  if (!row) throw new DeskError('UNAUTHORIZED', 'This enrollment token is unknown, expired or revoked. Ask the desk for a new one.')
  return row.id
}

/**
 * What a person recognises a machine by, and what desks offer as a remote-session target: its name,
 * its network cards, and the networks its IPv4 addresses are on. An enrollment snapshot that changes
 * any of these for a machine the desk knows waits for review. An address may move within its /24
 * unreviewed (DHCP hands out a new one in the same scope daily); one on another network (the address
 * an attacker would have the desk connect to) may not. Link-local addresses are never offered, so never count.
 */
function faceOf(snapshot: Snapshot): string {
  const network = snapshot.sections.network
  const nets = (network?.status === 'ok' ? network.data.interfaces : [])
    .map((nic) => /^(\d+\.\d+\.\d+)\.\d+$/.exec(nic.ipv4)?.[1])
    .filter((net): net is string => !!net && !net.startsWith('169.254'))
  return JSON.stringify([(snapshot.identity.hostname ?? '').toLowerCase(), [...snapshot.identity.macs].map((m) => m.toLowerCase()).sort(), [...new Set(nets)].sort()])
}

type PendingReview = z.infer<typeof PendingReview>

/** Enrollment snapshots waiting for a person: what they claim, and what the desk knew. */
export async function listReviews(pool: Pool): Promise<PendingReview[]> {
  const { rows } = await pool.query<{ id: string; label: string | null; received_at: Date; snapshot: Snapshot; was: string | null }>(
    `SELECT s.id, e.label, s.received_at, s.snapshot,
       (SELECT k.snapshot->'identity'->>'hostname' FROM inventory_snapshots k WHERE NOT k.needs_review
          AND ((k.snapshot->'identity'->>'serial' <> '' AND k.snapshot->'identity'->>'serial' = s.snapshot->'identity'->>'serial')
            OR (k.snapshot->'identity'->>'uuid' <> '' AND k.snapshot->'identity'->>'uuid' = s.snapshot->'identity'->>'uuid'))
          ORDER BY k.received_at DESC LIMIT 1) AS was
     FROM inventory_snapshots s LEFT JOIN enrollment_tokens e ON e.id = s.enrollment_id WHERE s.needs_review ORDER BY s.received_at`
  )
  return rows.map((r) => ({ id: r.id, enrollment: r.label, receivedAt: r.received_at.toISOString(), hostname: r.snapshot.identity.hostname ?? '', wasHostname: r.was }))
}

/** A person's decision: accepted, the snapshot is filed and reaches every desk; refused, it is dropped. */
export async function decideReview(pool: Pool, id: string, accept: boolean): Promise<{ accepted: boolean }> {
  return inChangeOrder<{ accepted: boolean }>(pool, async (client) => {
    const row = (await client.query<{ snapshot: Snapshot }>('SELECT snapshot FROM inventory_snapshots WHERE id = $1 AND needs_review', [id])).rows[0]
    if (!row) throw new DeskError('NOT_FOUND', 'No snapshot waiting for review with that id.')
    if (!accept) {
      await client.query('DELETE FROM inventory_snapshots WHERE id = $1', [id])
      return { value: { accepted: false }, changed: false }
    }
    await client.query("UPDATE inventory_snapshots SET needs_review = false, change_seq = change_seq_next() WHERE id = $1", [id])
    await fileIdentity(client, assetIdentity(row.snapshot.identity), { merge: false })
    return { value: { accepted: true }, changed: true }
  })
}

/**
 * Stores a snapshot once (its id makes a resend harmless) and files it under its machine's asset
 * record, creating one the first time the machine is seen (the headless probe's machines too).
 */
export async function recordSnapshot(pool: Pool, id: string, snapshot: Snapshot, from: { enrollmentId?: string; deviceId?: string }, now = Date.now()): Promise<{ id: string; stored: boolean; assetId: string | null; needsReview: boolean }> {
  if (Date.parse(snapshot.takenAt) > now + clockSkewMs) throw new DeskError('INVALID_INPUT', 'The snapshot is dated in the future; set that machine’s clock right and probe again.')
  return inChangeOrder(pool, async (client) => {
    const identity = assetIdentity(snapshot.identity)
    const named = identity.serial || identity.uuid || identity.macs.length
    // A machine the desk already knows, renamed or re-carded by a token anyone on that machine could have read: a person looks first.
    let needsReview = false
    if (from.enrollmentId && named) {
      const known = await client.query<{ snapshot: Snapshot }>(
        `SELECT snapshot FROM inventory_snapshots WHERE NOT needs_review
           AND (($1 <> '' AND snapshot->'identity'->>'serial' = $1) OR ($2 <> '' AND snapshot->'identity'->>'uuid' = $2))
         ORDER BY received_at DESC LIMIT 1`,
        [identity.serial, identity.uuid]
      )
      needsReview = !!known.rows[0] && faceOf(known.rows[0].snapshot) !== faceOf(snapshot)
    }
    const result = await client.query(
      `INSERT INTO inventory_snapshots (id, taken_at, snapshot, enrollment_id, device_id, needs_review, change_seq)
       VALUES ($1, $2, $3, $4, $5, $6, change_seq_next()) ON CONFLICT (id) DO NOTHING`,
      [id, snapshot.takenAt, JSON.stringify(snapshot), from.enrollmentId ?? null, from.deviceId ?? null, needsReview]
    )
    const stored = result.rowCount === 1
    // A probe's enrollment token may file its machine, never merge two records the desk keeps apart.
    const assetId = stored && named && !needsReview ? await fileIdentity(client, identity, { merge: !from.enrollmentId }) : null
    return { value: { id, stored, assetId, needsReview }, changed: stored }
  })
}

/** Snapshots in change order; one waiting for review stays on the server (and in the review list) until a person accepts it. */
export async function pullSnapshots(pool: Pool, cursor: number, limit: number): Promise<{ cursor: number; more: boolean; snapshots: Array<{ id: string; snapshot: Snapshot }> }> {
  const horizon = await changeHorizon(pool)
  const rows = (
    await pool.query<{ id: string; snapshot: Snapshot; change_seq: string; needs_review: boolean }>(
      'SELECT id, snapshot, change_seq, needs_review FROM inventory_snapshots WHERE change_seq > $1 AND change_seq <= $3 ORDER BY change_seq LIMIT $2',
      [cursor, limit, horizon]
    )
  ).rows
  return { cursor: rows.length ? Number(rows.at(-1)!.change_seq) : cursor, more: rows.length === limit, snapshots: rows.filter((r) => !r.needs_review).map((r) => ({ id: r.id, snapshot: r.snapshot })) }
}
