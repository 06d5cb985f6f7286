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

interface Row {
  id: string
  name: string
  address: string
  host: string
  port: number
  tls: boolean
  username: string
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
}

/**
 * The support mailboxes: configured by admins, each watched by one server instance at a time (an
 * advisory lock held on its own connection while it watches), the others standing by.
 */
export class MailService {
  private readonly watchers = new Map<string, { watcher: MailboxWatcher; lock: PoolClient }>()
  private timer: NodeJS.Timeout | null = null
  private watching = false

  private readonly dispatcher: MailDispatcher
  private dispatching: NodeJS.Timeout | null = null

  constructor(
    private readonly pool: Pool,
    private readonly box: SecretBox,
    private readonly options: { onOutcome?: (outcome: Outcome) => void; dispatch?: DispatchOptions; dispatchEveryMs?: number } = {}
  ) {
    this.dispatcher = new MailDispatcher(pool, box, options.dispatch)
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
    const stored = (await this.pool.query<{ secret: Buffer; smtp_secret: Buffer | null }>('SELECT secret, smtp_secret FROM mailboxes WHERE id = $1', [id])).rows[0]
    const password = m.password ?? (stored ? this.box.open(stored.secret) : null)
    if (password === null) throw new DeskError('INVALID_INPUT', 'The mailbox password is required for a new mailbox.', [{ path: 'password', message: 'Required.' }])
    const smtpSecret = m.smtp?.password ? this.box.seal(m.smtp.password) : m.smtp?.username ? (stored?.smtp_secret ?? null) : null
    await inChangeOrder(this.pool, async (client) => {
      await client.query(
        `INSERT INTO mailboxes (id, name, address, host, port, tls, username, secret, folder, group_id, poll_seconds, smtp_host, smtp_port, smtp_security, smtp_username, smtp_secret)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, host = excluded.host, port = excluded.port, tls = excluded.tls,
           username = excluded.username, secret = excluded.secret, folder = excluded.folder, group_id = excluded.group_id, poll_seconds = excluded.poll_seconds,
           smtp_host = excluded.smtp_host, smtp_port = excluded.smtp_port, smtp_security = excluded.smtp_security, smtp_username = excluded.smtp_username, smtp_secret = excluded.smtp_secret`,
        [id, m.name, m.address.toLowerCase(), m.host, m.port, m.tls, m.username, this.box.seal(password), m.folder, m.groupId, m.pollSeconds, m.smtp?.host ?? null, m.smtp?.port ?? null, m.smtp?.security ?? null, m.smtp?.username ?? null, smtpSecret]
      )
      await audit(client, actor.account.id, 'mailbox.save', m.address, { host: m.host, folder: m.folder })
      return { value: undefined, changed: false }
    })
    // A changed mailbox is watched afresh with its new settings.
    if (this.watching) {
      await this.unwatch(id)
      await this.watchAll()
    }
    return (await this.list()).find((b) => b.id === id)!
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
      if (this.watchers.has(row.id)) continue
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
        password: this.box.open(row.secret),
        folder: row.folder,
        pollSeconds: row.poll_seconds
      }
      const watcher = new MailboxWatcher(this.pool, mailbox, {
        ...(this.options.onOutcome ? { onOutcome: this.options.onOutcome } : {}),
        onState: (state) => void this.pool.query('UPDATE mailboxes SET state = $2 WHERE id = $1', [row.id, JSON.stringify(state)]).catch(() => undefined)
      })
      this.watchers.set(row.id, { watcher, lock })
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
