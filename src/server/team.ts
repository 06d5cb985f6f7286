import type { Pool, PoolClient } from 'pg'
import { DeskError } from '../shared/errors'
import { formatHlc } from '../shared/hlc'
import type { Role } from '../shared/sync'
import type { z } from 'zod'
import type { LifecyclePolicy } from '../shared/inventory'
import { defaultSlaTargets, officeWeek, TeamPolicies, type AuditEntry, type CannedList, type GroupInput, type SynonymGroups, type TeamDirectory } from '../shared/team'
import type { Caller } from './accounts'
import { inChangeOrder } from './assets'
import { changeHorizon } from './change-horizon'
import { audit, checkGroups, putSetting, revokeAccountDevices, teamVersionSql } from './team-records'

/**
 * The team's directory on the desk server: groups and members, accounts' roles and state, the
 * calendar and SLA targets, and the audit log of who changed them. Each change takes a change sequence
 * and nudges the desks, which receive the whole directory with their next pull; the version sent stops
 * at the change horizon, so a slower, older change still reaches a desk that read a newer one.
 */

/** The calendar and targets a new server starts with, once: office hours in the server's time zone. */
export async function ensureTeamSettings(pool: Pool, timeZone: string): Promise<void> {
  const defaults: Omit<TeamPolicies, 'overrides' | 'autoCloseDays' | 'attachmentMb'> = { calendar: officeWeek(timeZone), sla: defaultSlaTargets }
  await inChangeOrder(pool, async (client) => {
    let changed = false
    for (const [key, data] of Object.entries(defaults)) {
      const result = await client.query("INSERT INTO team_settings (key, data, change_seq) VALUES ($1, $2, change_seq_next()) ON CONFLICT DO NOTHING", [key, JSON.stringify(data)])
      changed ||= (result.rowCount ?? 0) > 0
    }
    return { value: undefined, changed }
  })
}

/** The directory's version: the latest change to any part of it. */
export async function teamVersion(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ v: string | null }>({
    name: 'team_version',
    text: teamVersionSql
  })
  return Number(rows[0]?.v ?? 0)
}

