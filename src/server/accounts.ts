import { createHash, randomBytes } from 'node:crypto'
import type { Pool } from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { DeskError } from '../shared/errors'
import type { Account, Role } from '../shared/sync'
import type { AdminAccount } from '../shared/team'
import { inChangeOrder } from './assets'
import { audit, checkGroups, revokeAccountDevices } from './team-records'
import { hashPassword, readablePassword, verifyPassword } from './passwords'
import type { SignInGuard } from './sign-in-guard'

/** Tokens (device and enrollment) are stored only as this hash: a leaked table signs nobody in. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest()
// Verifying against this when the email is unknown keeps the answer time the same either way.
const decoy = hashPassword('not a real password')

export interface Caller {
  account: Account
  deviceId: string
}

/** A new account in the groups named; `actor` is the admin who made it (none for `create-admin`), kept in the audit log. */
export async function createAccount(pool: Pool, input: { email: string; name: string; role: Role; password: string; groups?: string[] | undefined }, actor?: Caller): Promise<Account> {
  const id = uuidv7()
  const email = input.email.toLowerCase()
  const passwordHash = await hashPassword(input.password)
  const groups = input.groups ?? []
  await inChangeOrder(pool, async (client) => {
    try {
      await client.query("INSERT INTO accounts (id, email, name, role, password_hash, change_seq) VALUES ($1, $2, $3, $4, $5, change_seq_next())", [id, email, input.name, input.role, passwordHash])
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new DeskError('CONFLICT', `An account for ${email} already exists.`)
      throw error
    }
    if (groups.length) {
      await checkGroups(client, groups)
      await client.query('INSERT INTO team_members (group_id, account_id) SELECT unnest($1::uuid[]), $2', [[...new Set(groups)], id])
      await client.query("UPDATE team_groups SET change_seq = change_seq_next() WHERE id = ANY($1::uuid[])", [groups])
    }
    await audit(client, actor?.account.id ?? null, 'account.create', email, { name: input.name, role: input.role, groups })
    return { value: undefined, changed: true }
  })
  return { id, email, name: input.name, role: input.role }
}

/** Email and password for a revocable device token; the token itself is shown once and stored only hashed. */
export async function signIn(
  pool: Pool,
  guard: SignInGuard,
  address: string,
  email: string,
  password: string,
  deviceName: string,
  newPassword?: string
): Promise<{ token: string; deviceId: string; account: Account }> {
  const row = await guard.check(email, address, async () => {
    const found = (
      await pool.query<Account & { password_hash: string; disabled: boolean; must_change: boolean }>(
        'SELECT id, email, name, role, password_hash, disabled_at IS NOT NULL AS disabled, must_change_password AS must_change FROM accounts WHERE email = $1',
        [
        email.toLowerCase()
      ])
    ).rows[0]
    const ok = found ? await verifyPassword(password, found.password_hash) : (await verifyPassword(password, await decoy), false)
    return found && ok ? { ok: true as const, value: found } : { ok: false as const, error: new DeskError('UNAUTHORIZED', 'Email or password is wrong.') }
  })
  // Said only to someone who knows the password: an admin disabled the account.
  if (row.disabled) throw new DeskError('FORBIDDEN', 'This account is disabled. Ask an admin of the desk.')
  if (row.must_change) {
    // The password an admin read out works once: the person chooses their own as they sign in.
    if (!newPassword) throw new DeskError('INVALID_INPUT', 'Choose your own password: the one you used was set by an admin for this one sign-in.', [{ path: 'newPassword', message: 'Choose a new password of at least 12 characters.' }])
    if (newPassword === password) throw new DeskError('INVALID_INPUT', 'The new password must differ from the one an admin set.', [{ path: 'newPassword', message: 'Choose a password other than the one you were given.' }])
    await pool.query('UPDATE accounts SET password_hash = $2, must_change_password = false WHERE id = $1', [row.id, await hashPassword(newPassword)])
  }
  const token = randomBytes(32).toString('base64url')
  const deviceId = uuidv7()
  await pool.query('INSERT INTO devices (id, account_id, name, token_hash) VALUES ($1, $2, $3, $4)', [deviceId, row.id, deviceName, tokenHash(token)])
  return { token, deviceId, account: { id: row.id, email: row.email, name: row.name, role: row.role } }
}

