import nodemailer, { type Transporter } from 'nodemailer'
import type { Pool, PoolClient } from 'pg'
import { v7 as uuidv7 } from 'uuid'
import type { FileRef } from '../../shared/file-ref'
import type { EventData } from '../../shared/domain'
import { inChangeOrder } from '../assets'
import { changeHorizon } from '../change-horizon'
import type { SecretBox } from '../secret-box'
import type { AccessTokens } from './access-tokens'
import { defaultMailTemplates, MailTemplates, type NotificationKind } from '../../shared/mail'
import { fillTemplate, outgoingMail } from '../../shared/templates'
import { ownIdDomain } from './mail-reading'
import { issueToken } from './satisfaction'

/**
 * Public replies out to requesters. Every `reply` the timeline gains (from any desk, pushed once or
 * retried) is queued once, keyed by its event; a timeline entry says where the message stands
 * (queued, sent, failed with the reason) and is updated in place as it moves. Sending takes a lease
 * on the row, so two server instances never send the same message; a refused or unreachable SMTP
 * server is retried with a growing pause until the attempts run out.
 */

export interface DispatchOptions {
  /** The first retry's pause; each later one doubles, up to an hour. */
  retryBaseMs: number
  maxAttempts: number
  now(): number
  /** Where requesters reach the satisfaction page, and the key that signs its links. */
  satisfaction?: { publicUrl: string; key: Buffer }
}

const triggerKinds = "('reply', 'status', 'created')"

interface Trigger {
  id: string
  ticket_id: string
  kind: string
  data: string
  body: string | null
  author_id: string | null
}

/** The team's mail templates, or the defaults until an admin saves their own. */
export async function mailTemplates(db: PoolClient | Pool): Promise<MailTemplates> {
  const row = (await db.query<{ data: unknown }>("SELECT data FROM team_settings WHERE key = 'mail'")).rows[0]
  const parsed = MailTemplates.safeParse(row?.data)
  return parsed.success ? parsed.data : defaultMailTemplates
}

export const defaultDispatch: DispatchOptions = { retryBaseMs: 30_000, maxAttempts: 8, now: Date.now }

interface MailboxRow {
  id: string
  name: string
  address: string
  smtp_host: string | null
  smtp_port: number | null
  smtp_security: 'tls' | 'starttls' | 'none' | null
  smtp_username: string | null
  smtp_secret: Buffer | null
  auth: 'password' | 'oauth2'
  username: string
}

export class MailDispatcher {
  private readonly transports = new Map<string, { key: string; transport: Transporter }>()

  constructor(
    private readonly pool: Pool,
    private readonly box: SecretBox,
    private readonly options: DispatchOptions = defaultDispatch,
    /** For a mailbox that signs in with OAuth2: it sends with the same token. */
    private readonly tokens: AccessTokens | null = null
  ) {}

  /** One round: queue the replies the timeline gained, then send what is due. */
  async run(): Promise<void> {
    await this.queueNew()
    await this.sendDue()
  }

  close(): void {
    for (const { transport } of this.transports.values()) transport.close()
    this.transports.clear()
  }

  /**
   * Reads the timeline past the last entry seen and queues what the requester is owed: each public
   * reply, and the notifications the team keeps on (acknowledgement of a mailed request, waiting on
   * you, resolved with the satisfaction link, reopened). One message per entry, however often read.
   */
  async queueNew(): Promise<number> {
    // First a look without locks: which entries, on which tickets, up to where. Entries never change
    // and new ones come after, so the same range read again under the locks holds the same entries.
    const seen = Number((await this.pool.query<{ seen: string }>('SELECT seen FROM mail_dispatch WHERE id = 1')).rows[0]!.seen)
    // Only up to the horizon: a reply still being written below it must not be passed over (change-horizon.ts).
    const horizon = await changeHorizon(this.pool)
    const page = (await this.pool.query<{ ticket_id: string; change_seq: string }>(`SELECT ticket_id, change_seq FROM ticket_events WHERE change_seq > $1 AND change_seq <= $2 AND kind IN ${triggerKinds} ORDER BY change_seq LIMIT 500`, [seen, horizon])).rows
    const upTo = page.length === 500 ? page.at(-1)!.change_seq : String(Math.max(seen, horizon))
    if (Number(upTo) <= seen) return 0
    return inChangeOrder(
      this.pool,
      async (db) => {
        const from = Number((await db.query<{ seen: string }>('SELECT seen FROM mail_dispatch WHERE id = 1 FOR UPDATE')).rows[0]!.seen)
        const events = (
          await db.query<Trigger>(`SELECT id, ticket_id, kind, data, body, author_id FROM ticket_events WHERE change_seq > $1 AND change_seq <= $2 AND kind IN ${triggerKinds} ORDER BY change_seq`, [from, upTo])
        ).rows
        let queued = 0
        if (events.length) {
          const templates = await mailTemplates(db)
          for (const event of events) queued += (await this.queueOne(db, event, templates)) ? 1 : 0
        }
        await db.query('UPDATE mail_dispatch SET seen = greatest(seen, $1) WHERE id = 1', [upTo])
        return { value: queued, changed: queued > 0 }
      },
      { tickets: page.map((e) => e.ticket_id) }
    )
  }

