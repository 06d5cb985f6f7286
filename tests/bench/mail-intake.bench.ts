import { ImapFlow } from 'imapflow'
import { simpleParser } from 'mailparser'
import { v7 as uuidv7 } from 'uuid'
import { expect, it } from 'vitest'
import type { Outcome } from '../../src/server/mail/mail-intake'
import { MailService } from '../../src/server/mail/mail-service'
import { SecretBox } from '../../src/server/secret-box'
import { startTestServer } from '../support/desk-server'
import { startDovecot } from '../support/dovecot'
import { figures } from './figures'
import { seededRandom as prng } from '../support/seeded-random'

const MESSAGES = Number(process.env.BENCH_MAIL_MESSAGES ?? 5_000)
const SENDERS = 500
const SUPPORT = 'support@corp.example'
/** The options the intake parses with (src/server/mail/mail-intake.ts). */
const PARSE_OPTIONS = { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true } as const

const FIRST = ['Maria', 'Jonas', 'Aylin', 'Peter', 'Sofia', 'Lukas', 'Emma', 'Mehmet', 'Hanna', 'Tobias', 'Lea', 'Jürgen', 'Chloé', 'Nikola', 'Anna', 'David', 'Zoë', 'Karim', 'Ingrid', 'Paul']
const LAST = ['Ortiz', 'Müller', 'Schmidt', 'Yılmaz', 'Becker', 'Novak', 'Fischer', 'Weber', 'Dubois', 'Kowalski', 'Hoffmann', 'Jensen', 'Rossi', 'Lindqvist', 'Wagner', 'Kaya', 'Meyer', 'Brown']
const SUBJECTS = [
  'Outlook keeps asking for my password',
  'VPN drops every few minutes',
  'Printer on 3F prints blank pages',
  'Cannot open the shared drive',
  'Laptop fan very loud since the update',
  'Monitor flickers when docked',
  'Teams meeting has no sound',
  'New starter needs an account',
  'Excel crashes when opening the budget file',
  'Badge does not open the server room',
  'Phone shows "no service" in the meeting rooms',
  'Password expired while on holiday',
  'Request: second monitor for the front desk',
  'Wi-Fi very slow in building B',
  'Calendar invites arrive twice',
  'Software request: Visio licence'
]
const WORDS = (
  'the a my our this since morning yesterday again still every time when after before update restart laptop screen printer ' +
  'password account login error message window button network cable dock meeting colleague office floor building team ' +
  'please could you help check look urgent tomorrow deadline customer report file folder drive access permission ' +
  'tried already nothing works shows appears keeps asking slow crashes freezes reboot Grüße Straße Übergabe café naïve'
).split(' ')

interface Bench {
  id: string
  raw: Buffer
  /** The Message-ID this one answers, for replies. */
  parent: string | null
  /** Its References header: the thread up to the parent, nearest last. */
  references: string[]
  html: boolean
  attachment: boolean
  tag: boolean
}

/** Lines wrapped under 78 characters. */
function wrap(text: string, width = 72): string[] {
  const lines: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(' ')) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line)
        line = word
      } else line = line ? `${line} ${word}` : word
    }
    lines.push(line)
  }
  return lines
}

/** Quoted-printable for a UTF-8 text (soft breaks at 76 columns), as many mail clients send it. */
function quotedPrintable(text: string): string {
  const out: string[] = []
  for (const line of text.split('\r\n')) {
    let encoded = ''
    for (const byte of Buffer.from(line, 'utf8')) encoded += byte === 0x3d || byte > 0x7e || (byte < 0x20 && byte !== 0x09) ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte)
    while (encoded.length > 75) {
      let cut = 75
      // Never split an =XX escape.
      if (encoded[cut - 1] === '=') cut -= 1
      else if (encoded[cut - 2] === '=') cut -= 2
      out.push(`${encoded.slice(0, cut)}=`)
      encoded = encoded.slice(cut)
    }
    out.push(encoded)
  }
  return out.join('\r\n')
}

function base64Lines(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n')
}

