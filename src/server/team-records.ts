import type { PoolClient } from 'pg'
import { DeskError } from '../shared/errors'

/**
 * The writes the team's directory shares between account and team changes, each inside the caller's
 * change-order transaction: the audit line, the group check, signing out an account's devices, and
 * one team setting.
 */

/** The directory's version: the latest change to any part of it. */
export const teamVersionSql =
  'SELECT greatest((SELECT max(change_seq) FROM team_groups), (SELECT max(change_seq) FROM accounts), (SELECT max(change_seq) FROM team_settings)) AS v'

/** One line of the admin audit log; `actorId` is null for the command line's `create-admin`. */
export async function audit(client: PoolClient, actorId: string | null, action: string, target: string, detail: unknown): Promise<void> {
  await client.query('INSERT INTO admin_audit (actor_id, action, target, detail) VALUES ($1, $2, $3, $4)', [actorId, action, target, JSON.stringify(detail)])
}

/** Every id names a live group of this server, or the change is refused. */
export async function checkGroups(client: PoolClient, ids: string[]): Promise<void> {
  if (ids.length === 0) return
  const live = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM team_groups WHERE id = ANY($1::uuid[]) AND removed_at IS NULL', [ids])).rows[0]!.n
  if (live !== new Set(ids).size) throw new DeskError('INVALID_INPUT', 'A group is not one of this desk server’s groups.')
}

/** Signs out every device of the account; each server instance then ends their live channels (`desk_revoked`). */
export async function revokeAccountDevices(client: PoolClient, accountId: string): Promise<string[]> {
  const revoked = (await client.query<{ id: string }>('UPDATE devices SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL RETURNING id', [accountId])).rows.map((r) => r.id)
  if (revoked.length) await client.query("SELECT pg_notify('desk_revoked', $1)", [JSON.stringify(revoked)])
  return revoked
}

/** One team setting, whole, with a new change sequence so desks take it with their next pull. */
export async function putSetting(client: PoolClient, key: string, data: unknown): Promise<void> {
  await client.query(
    "INSERT INTO team_settings (key, data, change_seq) VALUES ($1, $2, change_seq_next()) ON CONFLICT (key) DO UPDATE SET data = excluded.data, change_seq = excluded.change_seq",
    [key, JSON.stringify(data)]
  )
}