export async function teamDirectory(pool: Pool): Promise<TeamDirectory> {
  // The version sent is at most the change horizon, taken before the snapshot: a slower change below
  // it may still commit, and a desk holding a version past it would never be sent that change.
  const horizon = await changeHorizon(pool)
  const client = await pool.connect()
  try {
    // One snapshot of all three, so the version matches what is sent.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const version = (await client.query<{ v: string | null }>(teamVersionSql)).rows[0]?.v
    const groups = (
      await client.query<{ id: string; name: string; tier: 'L1' | 'L2' | 'L3'; members: string[]; removed: boolean }>(
        `SELECT g.id, g.name, g.tier, g.removed_at IS NOT NULL AS removed,
           coalesce((SELECT array_agg(m.account_id ORDER BY m.account_id) FROM team_members m WHERE m.group_id = g.id), '{}') AS members
         FROM team_groups g ORDER BY g.tier, g.name`
      )
    ).rows
    const accounts = (await client.query<{ id: string; email: string; name: string; role: Role; active: boolean }>('SELECT id, email, name, role, disabled_at IS NULL AS active FROM accounts ORDER BY name')).rows
    const settings = Object.fromEntries((await client.query<{ key: string; data: unknown }>('SELECT key, data FROM team_settings')).rows.map((r) => [r.key, r.data]))
    await client.query('COMMIT')
    const policies = TeamPolicies.parse({ calendar: settings.calendar, sla: settings.sla, overrides: settings.overrides ?? [], ...(settings.autoCloseDays !== undefined ? { autoCloseDays: settings.autoCloseDays } : {}), ...(settings.attachmentMb !== undefined ? { attachmentMb: settings.attachmentMb } : {}) })
    return { version: Math.min(Number(version ?? 0), horizon), groups, accounts, policies, canned: (settings.canned as CannedList | undefined) ?? null, synonyms: (settings.synonyms as SynonymGroups | undefined) ?? null, refresh: (settings.refresh as LifecyclePolicy | undefined) ?? null }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

async function checkAccounts(client: PoolClient, ids: string[]): Promise<void> {
  if (ids.length === 0) return
  const found = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts WHERE id = ANY($1::uuid[])', [ids])).rows[0]!.n
  if (found !== new Set(ids).size) throw new DeskError('INVALID_INPUT', 'A member is not an account of this desk server.')
}

/** Creates or changes a group: its name, tier and members (replaced as given). */
export async function putGroup(pool: Pool, actor: Caller, id: string, input: z.output<typeof GroupInput>): Promise<TeamDirectory['groups'][number]> {
  await inChangeOrder(pool, async (client) => {
    await checkAccounts(client, input.members)
    try {
      await client.query(
        `INSERT INTO team_groups (id, name, tier, change_seq) VALUES ($1, $2, $3, change_seq_next())
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, tier = excluded.tier, removed_at = NULL, change_seq = excluded.change_seq`,
        [id, input.name, input.tier]
      )
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new DeskError('CONFLICT', `A group named ${input.name} exists already.`)
      throw error
    }
    await client.query('DELETE FROM team_members WHERE group_id = $1', [id])
    await client.query('INSERT INTO team_members (group_id, account_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING', [id, input.members])
    await audit(client, actor.account.id, 'group.save', input.name, input)
    return { value: undefined, changed: true }
  })
  return { id, name: input.name, tier: input.tier, members: [...new Set(input.members)].sort(), removed: false }
}

/**
 * Retires a group. Its open tickets move to `moveTo` (stamped by the server, so the move wins over
 * older edits and loses to newer ones); without one, a group that still holds open tickets stays.
 * Closed tickets keep naming it: the group's row stays, marked removed.
 */
export async function removeGroup(pool: Pool, actor: Caller, id: string, moveTo: string | undefined, now: number): Promise<{ removed: true; moved: number }> {
  // Its open tickets are locked first, in id order (see inChangeOrder).
  const held = (await pool.query<{ id: string }>("SELECT id FROM tickets WHERE fields->>'group_id' = $1 AND fields->>'status' NOT IN ('resolved', 'closed')", [id])).rows.map((t) => t.id)
  return inChangeOrder(pool, async (client) => {
    const group = (await client.query<{ name: string }>('SELECT name FROM team_groups WHERE id = $1 AND removed_at IS NULL', [id])).rows[0]
    if (!group) throw new DeskError('NOT_FOUND', 'No such group.')
    const open = (await client.query<{ id: string }>("SELECT id FROM tickets WHERE fields->>'group_id' = $1 AND fields->>'status' NOT IN ('resolved', 'closed') FOR UPDATE", [id])).rows
    if (open.length && !moveTo) throw new DeskError('CONFLICT', `${group.name} still holds ${open.length} open ticket${open.length === 1 ? '' : 's'}: say which group they move to.`)
    if (moveTo) {
      if (moveTo === id || (await client.query('SELECT 1 FROM team_groups WHERE id = $1 AND removed_at IS NULL', [moveTo])).rowCount === 0) throw new DeskError('INVALID_INPUT', 'Move the tickets to another group that exists.')
      const stamp = formatHlc({ wall: now, counter: 0, node: 'desk-server' })
      await client.query(
        `UPDATE tickets SET fields = fields || jsonb_build_object('group_id', $2::text), clocks = clocks || jsonb_build_object('group_id', $3::text), change_seq = change_seq_next()
         WHERE id = ANY($1::uuid[])`,
        [open.map((t) => t.id), moveTo, stamp]
      )
    }
    await client.query("UPDATE team_groups SET removed_at = now(), change_seq = change_seq_next() WHERE id = $1", [id])
    await client.query('DELETE FROM team_members WHERE group_id = $1', [id])
    await audit(client, actor.account.id, 'group.remove', group.name, { moveTo: moveTo ?? null, moved: open.length })
    return { value: { removed: true as const, moved: open.length }, changed: true }
  }, { tickets: held })
}

/**
 * An account's name, role, groups, or state. Disabling one revokes every device it signed in at once;
 * `revoked` lists them so the server can close their live channels. An admin cannot lock themself out.
 */
export async function changeAccount(
  pool: Pool,
  actor: Caller,
  id: string,
  change: { name?: string | undefined; role?: Role | undefined; active?: boolean | undefined; groups?: string[] | undefined }
): Promise<{ revoked: string[] }> {
  if (id === actor.account.id && (change.active === false || (change.role && change.role !== actor.account.role))) {
    throw new DeskError('FORBIDDEN', 'You cannot disable your own account or change your own role; ask another admin.')
  }
  return inChangeOrder(pool, async (client) => {
    const found = (await client.query<{ email: string }>('SELECT email FROM accounts WHERE id = $1 FOR UPDATE', [id])).rows[0]
    if (!found) throw new DeskError('NOT_FOUND', 'No such account.')
    await client.query(
      `UPDATE accounts SET name = coalesce($2, name), role = coalesce($3, role),
         disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at WHEN $4 THEN NULL ELSE coalesce(disabled_at, now()) END,
         change_seq = change_seq_next() WHERE id = $1`,
      [id, change.name ?? null, change.role ?? null, change.active ?? null]
    )
    if (change.groups) {
      await checkGroups(client, change.groups)
      await client.query('DELETE FROM team_members WHERE account_id = $1', [id])
      await client.query('INSERT INTO team_members (group_id, account_id) SELECT unnest($2::uuid[]), $1 ON CONFLICT DO NOTHING', [id, change.groups])
      // Membership is part of the groups' rows as desks read them.
      await client.query("UPDATE team_groups SET change_seq = change_seq_next() WHERE id = ANY($1::uuid[]) OR id IN (SELECT group_id FROM team_members WHERE account_id = $2)", [change.groups, id])
    }
    const revoked = change.active === false ? await revokeAccountDevices(client, id) : []
    await audit(client, actor.account.id, change.active === false ? 'account.disable' : change.active === true ? 'account.enable' : 'account.change', found.email, change)
    return { value: { revoked }, changed: true }
  })
}

/** One of the team's shared lists, whole: canned responses, synonyms, or the refresh policy. */
export async function setShared<T>(pool: Pool, actor: Caller, key: 'canned' | 'synonyms' | 'refresh', data: T): Promise<T> {
  await inChangeOrder(pool, async (client) => {
    await putSetting(client, key, data)
    await audit(client, actor.account.id, `${key}.save`, key === 'canned' ? 'canned responses' : key === 'synonyms' ? 'knowledge synonyms' : 'refresh policy', data)
    return { value: undefined, changed: true }
  })
  return data
}

export async function setPolicies(pool: Pool, actor: Caller, policies: TeamPolicies): Promise<TeamPolicies> {
  await inChangeOrder(pool, async (client) => {
    for (const [key, data] of Object.entries(policies)) await putSetting(client, key, data)
    await audit(client, actor.account.id, 'policies.save', 'calendar and SLA targets', policies)
    return { value: undefined, changed: true }
  })
  return policies
}

export async function auditLog(pool: Pool, limit: number): Promise<AuditEntry[]> {
  const rows = (
    await pool.query<{ at: Date; actor: string | null; action: string; target: string; detail: unknown }>(
      'SELECT l.at, a.name AS actor, l.action, l.target, l.detail FROM admin_audit l LEFT JOIN accounts a ON a.id = l.actor_id ORDER BY l.id DESC LIMIT $1',
      [limit]
    )
  ).rows
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }))
}
