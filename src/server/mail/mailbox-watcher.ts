import { ImapFlow } from 'imapflow'
import type { Pool } from 'pg'
import { ingestMany, type MailboxRef, type Outcome } from './mail-intake'

const fetchChunk = 20

export interface WatchedMailbox extends MailboxRef {
  host: string
  port: number
  tls: boolean
  username: string
  /** The credential for each sign-in: the password, or a live OAuth2 access token (fetched again after a refusal). */
  credential(): Promise<{ pass: string } | { accessToken: string }>
  /** A sign-in was refused: a cached access token is not to be offered again. */
  refused?(): void
  folder: string
  pollSeconds: number
}

export interface WatcherEvents {
  onOutcome?(outcome: Outcome): void
  onState?(state: { connected: boolean; error: string | null }): void
}

/**
 * Watches one support mailbox: reads every message after the last UID the database has taken, one
 * at a time (each committed with its UID, so a stop or crash anywhere resumes exactly there), then
 * waits for new mail with IMAP IDLE (started a second after the last command, rather than imapflow's
 * default 15 s, so a technician sees the ticket moments after the mail arrives), and polls on a timer too for servers (or proxies) where IDLE
 * says nothing. A lost connection is retried with a growing pause. A new UIDVALIDITY (the folder
 * was rebuilt) reads the folder again from the start; the Message-ID check keeps that from doubling.
 */
export class MailboxWatcher {
  private client: ImapFlow | null = null
  private stopped = false
  private draining: Promise<void> | null = null
  private again = false
  private timer: NodeJS.Timeout | null = null
  private backoffMs = 1_000

  constructor(
    private readonly pool: Pool,
    private readonly mailbox: WatchedMailbox,
    private readonly events: WatcherEvents = {},
    private readonly now: () => number = Date.now
  ) {}

  start(): void {
    void this.connect()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.draining?.catch(() => undefined)
    await this.client?.logout().catch(() => undefined)
    this.client?.close()
  }

  /** Reads whatever is new now (also what the timer and IDLE call). */
  drain(): Promise<void> {
    if (this.draining) {
      this.again = true
      return this.draining
    }
    this.draining = (async () => {
      do {
        this.again = false
        await this.readNew()
      } while (this.again && !this.stopped)
    })().finally(() => (this.draining = null))
    return this.draining
  }

  private async connect(): Promise<void> {
    if (this.stopped) return
    const m = this.mailbox
    let credential: { pass: string } | { accessToken: string }
    try {
      credential = await m.credential()
    } catch (error) {
      // No token to sign in with (the token service refused or is away): said, and tried again later.
      this.events.onState?.({ connected: false, error: (error as Error).message })
      this.retry()
      return
    }
    const client = new ImapFlow({ host: m.host, port: m.port, secure: m.tls, auth: { user: m.username, ...credential }, logger: false, connectionTimeout: 15_000, greetingTimeout: 15_000, autoIdleDelay: 1_000, maxIdleTime: 5 * 60_000 })
    this.client = client
    let failure: string | null = null
    client.on('error', () => undefined)
    client.on('exists', () => void this.drain().catch(() => undefined))
    client.on('close', () => {
      // The reason it failed stays the one said, not the bare close that follows it.
      this.events.onState?.({ connected: false, error: this.stopped ? null : (failure ?? 'connection closed') })
      this.retry()
    })
    try {
      await client.connect()
      await client.mailboxOpen(m.folder)
      this.backoffMs = 1_000
      this.events.onState?.({ connected: true, error: null })
      await this.drain()
      this.poll()
    } catch (error) {
      const e = error as Error & { authenticationFailed?: boolean; responseText?: string }
      if (e.authenticationFailed) m.refused?.()
      failure = e.authenticationFailed ? `${m.host} refused the sign-in as ${m.username}${e.responseText ? ` (${e.responseText})` : ''}.` : e.message
      this.events.onState?.({ connected: false, error: failure })
      client.close()
    }
  }

  private retry(): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.connect(), this.backoffMs)
    this.backoffMs = Math.min(this.backoffMs * 2, 60_000)
  }

  private poll(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      void this.drain()
        .catch(() => undefined)
        .finally(() => this.poll())
    }, this.mailbox.pollSeconds * 1_000)
  }

  private async readNew(): Promise<void> {
    const client = this.client
    if (!client?.usable || !client.mailbox) return
    const uidValidity = Number(client.mailbox.uidValidity)
    const stored = (await this.pool.query<{ uid_validity: string | null; last_uid: string }>('SELECT uid_validity, last_uid FROM mailboxes WHERE id = $1', [this.mailbox.id])).rows[0]
    if (!stored) return
    const last = stored.uid_validity !== null && Number(stored.uid_validity) === uidValidity ? Number(stored.last_uid) : 0
    const uids = ((await client.search({ uid: `${last + 1}:*` }, { uid: true })) || []).filter((uid) => uid > last).sort((a, b) => a - b)
    // Twenty at a time: one IMAP round trip for their sources and one transaction to file them, each
    // message under its own savepoint; the UIDs commit with what they made, so a stop anywhere resumes
    // at the first message of the run not committed.
    for (let i = 0; i < uids.length; i += fetchChunk) {
      if (this.stopped) return
      const chunk = uids.slice(i, i + fetchChunk)
      const sources = new Map<number, Buffer>()
      for await (const message of client.fetch(chunk.join(','), { uid: true, source: true }, { uid: true })) {
        if (message.source) sources.set(message.uid, message.source)
      }
      const items = chunk.flatMap((uid) => (sources.has(uid) ? [{ at: { uidValidity, uid }, raw: sources.get(uid)! }] : []))
      if (items.length === 0 || this.stopped) continue
      for (const outcome of await ingestMany(this.pool, this.mailbox, items, this.now())) this.events.onOutcome?.(outcome)
    }
  }
}
