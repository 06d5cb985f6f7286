import type { Pool, PoolClient } from 'pg'
import { inChangeOrder } from '../assets'
import { DeskError } from '../../shared/errors'
import { MailboxInput, type MailboxInfo, type QuarantinedMail } from '../../shared/mail'
import type { Caller } from '../accounts'
import type { SecretBox } from '../secret-box'
import { audit } from '../team-records'
import { MailDispatcher, type DispatchOptions } from './mail-dispatch'
import type { Outcome } from './mail-intake'
import { MailboxWatcher, type WatchedMailbox } from './mailbox-watcher'
import { AccessTokens, type OAuth2Secrets } from './access-tokens'

interface Row {
  id: string
  name: string
  address: string
  host: string
  port: number
  tls: boolean
  username: string
  auth: 'password' | 'oauth2'
  oauth_token_url: string | null
  oauth_grant: 'refresh_token' | 'client_credentials' | null
  oauth_client_id: string | null
  oauth_scope: string | null
  secret: Buffer
  folder: string
  group_id: string | null
  poll_seconds: number
  smtp_host: string | null
  smtp_port: number | null
  smtp_security: 'tls' | 'starttls' | 'none' | null
  smtp_username: string | null
  smtp_secret: Buffer | null
  last_uid: string
  state: unknown
  saved_at: Date
}

/**
 * The support mailboxes: configured by admins, each watched by one server instance at a time (an
 * advisory lock held on its own connection while it watches), the others standing by.
 */
export class MailService {
  private readonly watchers = new Map<string, { watcher: MailboxWatcher; lock: PoolClient; settings: string }>()
  private timer: NodeJS.Timeout | null = null
  private watching = false

  private readonly dispatcher: MailDispatcher
  private dispatching: NodeJS.Timeout | null = null
  private readonly tokens: AccessTokens

  constructor(
    private readonly pool: Pool,
    private readonly box: SecretBox,
    private readonly options: { onOutcome?: (outcome: Outcome) => void; dispatch?: DispatchOptions; dispatchEveryMs?: number } = {}
  ) {
    this.tokens = new AccessTokens(pool, box)
    this.dispatcher = new MailDispatcher(pool, box, options.dispatch, this.tokens)
  }

  async list(): Promise<MailboxInfo[]> {
    const rows = (await this.pool.query<Row & { quarantined: number }>('SELECT m.*, (SELECT count(*)::int FROM mail_quarantine q WHERE q.mailbox_id = m.id) AS quarantined FROM mailboxes m ORDER BY created_at, id')).rows
    return rows.map((r) => {
      // The watching instance keeps the state in the row, so any instance can report it.
      const state = (r.state ?? { connected: false, error: null }) as { connected: boolean; error: string | null }
      return {
        id: r.id,
        name: r.name,
        address: r.address,
        host: r.host,
        port: r.port,
        tls: r.tls,
        username: r.username,
        auth: r.auth,
        oauth2: r.auth === 'oauth2' ? { tokenUrl: r.oauth_token_url!, grant: r.oauth_grant!, clientId: r.oauth_client_id!, scope: r.oauth_scope ?? '' } : null,
        folder: r.folder,
        groupId: r.group_id,
        pollSeconds: r.poll_seconds,
        smtp: r.smtp_host ? { host: r.smtp_host, port: r.smtp_port!, security: r.smtp_security!, username: r.smtp_username } : null,
        lastUid: Number(r.last_uid),
        connected: state?.connected ?? false,
        error: state?.error ?? null,
        quarantined: r.quarantined
      }
    })
  }

  async save(actor: Caller, id: string, input: MailboxInput): Promise<MailboxInfo> {
    const m = MailboxInput.parse(input)
    const stored = (await this.pool.query<{ secret: Buffer; smtp_secret: Buffer | null; auth: 'password' | 'oauth2' }>('SELECT secret, smtp_secret, auth FROM mailboxes WHERE id = $1', [id])).rows[0]
    const secret = this.secretFor(m, stored ?? null)
    const smtpSecret = m.smtp?.password ? this.box.seal(m.smtp.password) : m.smtp?.username ? (stored?.smtp_secret ?? null) : null
    await inChangeOrder(this.pool, async (client) => {
      await client.query(
        `INSERT INTO mailboxes (id, name, address, host, port, tls, username, secret, folder, group_id, poll_seconds, smtp_host, smtp_port, smtp_security, smtp_username, smtp_secret,
           auth, oauth_token_url, oauth_grant, oauth_client_id, oauth_scope)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, host = excluded.host, port = excluded.port, tls = excluded.tls,
           username = excluded.username, secret = excluded.secret, folder = excluded.folder, group_id = excluded.group_id, poll_seconds = excluded.poll_seconds,
           smtp_host = excluded.smtp_host, smtp_port = excluded.smtp_port, smtp_security = excluded.smtp_security, smtp_username = excluded.smtp_username, smtp_secret = excluded.smtp_secret,
           auth = excluded.auth, oauth_token_url = excluded.oauth_token_url, oauth_grant = excluded.oauth_grant, oauth_client_id = excluded.oauth_client_id, oauth_scope = excluded.oauth_scope,
           saved_at = clock_timestamp()`,
        [
          id, m.name, m.address.toLowerCase(), m.host, m.port, m.tls, m.username, this.box.seal(secret), m.folder, m.groupId, m.pollSeconds,
          m.smtp?.host ?? null, m.smtp?.port ?? null, m.smtp?.security ?? null, m.smtp?.username ?? null, smtpSecret,
          m.auth, m.oauth2?.tokenUrl ?? null, m.oauth2?.grant ?? null, m.oauth2?.clientId ?? null, m.oauth2?.scope ?? null
        ]
      )
      await audit(client, actor.account.id, 'mailbox.save', m.address, { host: m.host, folder: m.folder })
      return { value: undefined, changed: false }
    })
    // A changed mailbox is watched afresh with its new settings (and a token from its new source).
    this.tokens.forget(id)
    if (this.watching) {
      await this.unwatch(id)
      await this.watchAll()
    }
    return (await this.list()).find((b) => b.id === id)!
  }

