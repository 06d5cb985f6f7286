import { createHash, randomBytes } from 'node:crypto'
import type { Pool } from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { DeskError } from '../shared/errors'
import type { Account, Role } from '../shared/sync'
import { hashPassword, verifyPassword } from './passwords'
import type { SignInGuard } from './sign-in-guard'

/** Tokens (device and enrollment) are stored only as this hash: a leaked table signs nobody in. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest()
// Verifying against this when the email is unknown keeps the answer time the same either way.
const decoy = hashPassword('not a real password')

export interface Caller {
  account: Account
  deviceId: string
}

export async function createAccount(pool: Pool, input: { email: string; name: string; role: Role; password: string }): Promise<Account> {
  const id = uuidv7()
  const email = input.email.toLowerCase()
  try {
    await pool.query('INSERT INTO accounts (id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)', [
      id,
      email,
      input.name,
      input.role,
      await hashPassword(input.password)
    ])
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new DeskError('CONFLICT', `An account for ${email} already exists.`)
    throw error
  }
  return { id, email, name: input.name, role: input.role }
}

/** Email and password for a revocable device token; the token itself is shown once and stored only hashed. */
export async function signIn(pool: Pool, guard: SignInGuard, address: string, email: string, password: string, deviceName: string): Promise<{ token: string; deviceId: string; account: Account }> {
  const row = await guard.check(email, address, async () => {
    const found = (
      await pool.query<Account & { password_hash: string }>('SELECT id, email, name, role, password_hash FROM accounts WHERE email = $1', [email.toLowerCase()])
    ).rows[0]
    const ok = found ? await verifyPassword(password, found.password_hash) : (await verifyPassword(password, await decoy), false)
    return found && ok ? { ok: true as const, value: found } : { ok: false as const, error: new DeskError('UNAUTHORIZED', 'Email or password is wrong.') }
  })
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
       WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND coalesce(d.last_seen_at, d.created_at) > now() - make_interval(days => $2)`,
      values: [tokenHash(token), tokenIdleDays]
    })
  ).rows[0]
  // Last seen to the nearest few minutes is enough; a write on every request would cost a commit each.
  if (row?.stale) await pool.query('UPDATE devices SET last_seen_at = now() WHERE id = $1', [row.device_id])
  if (!row) throw new DeskError('UNAUTHORIZED', `This device is signed out, its token was revoked, or it was not used for ${tokenIdleDays} days. Sign in again.`)
  return { account: { id: row.id, email: row.email, name: row.name, role: row.role }, deviceId: row.device_id }
}

export async function revokeDevice(pool: Pool, deviceId: string): Promise<void> {
  const result = await pool.query('UPDATE devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [deviceId])
  if (result.rowCount === 0) throw new DeskError('NOT_FOUND', 'No such signed-in device.')
}

export async function listAccounts(pool: Pool): Promise<Account[]> {
  return (await pool.query<Account>('SELECT id, email, name, role FROM accounts ORDER BY name')).rows
}