  private async queueOne(db: PoolClient, trigger: Trigger, templates: MailTemplates): Promise<boolean> {
    const ticket = (
      await db.query<{ number: string; subject: string; channel: string; name: string | null; email: string | null; mailbox_id: string | null; agent: string | null }>(
        `SELECT t.number, t.fields->>'subject' AS subject, t.fields->>'channel' AS channel, p.name, p.email,
           coalesce((SELECT m.mailbox_id FROM mail_messages m WHERE m.ticket_id = t.id AND m.direction = 'in' AND m.mailbox_id IS NOT NULL ORDER BY m.at DESC LIMIT 1),
                    (SELECT id FROM mailboxes ORDER BY created_at, id LIMIT 1)) AS mailbox_id,
           (SELECT name FROM accounts WHERE id::text = $2) AS agent
         FROM tickets t LEFT JOIN people p ON p.id = (t.fields->>'requester_id')::uuid WHERE t.id = $1`,
        [trigger.ticket_id, trigger.author_id]
      )
    ).rows[0]
    // No mailbox at all: this desk server does not send mail, and replies stay timeline lines.
    if (!ticket?.mailbox_id) return false
    const message = await this.compose(db, trigger, ticket, templates)
    if (!message) return false
    const mailbox = (await db.query<{ address: string; name: string }>('SELECT address, name FROM mailboxes WHERE id = $1', [ticket.mailbox_id])).rows[0]!
    const messageId = `<${uuidv7()}@${ownIdDomain}>`
    const eventId = uuidv7()
    const noAddress = !ticket.email
    const out = outgoingMail(message, ticket.number, templates.signature)
    const data: EventData = {
      kind: 'email',
      direction: 'out',
      from: mailbox.address,
      to: ticket.email ? [ticket.email] : [],
      subject: out.subject,
      messageId,
      body: out.body,
      status: noAddress ? 'failed' : 'queued',
      reason: noAddress ? 'The requester has no email address.' : null,
      quoted: null,
      // A reply's files go with it (a notification has none).
      attachments: trigger.kind === 'reply' ? ((JSON.parse(trigger.data) as { attachments?: FileRef[] }).attachments ?? []) : []
    }
    const inserted = await db.query(
      'INSERT INTO mail_outbox (event_id, ticket_id, mailbox_id, message_id, state, last_error) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING',
      [trigger.id, trigger.ticket_id, ticket.mailbox_id, messageId, noAddress ? 'failed' : 'queued', data.reason]
    )
    if (!inserted.rowCount) return false
    const { kind, ...rest } = data
    await db.query("INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body, change_seq) VALUES ($1, $2, now(), NULL, $3, $4, NULL, change_seq_next())", [
      eventId,
      trigger.ticket_id,
      kind,
      JSON.stringify(rest)
    ])
    await db.query("INSERT INTO mail_messages (id, mailbox_id, direction, message_id, ticket_id, event_id, outcome) VALUES ($1, $2, 'out', $3, $4, $5, $6)", [
      uuidv7(),
      ticket.mailbox_id,
      messageId,
      trigger.ticket_id,
      eventId,
      data.status
    ])
    return true
  }