  /** What is sealed for the mailbox: its password, or its OAuth2 client secret and refresh token; one left out of an edit stays as stored. */
  private secretFor(m: ReturnType<typeof MailboxInput.parse>, stored: { secret: Buffer; auth: 'password' | 'oauth2' } | null): string {
    const required = (path: string, what: string) => new DeskError('INVALID_INPUT', `${what} is required for a new token source.`, [{ path, message: 'Required.' }])
    if (m.auth === 'password') {
      const password = m.password ?? (stored?.auth === 'password' ? this.box.open(stored.secret) : null)
      if (password === null) throw new DeskError('INVALID_INPUT', 'The mailbox password is required for a new mailbox.', [{ path: 'password', message: 'Required.' }])
      return password
    }
    const before = stored?.auth === 'oauth2' ? (JSON.parse(this.box.open(stored.secret)) as OAuth2Secrets) : null
    const source = m.oauth2!
    const clientSecret = source.clientSecret ?? before?.clientSecret
    if (!clientSecret) throw required('oauth2.clientSecret', 'The client secret')
    const refreshToken = source.grant === 'refresh_token' ? (source.refreshToken ?? before?.refreshToken ?? null) : null
    if (source.grant === 'refresh_token' && !refreshToken) throw required('oauth2.refreshToken', 'A refresh token')
    return JSON.stringify({ clientSecret, refreshToken } satisfies OAuth2Secrets)
  }

  async quarantine(): Promise<QuarantinedMail[]> {
    const rows = (
      await this.pool.query<{ id: string; mailbox: string; at: Date; reason: string; subject: string | null; sender: string | null; size: number }>(
        'SELECT q.id, m.name AS mailbox, q.at, q.reason, q.subject, q.sender, coalesce(length(q.raw), 0) AS size FROM mail_quarantine q JOIN mailboxes m ON m.id = q.mailbox_id ORDER BY q.at DESC LIMIT 500'
      )
    ).rows
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }))
  }

  /** Watches every mailbox no other instance is watching, and checks again each minute. */
  start(everyMs = 60_000): void {
    this.watching = true
    void this.watchAll().catch(() => undefined)
    this.timer = setInterval(() => void this.watchAll().catch(() => undefined), everyMs)
    this.timer.unref()
    this.dispatchSoon()
  }

  /** Replies out: a round every few seconds, the next only after the last has finished. */
  private dispatchSoon(): void {
    if (!this.watching) return
    this.dispatching = setTimeout(() => {
      void this.dispatcher
        .run()
        .catch(() => undefined)
        .finally(() => this.dispatchSoon())
    }, this.options.dispatchEveryMs ?? 2_000)
  }

  async stop(): Promise<void> {
    this.watching = false
    if (this.timer) clearInterval(this.timer)
    if (this.dispatching) clearTimeout(this.dispatching)
    this.dispatcher.close()
    for (const id of [...this.watchers.keys()]) await this.unwatch(id)
  }

  private async watchAll(): Promise<void> {
    const rows = (await this.pool.query<Row>('SELECT * FROM mailboxes')).rows
    for (const row of rows) {
      // Settings changed through another server instance: watched afresh with them.
      const settings = row.saved_at.toISOString()
      const watched = this.watchers.get(row.id)
      if (watched && watched.settings !== settings) {
        this.tokens.forget(row.id)
        await this.unwatch(row.id)
      } else if (watched) continue
      const lock = await this.pool.connect()
      const free = (await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(4301, hashtext($1)) AS ok', [row.id])).rows[0]!.ok
      if (!free) {
        lock.release()
        continue
      }
      const mailbox: WatchedMailbox = {
        id: row.id,
        name: row.name,
        address: row.address,
        groupId: row.group_id,
        host: row.host,
        port: row.port,
        tls: row.tls,
        username: row.username,
        credential: row.auth === 'oauth2' ? async () => ({ accessToken: await this.tokens.token(row.id) }) : async () => ({ pass: this.box.open(row.secret) }),
        refused: () => this.tokens.forget(row.id),
        folder: row.folder,
        pollSeconds: row.poll_seconds
      }
      const watcher = new MailboxWatcher(this.pool, mailbox, {
        ...(this.options.onOutcome ? { onOutcome: this.options.onOutcome } : {}),
        onState: (state) => void this.pool.query('UPDATE mailboxes SET state = $2 WHERE id = $1', [row.id, JSON.stringify(state)]).catch(() => undefined)
      })
      this.watchers.set(row.id, { watcher, lock, settings })
      watcher.start()
    }
  }

  private async unwatch(id: string): Promise<void> {
    const entry = this.watchers.get(id)
    if (!entry) return
    this.watchers.delete(id)
    await entry.watcher.stop()
    await entry.lock.query('SELECT pg_advisory_unlock(4301, hashtext($1))', [id]).catch(() => undefined)
    entry.lock.release()
  }
}
