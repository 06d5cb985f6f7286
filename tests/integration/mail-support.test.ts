import { once } from 'node:events'
import { ImapFlow, type FetchMessageObject } from 'imapflow'
import { simpleParser } from 'mailparser'
import nodemailer from 'nodemailer'
import { afterAll, describe, expect, it } from 'vitest'
import { startDovecot, type Dovecot } from '../support/dovecot'
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink'

/** A plain message as an MTA would store it, CRLF line ends. */
const plainMessage = (subject: string, body: string): string =>
  [
    'From: Maria Ortiz <maria.ortiz@corp.example>',
    'To: support@corp.example',
    `Subject: ${subject}`,
    'Date: Mon, 03 Mar 2025 09:15:00 +0100',
    `Message-ID: <${subject.replace(/\W+/g, '-')}@corp.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    ''
  ].join('\r\n')

const LOG_CONTENT = 'error 0x80070005: access denied\n'

/** multipart/mixed with a small attachment, LF line ends (as some tools write Maildir files). */
const attachmentMessage = [
  'From: Jun Chen <jchen@corp.example>',
  'To: support@corp.example',
  'Subject: VPN log attached',
  'Date: Mon, 03 Mar 2025 09:20:00 +0100',
  'Message-ID: <vpn-log@corp.example>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'The VPN client fails, log attached.',
  '--b1',
  'Content-Type: text/plain; name="vpn.log"',
  'Content-Disposition: attachment; filename="vpn.log"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from(LOG_CONTENT).toString('base64'),
  '--b1--',
  ''
].join('\n')

describe('throwaway dovecot for mail tests', () => {
  let dovecot: Dovecot
  afterAll(async () => dovecot?.stop())

  const connect = async (options: { autoIdleDelay?: number } = {}): Promise<ImapFlow> => {
    const [account] = dovecot.users
    if (!account) throw new Error('no user')
    const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: account.user, pass: account.password }, logger: false, ...options })
    client.on('error', () => undefined)
    await client.connect()
    return client
  }

  const inbox = async (): Promise<{ uidValidity: bigint; messages: FetchMessageObject[] }> => {
    const client = await connect()
    try {
      const mailbox = await client.mailboxOpen('INBOX')
      const messages: FetchMessageObject[] = []
      if (mailbox.exists > 0) for await (const message of client.fetch('1:*', { uid: true, envelope: true, source: true })) messages.push(message)
      return { uidValidity: mailbox.uidValidity, messages }
    } finally {
      await client.logout()
    }
  }

  let before: { uidValidity: bigint; messages: FetchMessageObject[] }

  it('starts and serves delivered messages over IMAP with increasing UIDs', async () => {
    const started = Date.now()
    dovecot = await startDovecot()
    console.info(`dovecot ready in ${Date.now() - started} ms on port ${dovecot.port}`)
    expect(dovecot.users).toEqual([{ user: 'support@corp.example', password: 'Mailbox-Pass-1' }])

    const user = 'support@corp.example'
    const first = dovecot.deliver(user, plainMessage('Printer on 3rd floor jams', 'It jams on every duplex job.'))
    const second = dovecot.deliver(user, Buffer.from(attachmentMessage))
    expect(first).toMatch(/^\d+\.\d+_\d+\.[^/:]+$/)
    expect(second).not.toBe(first)

    before = await inbox()
    expect(before.messages.map((m) => m.envelope?.subject)).toEqual(['Printer on 3rd floor jams', 'VPN log attached'])
    const [a, b] = before.messages.map((m) => m.uid)
    expect(b).toBeGreaterThan(a ?? Infinity)

    const plain = await simpleParser(before.messages[0]?.source ?? Buffer.alloc(0))
    expect(plain.text?.trim()).toBe('It jams on every duplex job.')
    expect(plain.from?.value[0]?.address).toBe('maria.ortiz@corp.example')
    const withFile = await simpleParser(before.messages[1]?.source ?? Buffer.alloc(0))
    expect(withFile.text?.trim()).toBe('The VPN client fails, log attached.')
    expect(withFile.attachments.map((x) => [x.filename, x.content.toString()])).toEqual([['vpn.log', LOG_CONTENT]])
  })

  it('keeps UIDVALIDITY and UIDs across a restart and serves mail delivered while it was down', async () => {
    const started = Date.now()
    await dovecot.restart({ whileDown: () => dovecot.deliver('support@corp.example', plainMessage('Delivered while down', 'Queued by the MTA.')) })
    console.info(`dovecot restarted in ${Date.now() - started} ms`)

    const after = await inbox()
    expect(after.uidValidity).toBe(before.uidValidity)
    expect(after.messages.map((m) => [m.uid, m.envelope?.subject])).toEqual([
      ...before.messages.map((m) => [m.uid, m.envelope?.subject]),
      [expect.any(Number), 'Delivered while down']
    ])
    expect(after.messages[2]?.uid).toBeGreaterThan(before.messages[1]?.uid ?? Infinity)
  })

  it('drops a connected client when killed, and serves a new one after the restart', async () => {
    const client = await connect()
    await client.mailboxOpen('INBOX')
    const closed = once(client, 'close')
    await dovecot.restart({ signal: 'SIGKILL' })
    await closed
    await expect(client.fetchOne('1', { envelope: true })).rejects.toThrow()
    const after = await inbox()
    expect(after.messages).toHaveLength(3)
    expect(after.uidValidity).toBe(before.uidValidity)
  })

  it('delivers into folders and notices deliveries during IDLE', async () => {
    dovecot.deliver('support@corp.example', plainMessage('Filed away', 'In a folder.'), 'Archive')
    const client = await connect({ autoIdleDelay: 50 })
    try {
      const folders = (await client.list()).map((f) => f.path)
      expect(folders).toEqual(expect.arrayContaining(['INBOX', 'Archive']))
      expect(await client.status('Archive', { messages: true })).toMatchObject({ path: 'Archive', messages: 1 })

      await client.mailboxOpen('INBOX')
      const deadline = Date.now() + 2_000
      while (!client.idling && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
      expect(client.idling).toBe(true)
      const exists = once(client, 'exists')
      const delivered = Date.now()
      dovecot.deliver('support@corp.example', plainMessage('Arrived during IDLE', 'Push me.'))
      const [event] = (await exists) as [{ count: number; prevCount: number }]
      console.info(`IDLE noticed the delivery after ${Date.now() - delivered} ms`)
      expect(event).toMatchObject({ count: 4, prevCount: 3 })
    } finally {
      await client.logout()
    }
  })
})

describe('smtp sink for outgoing mail tests', () => {
  let sink: SmtpSink
  afterAll(async () => sink?.stop())

  const send = (subject: string) =>
    nodemailer
      .createTransport({ host: sink.host, port: sink.port, secure: false, tls: { rejectUnauthorized: false }, ignoreTLS: true, connectionTimeout: 2_000 })
      .sendMail({
        from: 'support@corp.example',
        to: ['maria.ortiz@corp.example', 'jchen@corp.example'],
        subject,
        text: `Re: ${subject}`,
        attachments: [{ filename: 'steps.txt', content: 'Restart the spooler.\n' }]
      })

  it('receives and parses a message sent with nodemailer', async () => {
    sink = await startSmtpSink()
    const info = await send('[#1042] Printer on 3rd floor jams')
    expect(info.accepted).toEqual(['maria.ortiz@corp.example', 'jchen@corp.example'])
    await sink.waitFor(1)
    const [mail] = sink.received
    expect(mail?.from).toBe('support@corp.example')
    expect(mail?.to).toEqual(['maria.ortiz@corp.example', 'jchen@corp.example'])
    expect(mail?.parsed.subject).toBe('[#1042] Printer on 3rd floor jams')
    expect(mail?.parsed.text?.trim()).toBe('Re: [#1042] Printer on 3rd floor jams')
    expect(mail?.parsed.attachments.map((x) => [x.filename, x.content.toString()])).toEqual([['steps.txt', 'Restart the spooler.\n']])
    expect(mail?.raw.toString()).toContain('Subject: [#1042] Printer on 3rd floor jams')
  })

  it('refuses the next delivery with a temporary 451, then accepts again', async () => {
    sink.refuseNext(1)
    await expect(send('refused once')).rejects.toMatchObject({ responseCode: 451 })
    expect(sink.received).toHaveLength(1)
    await send('accepted on retry')
    await sink.waitFor(2)
    expect(sink.received[1]?.parsed.subject).toBe('accepted on retry')
  })

  it('refuses connections while down and listens on the same port after up()', async () => {
    const port = sink.port
    await sink.down()
    const refused = (await send('nobody listening').catch((e: unknown) => e)) as Error & { code?: string }
    expect(refused.message).toMatch(/ECONNREFUSED/)
    expect(refused.code).toBe('ESOCKET')
    await sink.up()
    expect(sink.port).toBe(port)
    await send('back up')
    await sink.waitFor(3)
    expect(sink.received.map((m) => m.parsed.subject)).toEqual(['[#1042] Printer on 3rd floor jams', 'accepted on retry', 'back up'])
  })

  it('can refuse the first deliveries from the start', async () => {
    const strict = await startSmtpSink({ refuseFirst: 1 })
    try {
      const transport = nodemailer.createTransport({ host: strict.host, port: strict.port, secure: false, ignoreTLS: true })
      const message = { from: 'support@corp.example', to: 'jchen@corp.example', subject: 'retry me', text: 'x' }
      const error = (await transport.sendMail(message).catch((e: unknown) => e)) as { responseCode?: number; response?: string }
      expect(error.responseCode).toBe(451)
      expect(error.response).toMatch(/^451 /)
      await transport.sendMail(message)
      await strict.waitFor(1)
    } finally {
      await strict.stop()
    }
  })
})