  /** The message an entry owes the requester, or null: a reply as written (or the update template with its ETA), else the notification it calls for. */
  private async compose(
    db: PoolClient,
    trigger: Trigger,
    ticket: { number: string; subject: string; channel: string; name: string | null; agent: string | null },
    templates: MailTemplates
  ): Promise<{ subject: string; body: string } | null> {
    const data = JSON.parse(trigger.data) as Record<string, unknown>
    const values: Record<string, string> = {
      'requester.firstName': (ticket.name ?? '').split(/\s+/)[0] || 'there',
      'requester.name': ticket.name ?? '',
      'ticket.number': ticket.number,
      'ticket.subject': ticket.subject,
      'agent.name': ticket.agent ?? 'the Service Desk'
    }
    const use = async (kind: NotificationKind, extra: Record<string, string> = {}) => {
      const template = templates.templates[kind]
      if (!template.enabled) return null
      if (kind === 'resolved') extra['satisfaction.link'] = await this.satisfactionLink(db, trigger.ticket_id)
      const all = { ...values, ...extra }
      return { subject: fillTemplate(template.subject, all), body: fillTemplate(template.body, all) }
    }
    if (trigger.kind === 'reply') {
      const text = trigger.body ?? String(data.body ?? '')
      if (typeof data.eta === 'string') {
        const update = await use('update', { 'reply.text': text, 'reply.eta': await this.when(db, data.eta) })
        if (update) return update
      }
      return { subject: ticket.subject, body: text }
    }
    // Only mail that came in is acknowledged: a caller on the phone has just heard the number.
    if (trigger.kind === 'created') return data.channel === 'email' ? use('acknowledge') : null
    const from = data.from as string | null
    const to = data.to as string
    if (to === 'pending' && data.pendingReason === 'requester') return use('waiting')
    if (to === 'resolved') return use('resolved')
    if ((from === 'resolved' || from === 'closed') && (to === 'in_progress' || to === 'assigned')) return use('reopened')
    return null
  }

  private async satisfactionLink(db: PoolClient, ticketId: string): Promise<string> {
    const satisfaction = this.options.satisfaction
    if (!satisfaction) return '(reply to this mail to tell us)'
    return `${satisfaction.publicUrl.replace(/\/$/, '')}/satisfaction/${await issueToken(db, satisfaction.key, ticketId, this.options.now())}`
  }

