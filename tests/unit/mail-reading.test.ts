import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { answers, plainSubject, readKind, splitQuoted, textOf } from '../../src/server/mail/mail-reading'

const parse = (raw: string) => simpleParser(Buffer.from(raw.replace(/\n/g, '\r\n')), { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true })
const support = 'support@corp.example'

const plain = (headers: string, body = 'My laptop will not start.') =>
  `From: Maria Ortiz <Maria.Ortiz@corp.example>\nTo: ${support}\nSubject: Laptop dead\nMessage-ID: <m1@corp.example>\nDate: Mon, 30 Nov 2026 09:00:00 +0100\n${headers}Content-Type: text/plain; charset=utf-8\n\n${body}\n`

describe('which mail is for a person', () => {
  it('takes a plain message from a person', async () => {
    expect(readKind(await parse(plain('')), support)).toEqual({ kind: 'message' })
  })

  it.each([
    ['Auto-Submitted: auto-replied\n', /Auto-Submitted: auto-replied/],
    ['Precedence: bulk\n', /Precedence: bulk/],
    ['X-Autoreply: yes\n', /autoresponder/]
  ])('never opens a ticket for an out-of-office or bulk mail (%s)', async (headers, reason) => {
    const reading = readKind(await parse(plain(headers)), support)
    expect(reading).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(reason) })
  })

  it('ignores our own mail coming back, by its Message-ID or its sender', async () => {
    const own = plain('').replace('<m1@corp.example>', '<0190aaaa-0000-7000-8000-000000000001@desk.frontline.invalid>')
    expect(readKind(await parse(own), support)).toMatchObject({ kind: 'ignored', reason: 'our own message, looped back' })
    expect(readKind(await parse(plain('').replace('Maria Ortiz <Maria.Ortiz@corp.example>', 'Support <SUPPORT@corp.example>')), support)).toMatchObject({ kind: 'ignored' })
  })

  it('reads a delivery status report as a bounce of the message it returns', async () => {
    const bounce = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.corp.example>',
      `To: ${support}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <b1@mx.corp.example>',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'The mail could not be delivered to nobody@corp.example.',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.corp.example',
      '',
      'Final-Recipient: rfc822; nobody@corp.example',
      'Action: failed',
      'Status: 5.1.1',
      '--B',
      'Content-Type: text/rfc822-headers',
      '',
      'Message-ID: <0190aaaa-0000-7000-8000-000000000002@desk.frontline.invalid>',
      'Subject: [INC-1001] Laptop dead',
      '--B--',
      ''
    ].join('\n')
    expect(readKind(await parse(bounce), support)).toMatchObject({ kind: 'bounce', original: '<0190aaaa-0000-7000-8000-000000000002@desk.frontline.invalid>' })
  })
})

describe('threading and subjects', () => {
  it('lists the messages a reply answers, nearest first', async () => {
    const reply = plain('In-Reply-To: <o2@desk.frontline.invalid>\nReferences: <m1@corp.example> <o2@desk.frontline.invalid>\n')
    expect(answers(await parse(reply))).toEqual(['<o2@desk.frontline.invalid>', '<m1@corp.example>'])
  })

  it('drops reply prefixes in any language and our tag from a subject', () => {
    expect(plainSubject('RE: AW: Fwd: [INC-1042] Printer jams')).toBe('Printer jams')
    expect(plainSubject('Re[2]: VPN')).toBe('VPN')
    expect(plainSubject('   ')).toBe('(no subject)')
    expect(plainSubject('Bell\u0007 and\r\n folded')).toBe('Bell and folded')
  })
})

describe('the new text apart from the history it quotes', () => {
  it('folds everything from "On … wrote:"', () => {
    expect(splitQuoted('Still broken after the update.\n\nOn Mon, 30 Nov 2026 at 09:00, Frontline <support@corp.example> wrote:\n> Please restart.\n')).toEqual({
      body: 'Still broken after the update.',
      quoted: 'On Mon, 30 Nov 2026 at 09:00, Frontline <support@corp.example> wrote:\n> Please restart.'
    })
  })

  it('folds an Outlook header block and a trailing run of quoted lines', () => {
    expect(splitQuoted('Thanks, works now.\n\n-----Original Message-----\nFrom: Support\nSent: Monday\n').body).toBe('Thanks, works now.')
    expect(splitQuoted('Yes please.\n\n> Shall we replace it?\n> Regards').quoted).toBe('> Shall we replace it?\n> Regards')
  })

  it('keeps a message with no history whole, and gives an empty one a placeholder', () => {
    expect(splitQuoted('Line one\nLine two')).toEqual({ body: 'Line one\nLine two', quoted: null })
    expect(splitQuoted('\n\n')).toEqual({ body: '(no text)', quoted: null })
  })

  it('reads hostile HTML as inert text: no script, handler, remote image or javascript: link survives', async () => {
    const html = [
      'From: attacker@evil.example',
      `To: ${support}`,
      'Subject: Invoice',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><script>alert(1)</script><style>body{}</style></head><body onload="steal()">',
      '<p>Please <a href="javascript:alert(2)">click here</a> to pay.</p><img src="https://evil.example/track.png" onerror="x()">',
      '</body></html>'
    ].join('\n')
    const mail = await parse(html)
    const { body } = splitQuoted(textOf(mail))
    expect(body).toContain('Please')
    expect(body).toContain('to pay.')
    for (const bad of ['<script', 'alert(', 'javascript:', 'onload', 'onerror', 'evil.example', '<img', '<a ']) expect(body).not.toContain(bad)
  })
})
