import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MailService } from '../../src/server/mail/mail-service'
import { SecretBox } from '../../src/server/secret-box'
import type { MailTemplates } from '../../src/shared/mail'
import { testDesk } from '../support/desk'
import { startTestServer, type TestServer } from '../support/desk-server'
import { startDovecot, type Dovecot } from '../support/dovecot'
import { saveTestMailbox } from '../support/test-mailbox'
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
  let admin: Awaited<ReturnType<TestServer['agent']>>
  const support = 'support@corp.example'
  let fast: ConstructorParameters<typeof MailService>[2]

  beforeAll(async () => {
    ;[server, imap, smtp] = await Promise.all([startTestServer(), startDovecot(), startSmtpSink()])
    admin = await server.agent('admin')
    const agent = await server.agent('agent')
    await saveTestMailbox(server, admin.token, imap, { smtp })
    fast = { dispatch: { retryBaseMs: 200, maxAttempts: 5, now: Date.now, satisfaction: { publicUrl: server.url, key: server.secretKey } }, dispatchEveryMs: 100 }
    mail = new MailService(server.pool, new SecretBox(server.secretKey), fast)
    mail.start()
    desk = testDesk(new Date())
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
    await until(() => smtp.received.some((m) => m.to.includes('gone@corp.example')), 'the reply to gone@')
    const messageId = smtp.received.find((m) => m.to.includes('gone@corp.example'))!.parsed.messageId!
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

  it('sends the notifications the team keeps on: acknowledgement, an update with its ETA, waiting on you, resolved with a link that takes one answer, reopened', async () => {
    const before = smtp.received.length
    const asked = [
      'From: Lena Park <lena.park@corp.example>',
      `To: ${support}`,
      'Subject: Need access to the finance share',
      `Message-ID: <${uuidv7()}@corp.example>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Could I get access to \\\\fs01\\finance?'
    ].join('\r\n')
    imap.deliver(support, asked)
    await smtp.waitFor(before + 1)
    const ack = smtp.received.at(-1)!
    const number = /\[(INC-\d+)\]/.exec(ack.parsed.subject ?? '')![1]!
    expect(ack.to).toEqual(['lena.park@corp.example'])
    expect(ack.parsed.subject).toBe(`[${number}] We have your request: Need access to the finance share`)
    expect(ack.parsed.text).toContain(`Hello Lena,`)
    expect(ack.parsed.text).toContain(`We have logged it as ${number}`)
    await desk.call('sync.now', {})
    const ticketId = (await desk.call('tickets.search', { query: number, limit: 1 }))[0]!.ticket.id

    // An update with an ETA, in the team's own time zone (Berlin).
    desk.clock.now = new Date()
    await desk.call('tickets.comment', { id: ticketId, visibility: 'public', body: 'Your manager has approved it.', eta: '2026-12-03T13:00:00.000Z' })
    await desk.call('sync.now', {})
    await smtp.waitFor(before + 2)
    expect(smtp.received.at(-1)!.parsed.subject).toBe(`[${number}] An update on your request: Need access to the finance share`)
    expect(smtp.received.at(-1)!.parsed.text).toMatch(/Your manager has approved it\.\s+Expected by Thursday 3 December (at )?14:00 CET\./)

    // Waiting on her, then (the template turned off by an admin) waiting again sends nothing.
    const status = async (to: 'pending' | 'in_progress' | 'resolved', extra: object = {}) => {
      desk.clock.now = new Date()
      await desk.call('tickets.setStatus', { id: ticketId, status: to, ...extra })
      expect(await desk.call('sync.now', {})).toMatchObject({ refused: [] })
    }
    await status('pending', { pendingReason: 'requester' })
    await smtp.waitFor(before + 3)
    expect(smtp.received.at(-1)!.parsed.subject).toBe(`[${number}] We need something from you: Need access to the finance share`)
    const templates = (await server.call('GET', '/api/team/mail-templates', admin.token)).body.value as MailTemplates
    const off = { ...templates, templates: { ...templates.templates, waiting: { ...templates.templates.waiting, enabled: false } } }
    expect((await server.call('PUT', '/api/team/mail-templates', admin.token, off)).status).toBe(200)
    await status('in_progress')
    await status('pending', { pendingReason: 'requester' })

    // Resolved: the mail carries the satisfaction link.
    await status('resolved', { resolution: { code: 'solved', notes: 'Access granted.' } })
    await smtp.waitFor(before + 4)
    const resolved = smtp.received.at(-1)!
    expect(resolved.parsed.subject).toBe(`[${number}] Resolved: Need access to the finance share`)
    const link = new RegExp(`${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/satisfaction/\\S+`).exec(resolved.parsed.text ?? '')![0]
    const page = await fetch(link)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
    expect(await page.text()).toContain('How did we do?')
    const answer = (body: string, url = link) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })
    const forged = await answer('score=1', link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))
    expect(forged.status).toBe(410)
    expect(await forged.text()).toContain('This link is not one of ours.')
    expect((await answer('score=9')).status).toBe(400)
    const given = await answer('score=4&comment=Quick%2C+thanks+%3Cb%3Ehi%3C%2Fb%3E')
    expect(given.status).toBe(200)
    expect(await given.text()).toContain('Thank you')
    const again = await answer('score=1')
    expect(again.status).toBe(410)
    expect(await again.text()).toContain('given already')
    await desk.call('sync.now', {})
    const detail = await desk.call('tickets.get', { id: ticketId })
    expect(detail.timeline.filter((e) => e.data.kind === 'satisfaction').map((e) => e.data)).toEqual([{ kind: 'satisfaction', score: 4, comment: 'Quick, thanks <b>hi</b>' }])

    // Reopened by the technician: she is told.
    await status('in_progress')
    await smtp.waitFor(before + 5)
    expect(smtp.received.at(-1)!.parsed.subject).toBe(`[${number}] Reopened: Need access to the finance share`)
    await new Promise((r) => setTimeout(r, 300))
    // Five in all: acknowledgement, update, waiting (once: the second was turned off), resolved, reopened.
    expect(smtp.received.length - before).toBe(5)
  })
})