  /** An ETA as the requester reads it: the team's own time zone, weekday and time. */
  private async when(db: PoolClient, iso: string): Promise<string> {
    const zone = (await db.query<{ zone: string | null }>("SELECT data->>'timeZone' AS zone FROM team_settings WHERE key = 'calendar'")).rows[0]?.zone ?? 'UTC'
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso))
  }

  /** Sends each queued message whose time has come, under a lease so no other instance takes it meanwhile. */
  async sendDue(): Promise<void> {
    const leaseMs = 5 * 60_000
    const due = (
      await this.pool.query<{ event_id: string; ticket_id: string; mailbox_id: string; message_id: string; attempts: number }>(
        `UPDATE mail_outbox SET next_attempt_at = $1::timestamptz + interval '1 millisecond' * $2
         WHERE event_id IN (SELECT event_id FROM mail_outbox WHERE state = 'queued' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED)
         RETURNING event_id, ticket_id, mailbox_id, message_id, attempts`,
        [new Date(this.options.now()).toISOString(), leaseMs]
      )
    ).rows
    for (const row of due) await this.sendOne(row)
  }

  private async sendOne(row: { event_id: string; ticket_id: string; mailbox_id: string; message_id: string; attempts: number }): Promise<void> {
    const mailbox = (await this.pool.query<MailboxRow>('SELECT id, name, address, smtp_host, smtp_port, smtp_security, smtp_username, smtp_secret, auth, username FROM mailboxes WHERE id = $1', [row.mailbox_id])).rows[0]!
    const out = (await this.pool.query<{ id: string; data: string }>("SELECT id, data FROM ticket_events e WHERE e.ticket_id = $1 AND e.kind = 'email' AND e.data::jsonb->>'messageId' = $2", [row.ticket_id, row.message_id])).rows[0]
    if (!out) return
    const email = JSON.parse(out.data) as Omit<Extract<EventData, { kind: 'email' }>, 'kind'>
    if (!mailbox.smtp_host) return this.finish(row, out.id, 'failed', `${mailbox.name} has no outgoing mail server set up.`)
    const thread = (await this.pool.query<{ message_id: string }>('SELECT message_id FROM mail_messages WHERE ticket_id = $1 AND message_id <> $2 ORDER BY at LIMIT 20', [row.ticket_id, row.message_id])).rows.map(
      (r) => r.message_id
    )
    try {
      const kept = email.attachments.filter((a) => a.sha256)
      const files = kept.length
        ? new Map((await this.pool.query<{ sha256: string; content: Buffer }>('SELECT sha256, content FROM files WHERE sha256 = ANY($1::text[])', [kept.map((a) => a.sha256)])).rows.map((r) => [r.sha256, r.content]))
        : new Map<string, Buffer>()
      await (await this.transport(mailbox)).sendMail({
        from: { name: mailbox.name, address: mailbox.address },
        to: email.to,
        // nodemailer encodes header values itself: a CR or LF in a subject cannot start a header of its own.
        subject: email.subject,
        text: email.body,
        messageId: row.message_id,
        attachments: kept.map((a) => ({ filename: a.name, content: files.get(a.sha256!)!, contentType: a.type })),
        ...(thread.length ? { inReplyTo: thread.at(-1)!, references: thread } : {}),
        headers: { 'X-Frontline-Ticket': email.subject.slice(1, email.subject.indexOf(']')) }
      })
      await this.finish(row, out.id, 'sent', null)
    } catch (error) {
      const reason = smtpReason(error)
      const attempts = row.attempts + 1
      if (attempts >= this.options.maxAttempts || permanent(error)) return this.finish(row, out.id, 'failed', reason)
      const wait = Math.min(this.options.retryBaseMs * 2 ** (attempts - 1), 3_600_000)
      await this.pool.query('UPDATE mail_outbox SET attempts = $2, last_error = $3, next_attempt_at = $4 WHERE event_id = $1', [row.event_id, attempts, reason, new Date(this.options.now() + wait).toISOString()])
    }
  }

  private async finish(row: { event_id: string; ticket_id: string; attempts: number }, emailEventId: string, state: 'sent' | 'failed', reason: string | null): Promise<void> {
    await inChangeOrder(this.pool, async (db) => {
      await db.query('UPDATE mail_outbox SET state = $2, attempts = $3, last_error = $4 WHERE event_id = $1', [row.event_id, state, row.attempts + 1, reason])
      await appendDelivery(db, emailEventId, state, reason)
      await db.query('UPDATE mail_messages SET outcome = $2 WHERE event_id = $1', [emailEventId, state])
      return { value: undefined, changed: true }
    }, { tickets: [row.ticket_id] })
  }

  private async transport(mailbox: MailboxRow): Promise<Transporter> {
    // An OAuth2 mailbox sends as its SMTP user (else its IMAP user) with the mailbox's own access token (XOAUTH2).
    const accessToken = mailbox.auth === 'oauth2' && this.tokens ? await this.tokens.token(mailbox.id) : null
    const auth = accessToken
      ? { type: 'OAuth2' as const, user: mailbox.smtp_username ?? mailbox.username, accessToken }
      : mailbox.smtp_username && mailbox.smtp_secret
        ? { user: mailbox.smtp_username, pass: this.box.open(mailbox.smtp_secret) }
        : null
    const key = JSON.stringify([mailbox.smtp_host, mailbox.smtp_port, mailbox.smtp_security, mailbox.smtp_username, mailbox.smtp_secret?.toString('base64'), accessToken])
    const cached = this.transports.get(mailbox.id)
    if (cached?.key === key) return cached.transport
    cached?.transport.close()
    const transport = nodemailer.createTransport({
      host: mailbox.smtp_host!,
      port: mailbox.smtp_port!,
      secure: mailbox.smtp_security === 'tls',
      requireTLS: mailbox.smtp_security === 'starttls',
      ignoreTLS: mailbox.smtp_security === 'none',
      ...(auth ? { auth } : {}),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000
    })
    this.transports.set(mailbox.id, { key, transport })
    return transport
  }
}

/** A 5xx answer will not change by trying again (no such mailbox, relaying denied). */
const permanent = (error: unknown) => {
  const code = (error as { responseCode?: number }).responseCode
  return typeof code === 'number' && code >= 500
}

function smtpReason(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string }
  if (e.response) return `The mail server answered: ${e.response.slice(0, 300)}`
  if (e.code === 'ESOCKET' || e.code === 'ECONNECTION' || /ECONNREFUSED/.test(e.message ?? '')) return 'The outgoing mail server cannot be reached.'
  return (e.message ?? 'sending failed').slice(0, 300)
}

/** The state an email reached, as a new timeline entry on its ticket (entries are never changed). */
export async function appendDelivery(db: PoolClient, emailEventId: string, status: 'sent' | 'failed', reason: string | null): Promise<void> {
  await db.query(
    `INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body, change_seq)
     SELECT $2, ticket_id, now(), NULL, 'delivery', json_build_object('messageId', data::jsonb->>'messageId', 'status', $3::text, 'reason', $4::text)::text, NULL, change_seq_next()
     FROM ticket_events WHERE id = $1`,
    [emailEventId, uuidv7(), status, reason]
  )
}
