import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestMany } from '../../src/server/mail/mail-intake'
import { MailService } from '../../src/server/mail/mail-service'
import { SecretBox } from '../../src/server/secret-box'
import type { QuarantinedMail } from '../../src/shared/mail'
import { buildChildScript } from '../support/child-script'
import { testDesk } from '../support/desk'
import { startTestServer, type TestServer } from '../support/desk-server'
import { startDovecot, type Dovecot } from '../support/dovecot'
import { saveTestMailbox } from '../support/test-mailbox'

/**
 * Mail in, through real parts: dovecot serving a maildir the test delivers into as a mail server
 * would, the desk server's intake watching it over IMAP, and a real desk reading the tickets.
 */
describe('mail to the support address becomes tickets and replies', () => {
  let server: TestServer
  let imap: Dovecot
  let mail: MailService
  let desk: ReturnType<typeof testDesk>
  let admin: Awaited<ReturnType<TestServer['agent']>>
  const mailboxId = uuidv7()
  const support = 'support@corp.example'
  let sent = 0

  beforeAll(async () => {
    ;[server, imap] = await Promise.all([startTestServer(), startDovecot()])
    admin = await server.agent('admin')
    const agent = await server.agent('agent')
    await saveTestMailbox(server, admin.token, imap, { id: mailboxId, name: 'Support' })
    mail = new MailService(server.pool, new SecretBox(server.secretKey))
    mail.start()
    // On the real clock: the server dates the mail it takes by its own.
    desk = testDesk(new Date())
    await desk.call('sync.signIn', { serverUrl: server.url, email: agent.email, password: 'correct horse battery' })
  }, 60_000)
  afterAll(async () => {
    await mail?.stop()
    await desk?.close()
    await server?.close()
    await imap?.stop()
  })

  const message = (o: { from?: string; subject: string; body?: string; id?: string; headers?: string[]; html?: string }) => {
    const id = o.id ?? `<${uuidv7()}@corp.example>`
    const lines = [
      `From: ${o.from ?? 'Maria Ortiz <maria.ortiz@corp.example>'}`,
      `To: Support <${support}>`,
      `Subject: ${o.subject}`,
      `Message-ID: ${id}`,
      'Date: Mon, 30 Nov 2026 09:00:00 +0100',
      'MIME-Version: 1.0',
      ...(o.headers ?? []),
      `Content-Type: ${o.html ? 'text/html' : 'text/plain'}; charset=utf-8`,
      '',
      o.html ?? o.body ?? 'Hello'
    ]
    return { id, raw: lines.join('\r\n') + '\r\n' }
  }
  /** Delivers and waits until the intake has taken every message delivered so far. */
  const deliver = async (...raws: Array<string | Buffer>) => {
    for (const raw of raws) imap.deliver(support, raw)
    sent += raws.length
    await settled()
  }
  const settled = async () => {
    for (let i = 0; i < 200; i++) {
      const n = (await server.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM mail_messages WHERE mailbox_id = $1 AND direction = 'in'", [mailboxId])).rows[0]!.n
      if (n >= sent) return
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`the intake took fewer than ${sent} messages in 10 s`)
  }
  const ticketOf = async (messageId: string) => (await server.pool.query<{ ticket_id: string | null; outcome: string }>('SELECT ticket_id, outcome FROM mail_messages WHERE message_id = $1', [messageId])).rows[0]!

  it('opens a ticket from a new message, with its requester found by address and the text as an email entry', async () => {
    const first = message({ subject: 'Outlook keeps asking for my password', body: 'Since this morning Outlook asks for my password every few minutes.\n\nMaria' })
    await deliver(first.raw)
    const { ticket_id: ticketId } = await ticketOf(first.id)
    await desk.call('sync.now', {})
    const detail = await desk.call('tickets.get', { id: ticketId! })
    expect(detail.ticket).toMatchObject({ channel: 'email', subject: 'Outlook keeps asking for my password', status: 'new', requester: { name: 'Maria Ortiz' } })
    expect(detail.requester.email).toBe('maria.ortiz@corp.example')
    const email = detail.timeline.find((e) => e.data.kind === 'email' && e.data.direction === 'in')
    expect(email?.data).toMatchObject({ direction: 'in', from: 'maria.ortiz@corp.example', status: 'received', body: 'Since this morning Outlook asks for my password every few minutes.\n\nMaria' })
  })

  it('threads replies by their headers and by the tag in the subject, and a reply puts a ticket waiting on the requester back in progress', async () => {
    const first = message({ subject: 'Monitor flickers' })
    await deliver(first.raw)
    const { ticket_id: ticketId } = await ticketOf(first.id)
    await desk.call('sync.now', {})
    const number = (await desk.call('tickets.get', { id: ticketId! })).ticket.number
    desk.clock.now = new Date()
    await desk.call('tickets.setStatus', { id: ticketId!, status: 'pending', pendingReason: 'requester' })
    expect(await desk.call('sync.now', {})).toMatchObject({ pending: 0, refused: [] })

    const byHeader = message({ subject: 'Re: Monitor flickers', body: 'It flickers only on battery.\n\nOn Mon, 30 Nov 2026, Support wrote:\n> Does it flicker on battery?', headers: [`In-Reply-To: ${first.id}`, `References: ${first.id}`] })
    const byTag = message({ subject: `AW: [${number}] Monitor flickers`, body: 'Photo attached later.' })
    await deliver(byHeader.raw, byTag.raw)
    expect(await ticketOf(byHeader.id)).toMatchObject({ ticket_id: ticketId, outcome: 'reply' })
    expect(await ticketOf(byTag.id)).toMatchObject({ ticket_id: ticketId, outcome: 'reply' })
    await desk.call('sync.now', {})
    const detail = await desk.call('tickets.get', { id: ticketId! })
    expect(detail.ticket.status).toBe('in_progress')
    const emails = detail.timeline.filter((e) => e.data.kind === 'email' && e.data.direction === 'in').map((e) => e.data.kind === 'email' && { body: e.data.body, quoted: e.data.quoted })
    expect(emails).toEqual([
      { body: 'Hello', quoted: null },
      { body: 'It flickers only on battery.', quoted: 'On Mon, 30 Nov 2026, Support wrote:\n> Does it flicker on battery?' },
      { body: 'Photo attached later.', quoted: null }
    ])
    expect(detail.timeline.filter((e) => e.data.kind === 'status').map((e) => e.data.kind === 'status' && e.data.to)).toEqual(['new', 'pending', 'in_progress'])
  })

  it('opens no ticket for an out-of-office reply, bulk mail or a bounce', async () => {
    const before = (await desk.call('sync.now', {}), await desk.call('desk.status', {})).ticketCount
    const ooo = message({ subject: 'Automatic reply: Monitor flickers', headers: ['Auto-Submitted: auto-replied'] })
    const bulk = message({ from: 'news@vendor.example', subject: 'Our newsletter', headers: ['Precedence: bulk'] })
    const bounce = message({ from: 'MAILER-DAEMON@mx.corp.example', subject: 'Undelivered Mail Returned to Sender' })
    await deliver(ooo.raw, bulk.raw, bounce.raw)
    expect((await ticketOf(ooo.id)).outcome).toBe('ignored: Auto-Submitted: auto-replied')
    expect((await ticketOf(bulk.id)).outcome).toBe('ignored: Precedence: bulk')
    expect((await ticketOf(bounce.id)).outcome).toMatch(/^bounce/)
    await desk.call('sync.now', {})
    expect((await desk.call('desk.status', {})).ticketCount).toBe(before)
  })

  it('never stalls on a bad message: an oversize one is set aside with its reason for admins, and the next one still arrives', async () => {
    const huge = message({ subject: 'Scan of the contract', body: 'x'.repeat(36 * 1024 * 1024) })
    const unknownCharset = message({ subject: 'Drucker', body: 'Der Drucker druckt nicht.' }).raw.replace('charset=utf-8', 'charset=x-unknown-1234')
    const garbage = Buffer.from('\u0000\u0001 this is not a message \r\n\r\n\u00ff\u00fe', 'latin1')
    const after = message({ subject: 'Keyboard missing keys' })
    await deliver(huge.raw, unknownCharset, garbage, after.raw)
    const quarantined = (await server.call('GET', '/api/mail/quarantine', admin.token)).body.value as QuarantinedMail[]
    expect(quarantined).toEqual([expect.objectContaining({ mailbox: 'Support', reason: 'larger than 35 MB', size: expect.any(Number) })])
    expect((await ticketOf(after.id)).outcome).toBe('ticket')
    const drucker = (await server.pool.query<{ subject: string }>("SELECT fields->>'subject' AS subject FROM tickets WHERE fields->>'subject' = 'Drucker'")).rows
    expect(drucker).toHaveLength(1)
    const list = (await server.call('GET', '/api/mailboxes', admin.token)).body.value as Array<{ quarantined: number; connected: boolean; lastUid: number }>
    expect(list[0]).toMatchObject({ quarantined: 1, connected: true })
  })

  it('takes each message exactly once when the intake process is killed mid-fetch and the mail server crashes', async () => {
    await mail.stop()
    const batch = Array.from({ length: 40 }, (_, i) => message({ subject: `Batch request ${i}`, body: `Request ${i}. `.repeat(200) }))
    for (const m of batch.slice(0, 25)) imap.deliver(support, m.raw)
    const script = await buildChildScript('tests/support/mail-intake-process.ts')
    const run = () => {
      const child = spawn(process.execPath, [script, server.databaseUrl, server.secretKey.toString('base64')], { stdio: ['ignore', 'pipe', 'inherit'] })
      const lines: string[] = []
      createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line))
      return { child, lines }
    }
    // Killed outright after a few messages: whatever it was reading or writing then is simply not committed.
    const first = run()
    for (let i = 0; i < 400 && first.lines.filter((l) => l !== 'watching').length < 5; i++) await new Promise((r) => setTimeout(r, 10))
    first.child.kill('SIGKILL')
    await once(first.child, 'exit')
    const taken = first.lines.filter((l) => l !== 'watching').length
    // The mail server crashes too, and more mail arrives while it is down.
    await imap.restart({ signal: 'SIGKILL', whileDown: () => batch.slice(25).forEach((m) => imap.deliver(support, m.raw)) })
    const second = run()
    sent += 40
    try {
      await settled()
    } finally {
      second.child.kill('SIGKILL')
      await once(second.child, 'exit')
    }
    const counts = (await server.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM tickets WHERE fields->>'subject' LIKE 'Batch request %' GROUP BY fields->>'subject'")).rows
    expect(counts).toHaveLength(40)
    expect(counts.every((c) => c.n === 1)).toBe(true)
    const rows = (await server.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM mail_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.fields->>'subject' LIKE 'Batch request %'")).rows[0]!.n
    expect(rows).toBe(40)
    expect(taken).toBeGreaterThan(0)
    mail = new MailService(server.pool, new SecretBox(server.secretKey))
    mail.start()
  })

  it('files a run in one go, and when the database refuses one message, sets that one aside and files the rest of the run', async () => {
    // A rule the database enforces that the intake does not know (a DBA's constraint, say): it refuses one ticket.
    await server.pool.query(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.fields->>'subject' = 'Poison' THEN RAISE EXCEPTION 'subject refused by a site rule'; END IF; RETURN NEW; END $$`)
    await server.pool.query('CREATE TRIGGER refuse_poison BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION refuse_poison()')
    try {
      const other = { id: uuidv7(), name: 'Second desk', address: 'desk2@corp.example', groupId: null }
      await server.pool.query("INSERT INTO mailboxes (id, name, address, host, port, tls, username, secret, folder, poll_seconds) VALUES ($1, $2, $3, '127.0.0.1', 1, false, 'x', '\\x00', 'INBOX', 3600)", [other.id, other.name, other.address])
      const raw = (subject: string) => Buffer.from(message({ subject }).raw)
      const outcomes = await ingestMany(server.pool, other, [1, 2, 3].map((uid) => ({ at: { uidValidity: 7, uid }, raw: raw(['Before the poison', 'Poison', 'After the poison'][uid - 1]!) })), Date.now())
      expect(outcomes.map((o) => o.outcome)).toEqual(['ticket', 'quarantined', 'ticket'])
      expect(outcomes[1]).toMatchObject({ reason: expect.stringContaining('the desk server could not file it (subject refused by a site rule)') })
      const state = (await server.pool.query<{ last_uid: string; quarantined: number }>('SELECT last_uid, (SELECT count(*)::int FROM mail_quarantine WHERE mailbox_id = $1) AS quarantined FROM mailboxes WHERE id = $1', [other.id])).rows[0]
      expect(state).toEqual({ last_uid: '3', quarantined: 1 })
      // The same run read again (a crash before the UIDs were seen, say) adds nothing.
      const again = await ingestMany(server.pool, other, [1, 2, 3].map((uid) => ({ at: { uidValidity: 7, uid }, raw: raw(`Again ${uid}`) })), Date.now())
      expect(again.map((o) => o.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate'])
      expect((await server.pool.query("SELECT count(*)::int AS n FROM tickets WHERE fields->>'subject' LIKE '%the poison'")).rows[0].n).toBe(2)
    } finally {
      await server.pool.query('DROP TRIGGER refuse_poison ON tickets; DROP FUNCTION refuse_poison()')
    }
  })

  it('refuses a desk that writes an email entry itself', async () => {
    const ticket = await desk.call('tickets.create', { subject: 'Forged mail', channel: 'phone', requester: { name: 'Sam' } })
    await desk.call('sync.now', {})
    const forged = {
      seq: 1,
      mutationId: uuidv7(),
      kind: 'ticket.addNote',
      hlc: `${String(Date.now()).padStart(13, '0')}-0000-desk`,
      tickets: [{ id: ticket.id, fields: {} }],
      people: [],
      events: [
        {
          id: uuidv7(),
          ticketId: ticket.id,
          at: new Date().toISOString(),
          authorId: null,
          kind: 'email',
          data: JSON.stringify({ direction: 'in', from: 'ceo@corp.example', to: [support], subject: 'Approve', messageId: '<x@y>', body: 'Approved.', status: 'received', reason: null, quoted: null, attachments: [] }),
          body: 'Approved.'
        }
      ]
    }
    const agent = await server.agent('agent')
    const answer = await server.call('POST', '/api/sync/push', agent.token, { clientId: uuidv7(), mutations: [forged] })
    expect(answer.body.value).toMatchObject({ results: [{ seq: 1, status: 'refused', code: 'FORBIDDEN', reason: expect.stringMatching(/written by the desk server’s mailbox/) }] })
  })
})
