import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MailService } from '../../src/server/mail/mail-service'
import { SecretBox } from '../../src/server/secret-box'
import { testDesk } from '../support/desk'
import { startTestServer, type TestServer } from '../support/desk-server'
import { startDovecot, type Dovecot } from '../support/dovecot'
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink'

/**
 * Replies out to requesters through a real SMTP server, with the mail in through dovecot closing
 * the loop: a technician's public reply is an email from the support address, threaded and tagged,
 * sent once however often its push is retried, retried while the mail server is away, and its
 * state on the ticket's timeline.
 */
describe('a public reply reaches the requester by email', () => {
  let server: TestServer
  let imap: Dovecot
  let smtp: SmtpSink
  let mail: MailService
  let desk: ReturnType<typeof testDesk>
  const support = 'support@corp.example'
  const fast = { dispatch: { retryBaseMs: 200, maxAttempts: 5, now: Date.now }, dispatchEveryMs: 100 }

  beforeAll(async () => {
    ;[server, imap, smtp] = await Promise.all([startTestServer(), startDovecot(), startSmtpSink()])
    const admin = await server.agent('admin')
    const agent = await server.agent('agent')
    const saved = await server.call('PUT', `/api/mailboxes/${uuidv7()}`, admin.token, {
      name: 'Corp Service Desk',
      address: support,
      host: '127.0.0.1',
      port: imap.port,
      tls: false,
      username: support,
      password: imap.users[0]!.password,
      pollSeconds: 5,
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' }
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    mail = new MailService(server.pool, new SecretBox(server.secretKey), fast)
    mail.start()
    desk = testDesk(new Date().toISOString())
    await desk.call('sync.signIn', { serverUrl: server.url, email: agent.email, password: 'correct horse battery' })
  }, 60_000)
  afterAll(async () => {
    await mail?.stop()
    await desk?.close()
    await server?.close()
    await Promise.all([imap?.stop(), smtp?.stop()])
  })

  const until = async (check: () => Promise<boolean> | boolean, what: string) => {
    for (let i = 0; i < 200; i++) {
      if (await check()) return
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`timed out waiting for ${what}`)
  }
  /** The ticket's outgoing mail as the desk shows it: each with the latest delivery entry for it. */
  const outbound = async (ticketId: string) => {
    await desk.call('sync.now', {})
    const timeline = (await desk.call('tickets.get', { id: ticketId })).timeline
    return timeline.flatMap((e) => {
      if (e.data.kind !== 'email' || e.data.direction !== 'out') return []
      const id = e.data.messageId
      const delivery = timeline.filter((d) => d.data.kind === 'delivery' && d.data.messageId === id).at(-1)?.data
      return [delivery?.kind === 'delivery' ? { ...e.data, status: delivery.status, reason: delivery.reason } : e.data]
    })
  }
  const reply = async (ticketId: string, body: string) => {
    desk.clock.now = new Date()
    await desk.call('tickets.comment', { id: ticketId, visibility: 'public', body })
    expect(await desk.call('sync.now', {})).toMatchObject({ pending: 0, refused: [] })
  }

  it('sends the reply from the support address, tagged and threaded, once, and says so on the timeline; the requester’s answer threads back', async () => {
    const ticket = await desk.call('tickets.create', { subject: 'VPN drops every hour', channel: 'phone', requester: { name: 'Maria Ortiz', email: 'maria.ortiz@corp.example' } })
    await desk.call('sync.now', {})
    const before = smtp.received.length
    await reply(ticket.id, 'Please install the new VPN profile from the portal and tell me if it still drops.')
    // The same push retried by a desk that lost the answer, and a second server instance dispatching too: still one message.
    await desk.call('sync.now', {})
    const twin = new MailService(server.pool, new SecretBox(server.secretKey), fast)
    twin.start()
    await smtp.waitFor(before + 1)
    await new Promise((r) => setTimeout(r, 500))
    await twin.stop()
    const sent = smtp.received.slice(before)
    expect(sent).toHaveLength(1)
    const number = (await desk.call('tickets.get', { id: ticket.id })).ticket.number
    expect(sent[0]!.to).toEqual(['maria.ortiz@corp.example'])
    expect(sent[0]!.parsed.subject).toBe(`[${number}] VPN drops every hour`)
    expect(sent[0]!.parsed.from?.value[0]).toMatchObject({ address: support, name: 'Corp Service Desk' })
    expect(sent[0]!.parsed.text).toContain('Please install the new VPN profile')
    await until(async () => (await outbound(ticket.id))[0]?.status === 'sent', 'the timeline to say sent')

    // Maria answers the mail: it threads onto the ticket by the Message-ID we gave it.
    const answer = [
      'From: Maria Ortiz <maria.ortiz@corp.example>',
      `To: ${support}`,
      `Subject: Re: ${sent[0]!.parsed.subject}`.replace(`[${number}] `, ''),
      `Message-ID: <${uuidv7()}@corp.example>`,
      `In-Reply-To: ${sent[0]!.parsed.messageId}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Installed it, no drops since.'
    ].join('\r\n')
    imap.deliver(support, answer)
    await until(async () => {
      await desk.call('sync.now', {})
      return (await desk.call('tickets.get', { id: ticket.id })).timeline.some((e) => e.data.kind === 'email' && e.data.direction === 'in')
    }, 'the answer on the ticket')
  })

  it('keeps a reply while the mail server is away or refuses it for now, and sends it when it is back', async () => {
    const ticket = await desk.call('tickets.create', { subject: 'Printer offline', channel: 'phone', requester: { name: 'Jun Chen', email: 'jun.chen@corp.example' } })
    await desk.call('sync.now', {})
    const before = smtp.received.length
    await smtp.down()
    smtp.refuseNext(1)
    await reply(ticket.id, 'A technician is on the way.')
    await until(async () => {
      const row = (await server.pool.query<{ attempts: number; last_error: string | null }>('SELECT attempts, last_error FROM mail_outbox WHERE ticket_id = $1', [ticket.id])).rows[0]
      return (row?.attempts ?? 0) >= 1 && /cannot be reached/.test(row?.last_error ?? '')
    }, 'a failed attempt')
    expect((await outbound(ticket.id))[0]).toMatchObject({ status: 'queued' })
    await smtp.up()
    await smtp.waitFor(before + 1, 10_000)
    expect(smtp.received.slice(before).map((m) => m.to)).toEqual([['jun.chen@corp.example']])
    await until(async () => (await outbound(ticket.id))[0]?.status === 'sent', 'sent after the retries')
  })

  it('cannot be made to send to anyone else: a subject carrying a line break and a Bcc header stays one subject', async () => {
    const hostile = [
      'From: Sam Lee <sam.lee@corp.example>',
      `To: ${support}`,
      'Subject: =?utf-8?B?' + Buffer.from('Help\r\nBcc: attacker@evil.example').toString('base64') + '?=',
      `Message-ID: <${uuidv7()}@corp.example>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'My screen is black.'
    ].join('\r\n')
    imap.deliver(support, hostile)
    let ticketId = ''
    await until(async () => {
      const row = (await server.pool.query<{ id: string }>("SELECT id FROM tickets WHERE fields->>'subject' LIKE 'Help%Bcc%'")).rows[0]
      ticketId = row?.id ?? ''
      return Boolean(row)
    }, 'the ticket')
    await desk.call('sync.now', {})
    expect((await desk.call('tickets.get', { id: ticketId })).ticket.subject).toBe('Help Bcc: attacker@evil.example')
    const before = smtp.received.length
    await reply(ticketId, 'Please press the power button for 10 seconds.')
    await smtp.waitFor(before + 1)
    const sent = smtp.received.at(-1)!
    expect(sent.to).toEqual(['sam.lee@corp.example'])
    expect(sent.parsed.bcc).toBeUndefined()
    expect(sent.raw.toString('latin1')).not.toMatch(/^Bcc:/im)
  })

  it('marks a reply failed when the requester’s mail server returns it', async () => {
    const ticket = await desk.call('tickets.create', { subject: 'Account expired', channel: 'phone', requester: { name: 'Old Address', email: 'gone@corp.example' } })
    await desk.call('sync.now', {})
    const before = smtp.received.length
    await reply(ticket.id, 'Your account has been extended.')
    await smtp.waitFor(before + 1)
    const messageId = smtp.received.at(-1)!.parsed.messageId!
    const bounce = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.corp.example>',
      `To: ${support}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <${uuidv7()}@mx.corp.example>`,
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'gone@corp.example: user unknown',
      '--B',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${messageId}`,
      '--B--',
      ''
    ].join('\r\n')
    imap.deliver(support, bounce)
    await until(async () => (await outbound(ticket.id))[0]?.status === 'failed', 'the bounce on the timeline')
    expect((await outbound(ticket.id))[0]!.reason).toMatch(/Returned by the recipient’s mail server/)
  })
})