/** A device unused this long must sign in again. */
export const tokenIdleDays = 90

export async function authenticate(pool: Pool, token: string): Promise<Caller> {
  const row = (
    // Named: asked on every request, so PostgreSQL parses and plans it once per connection.
    await pool.query<Account & { device_id: string; stale: boolean }>({
      name: 'authenticate',
      text: `SELECT a.id, a.email, a.name, a.role, d.id AS device_id, coalesce(d.last_seen_at, d.created_at) < now() - interval '5 minutes' AS stale
       FROM devices d JOIN accounts a ON a.id = d.account_id
       WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND a.disabled_at IS NULL AND coalesce(d.last_seen_at, d.created_at) > now() - make_interval(days => $2)`,
      values: [tokenHash(token), tokenIdleDays]
    })
  ).rows[0]
  // Last seen to the nearest few minutes is enough; a write on every request would cost a commit each.
  if (row?.stale) await pool.query('UPDATE devices SET last_seen_at = now() WHERE id = $1', [row.device_id])
  if (!row) throw new DeskError('UNAUTHORIZED', `This device is signed out, its token was revoked, or it was not used for ${tokenIdleDays} days. Sign in again.`)
  return { account: { id: row.id, email: row.email, name: row.name, role: row.role }, deviceId: row.device_id }
}

/**
 * Sets a one-time password an admin reads out to the person (shown once, stored only hashed); their
 * next sign-in must choose their own. Every device signed in with the old one is signed out.
 */
export async function resetPassword(pool: Pool, actor: Caller, id: string): Promise<{ password: string; revoked: string[] }> {
  const password = readablePassword()
  const hash = await hashPassword(password)
  return inChangeOrder(pool, async (client) => {
    const found = (await client.query<{ email: string }>('UPDATE accounts SET password_hash = $2, must_change_password = true WHERE id = $1 RETURNING email', [id, hash])).rows[0]
    if (!found) throw new DeskError('NOT_FOUND', 'No such account.')
    const revoked = await revokeAccountDevices(client, id)
    await audit(client, actor.account.id, 'account.resetPassword', found.email, { revokedDevices: revoked.length })
    return { value: { password, revoked }, changed: false }
  })
}

/** Revoked at once; every server instance closes the device's live channel (`desk_revoked`). */
export async function revokeDevice(pool: Pool, deviceId: string): Promise<void> {
  const result = await pool.query("WITH r AS (UPDATE devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id) SELECT pg_notify('desk_revoked', json_build_array(id)::text) FROM r", [deviceId])
  if (result.rowCount === 0) throw new DeskError('NOT_FOUND', 'No such signed-in device.')
}

/** Every account with its groups, state and signed-in devices, for the Administration view. */
export async function listAccounts(pool: Pool): Promise<AdminAccount[]> {
  const rows = (
    await pool.query<AdminAccount & { devices: Array<{ id: string; name: string; createdAt: string; lastSeenAt: string | null }> | null }>(
      `SELECT a.id, a.email, a.name, a.role, a.disabled_at IS NULL AS active,
         coalesce((SELECT array_agg(m.group_id ORDER BY m.group_id) FROM team_members m JOIN team_groups g ON g.id = m.group_id AND g.removed_at IS NULL WHERE m.account_id = a.id), '{}') AS groups,
         (SELECT json_agg(json_build_object('id', d.id, 'name', d.name, 'createdAt', d.created_at, 'lastSeenAt', d.last_seen_at) ORDER BY d.created_at)
          FROM devices d WHERE d.account_id = a.id AND d.revoked_at IS NULL) AS devices
       FROM accounts a ORDER BY a.name`
    )
  ).rows
  return rows.map((r) => ({ ...r, devices: r.devices ?? [] }))
}