/** A header value with non-ASCII text as an RFC 2047 encoded word. */
const encodedWord = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`)

const dateOf = (i: number) => new Date(Date.UTC(2026, 10, 30, 7, 0, 0) + i * 41_000).toUTCString().replace('GMT', '+0000')

/**
 * MESSAGES messages to the support address, the same every run: SENDERS people writing, plain text
 * of 0.5–4 KB (half of it quoted-printable), about 20% HTML only, 10% with a 20 KB PDF attached, 30%
 * replies to an earlier message of the batch (In-Reply-To and References, the history quoted below),
 * 5% with an [INC-…] tag in the subject that names no ticket.
 */
function generate(count: number): Bench[] {
  const random = prng(0x5eed_19)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
  const people = Array.from({ length: SENDERS }, (_, k) => ({ name: `${pick(FIRST)} ${pick(LAST)}`, address: `person${String(k + 1).padStart(4, '0')}@corp.example` }))
  const sentence = () => {
    const words = Array.from({ length: 6 + Math.floor(random() * 14) }, () => pick(WORDS))
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`
  }
  const bodyOf = (bytes: number) => {
    const paragraphs: string[] = []
    let size = 0
    while (size < bytes) {
      const paragraph = Array.from({ length: 2 + Math.floor(random() * 4) }, sentence).join(' ')
      paragraphs.push(paragraph)
      size += Buffer.byteLength(paragraph) + 2
    }
    return paragraphs
  }
  const messages: Bench[] = []
  const info: Array<{ subject: string; from: (typeof people)[number]; references: string[]; paragraphs: string[] }> = []
  for (let i = 0; i < count; i++) {
    const from = pick(people)
    const reply = i >= 10 && random() < 0.3
    const tag = !reply && random() < 0.05 / 0.7
    const html = random() < 0.2
    const attachment = random() < 0.1
    const parentIndex = reply ? i - 1 - Math.floor(random() * Math.min(i, 300)) : -1
    const parent = parentIndex >= 0 ? { ...info[parentIndex]!, id: messages[parentIndex]!.id } : null
    const id = `<${(0x10000000 + i * 7919).toString(16)}.${i}@mail.corp.example>`
    const subject = parent ? `Re: ${parent.subject.replace(/^Re: /, '')}` : `${tag ? `[INC-${900_000 + i}] ` : ''}${pick(SUBJECTS)}`
    const references = parent ? [...parent.references, parent.id].slice(-5) : []
    const paragraphs = bodyOf(512 + Math.floor(random() * 3_584))
    const sign = `Thanks,\n${from.name}`
    const quoteHeader = parent ? `On ${dateOf(parentIndex)}, ${parent.from.name} <${parent.from.address}> wrote:` : ''
    const quoted = parent ? parent.paragraphs.slice(0, 3) : []

    const headers = [
      `From: "${encodedWord(from.name)}" <${from.address}>`,
      `To: Support <${SUPPORT}>`,
      `Subject: ${subject}`,
      `Message-ID: ${id}`,
      `Date: ${dateOf(i)}`,
      ...(parent ? [`In-Reply-To: ${parent.id}`, `References: ${references.join(' ')}`] : []),
      'MIME-Version: 1.0',
      'X-Mailer: Bench Mail 1.0'
    ]
    let part: string[]
    if (html) {
      const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      const document = [
        '<html><head><style>p { font-family: Calibri, sans-serif; }</style></head><body>',
        ...paragraphs.map((p) => `<p>${escape(p)}</p>`),
        `<p>${escape(sign).replace('\n', '<br>')}</p>`,
        `<p><a href="https://intranet.corp.example/it">IT intranet</a><img src="https://tracker.example/p.gif" width="1" height="1"></p>`,
        ...(parent ? [`<div>${escape(quoteHeader)}</div><blockquote>${quoted.map((p) => `<p>${escape(p)}</p>`).join('')}</blockquote>`] : []),
        '</body></html>'
      ].join('\r\n')
      part = ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', quotedPrintable(document)]
    } else {
      const text = [...paragraphs.flatMap((p) => [...wrap(p), '']), ...sign.split('\n'), ...(parent ? ['', quoteHeader, ...quoted.flatMap((p) => wrap(p, 70).map((l) => `> ${l}`))] : [])].join('\r\n')
      part =
        random() < 0.5
          ? ['Content-Type: text/plain; charset=utf-8; format=flowed', 'Content-Transfer-Encoding: 8bit', '', text]
          : ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', quotedPrintable(text)]
    }
    let lines: string[]
    if (attachment) {
      const boundary = `----=_Part_${i}_${(i * 2_654_435_761) >>> 0}`
      // A PDF-looking 20 KB blob.
      const pdf = Buffer.alloc(20 * 1024)
      pdf.write('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1')
      for (let b = 64; b < pdf.length; b += 4) pdf.writeUInt32LE((random() * 4_294_967_296) >>> 0, b)
      lines = [
        ...headers,
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        'This is a multi-part message in MIME format.',
        `--${boundary}`,
        ...part,
        `--${boundary}`,
        `Content-Type: application/pdf; name="scan-${i}.pdf"`,
        `Content-Disposition: attachment; filename="scan-${i}.pdf"`,
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(pdf),
        `--${boundary}--`
      ]
    } else lines = [...headers, ...part]
    messages.push({ id, raw: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'), parent: parent?.id ?? null, references, html, attachment, tag })
    info.push({ subject, from, references, paragraphs })
  }
  return messages
}

/**
 * Mail in at scale: MESSAGES messages waiting in a real dovecot maildir, taken by the desk server's
 * intake over IMAP into PostgreSQL (fetched, parsed, filed one transaction each), against the rate
 * mailparser alone parses the same bytes in memory (the baseline, measured in the same run).
 */
it(`mail intake: ${MESSAGES.toLocaleString('en')} messages from a maildir`, { timeout: 600_000 }, async () => {
  const { lines } = figures()
  const line = (name: string, value: number | string, unit: string) => lines.push(`${name.padEnd(62)} ${String(value).padStart(10)} ${unit}`)
  const rate = (n: number, ms: number) => Math.round(n / (ms / 1000))
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0)

  const messages = generate(MESSAGES)
  const bytes = messages.reduce((sum, m) => sum + m.raw.length, 0)

  // 1. The baseline: the raw parse rate, sequentially, in memory (after a short warm-up). It runs before
  // the intake and again after it (A B A), so neither side alone meets the fresher machine.
  for (const m of messages.slice(0, Math.min(MESSAGES, 500))) await simpleParser(m.raw, PARSE_OPTIONS)
  const parseAll = async () => {
    const parseStart = performance.now()
    let parsedIds = 0
    for (const m of messages) if ((await simpleParser(m.raw, PARSE_OPTIONS)).messageId === m.id) parsedIds++
    expect(parsedIds).toBe(MESSAGES)
    return performance.now() - parseStart
  }
  const parseBefore = await parseAll()

  const started = await Promise.allSettled([startTestServer(), startDovecot()] as const)
  const [serverStart, imapStart] = started
  if (serverStart.status === 'rejected' || imapStart.status === 'rejected') {
    if (serverStart.status === 'fulfilled') await serverStart.value.close()
    if (imapStart.status === 'fulfilled') await imapStart.value.stop()
    throw serverStart.status === 'rejected' ? serverStart.reason : (imapStart as PromiseRejectedResult).reason
  }
  const server = serverStart.value
  const imap = imapStart.value
  let mail: MailService | undefined
  try {
    const admin = await server.agent('admin')
    const mailboxId = uuidv7()
    const saved = await server.call('PUT', `/api/mailboxes/${mailboxId}`, admin.token, {
      name: 'Bench',
      address: SUPPORT,
      host: '127.0.0.1',
      port: imap.port,
      tls: false,
      username: SUPPORT,
      password: imap.users[0]!.password,
      pollSeconds: 5
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)

    // 2. Everything delivered into the maildir, as an MTA would (untimed).
    for (const m of messages) imap.deliver(SUPPORT, m.raw)
    // Dovecot numbers new maildir files on the first look at the folder, not by delivery order. Read
    // each message's UID once (untimed; this also makes dovecot index them): a reply is threaded only
    // when a message it references was filed before it (else it opens a ticket of its own).
    const scanStart = performance.now()
    const uidOf = new Map<string, number>()
    const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: SUPPORT, pass: imap.users[0]!.password }, logger: false })
    client.on('error', () => undefined)
    await client.connect()
    try {
      await client.mailboxOpen('INBOX')
      for await (const m of client.fetch('1:*', { uid: true, envelope: true }, { uid: true })) if (m.envelope?.messageId) uidOf.set(m.envelope.messageId, m.uid)
    } finally {
      await client.logout().catch(() => undefined)
    }
    const scanMs = performance.now() - scanStart
    expect(uidOf.size).toBe(MESSAGES)
    const answeredLater = messages.filter((m) => m.parent !== null && uidOf.get(m.parent)! > uidOf.get(m.id)!).length
    const expectedReplies = messages.filter((m) => m.references.some((ref) => uidOf.get(ref)! < uidOf.get(m.id)!)).length

    await server.pool.query('CHECKPOINT')
    await server.pool.query('VACUUM ANALYZE')

    // 3. The intake, timed from start() until the database holds a row for every message. The table
    // also keeps the mail the service sends (acknowledgements and replies, direction 'out'): not counted.
    const count = async () => (await server.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM mail_messages WHERE mailbox_id = $1 AND direction = 'in'", [mailboxId])).rows[0]!.n
    const rssBefore = process.memoryUsage.rss()
    let rssPeak = rssBefore
    const intakeStart = performance.now()
    // What the intake reports of each message, for a failure's message.
    const reported = new Map<string, number>()
    const onOutcome = (o: Outcome) => {
      const key = 'reason' in o ? `${o.outcome}: ${o.reason}` : o.outcome
      reported.set(key, (reported.get(key) ?? 0) + 1)
    }
    mail = new MailService(server.pool, new SecretBox(server.secretKey), { onOutcome })
    mail.start()
    let firstAt: number | null = null
    let taken = 0
    let progressAt = performance.now()
    while (taken < MESSAGES) {
      await new Promise((r) => setTimeout(r, 50))
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss())
      const now = await count()
      if (now > 0 && firstAt === null) firstAt = performance.now()
      if (now > taken) progressAt = performance.now()
      taken = now
      if (performance.now() - progressAt > 60_000) throw new Error(`the intake stalled at ${taken} of ${MESSAGES} messages\n${imap.log()}`)
    }
    const intakeMs = performance.now() - intakeStart
    await mail.stop()
    mail = undefined

    // Every message taken exactly once, none set aside, each threaded as expected.
    const rows = (await server.pool.query<{ n: number; uids: number }>("SELECT count(*)::int AS n, count(DISTINCT uid)::int AS uids FROM mail_messages WHERE mailbox_id = $1 AND direction = 'in'", [mailboxId])).rows[0]!
    const diagnosis = async () => {
      const byValidity = (await server.pool.query('SELECT direction, uid_validity, outcome, count(*)::int AS n, min(uid) AS min, max(uid) AS max FROM mail_messages GROUP BY 1, 2, 3 ORDER BY 1, 2, 3')).rows
      return `rows by uid_validity: ${JSON.stringify(byValidity)}\nreported: ${JSON.stringify([...reported])}\ndovecot log:\n${imap.log()}`
    }
    expect(rows, await diagnosis()).toEqual({ n: MESSAGES, uids: MESSAGES })
    const grouped = async (direction: 'in' | 'out') =>
      Object.fromEntries((await server.pool.query<{ outcome: string; n: number }>('SELECT outcome, count(*)::int AS n FROM mail_messages WHERE direction = $1 GROUP BY outcome ORDER BY outcome', [direction])).rows.map((r) => [r.outcome, r.n]))
    const outcomes = await grouped('in')
    const sent = await grouped('out')
    const quarantined = (await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_quarantine')).rows[0]!.n
    expect(quarantined).toBe(0)
    expect(outcomes, await diagnosis()).toEqual({ reply: expectedReplies, ticket: MESSAGES - expectedReplies })

    const parseAfter = await parseAll()
    const parseMs = (parseBefore + parseAfter) / 2
    const intakeRate = rate(MESSAGES, intakeMs)
    const parseRate = rate(MESSAGES, parseMs)
    const howMany = (f: (m: Bench) => boolean) => messages.filter(f).length
    line(`messages generated (${(bytes / 1024 / 1024).toFixed(1)} MB; mean size)`, `${(bytes / MESSAGES / 1024).toFixed(1)}`, 'KB')
    line(
      '  HTML-only / PDF attached / replies / unmatched [INC-] tag',
      `${howMany((m) => m.html)} / ${howMany((m) => m.attachment)} / ${howMany((m) => m.parent !== null)} / ${howMany((m) => m.tag)}`,
      'messages'
    )
    line('raw parse, simpleParser in memory, sequential (baseline)', parseRate.toLocaleString('en'), 'messages/s')
    line(`  time for ${MESSAGES.toLocaleString('en')}: mean of before / after the intake`, `${(parseBefore / 1000).toFixed(2)} / ${(parseAfter / 1000).toFixed(2)}`, 's')
    line('dovecot first scan: UID + envelope of every message (absolute, not in the intake)', (scanMs / 1000).toFixed(2), 's')
    line(`intake, IMAP maildir -> PostgreSQL, start() to ${MESSAGES.toLocaleString('en')} rows`, intakeRate.toLocaleString('en'), 'messages/s')
    line('  ratio to the raw parse rate (intake / baseline)', `${(intakeRate / parseRate).toFixed(3)}x`, '')
    line(`  time for ${MESSAGES.toLocaleString('en')} (first row after)`, `${(intakeMs / 1000).toFixed(2)} (${(((firstAt ?? intakeStart) - intakeStart) / 1000).toFixed(2)})`, 's')
    line(`  outcomes: tickets / replies (replies expected by UID order)`, `${outcomes.ticket ?? 0} / ${outcomes.reply ?? 0} (${expectedReplies})`, 'messages')
    line(`  replies numbered by dovecot before the message they answer`, answeredLater, 'messages')
    line(`  quarantined`, quarantined, 'messages')
    line('  mail out the service queued meanwhile (by state)', Object.entries(sent).map(([k, n]) => `${k} ${n}`).join(', ') || 'none', '')
    line(`  process rss before / peak during intake`, `${mb(rssBefore)} / ${mb(rssPeak)}`, 'MB')
  } finally {
    await mail?.stop()
    await server.close()
    await imap.stop()
  }
  console.log(`\n${lines.join('\n')}\n`)
})
