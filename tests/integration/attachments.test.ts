import { createHash, randomBytes } from 'node:crypto'
import nodemailer from 'nodemailer'
import { v7 as uuidv7 } from 'uuid'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDesk } from '../../src/main/core/store/database'
import { FileStore } from '../../src/main/core/store/file-store'
import { MailService } from '../../src/server/mail/mail-service'
import { SecretBox } from '../../src/server/secret-box'
import type { TeamDirectory } from '../../src/shared/team'
import { testDesk } from '../support/desk'
import { startTestServer, type TestServer } from '../support/desk-server'
import { startDovecot, type Dovecot } from '../support/dovecot'
import { saveTestMailbox } from '../support/test-mailbox'
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink'
import { tempDir } from '../support/temp-dir'

/**
 * Files both ways, through real parts: a mailed file kept once on the server (one over the team's
 * limit listed, not kept), opened on a desk and kept there for offline use; a file attached to a
 * reply written offline, uploaded on sync and sent with the reply, once.
 */
describe('files on tickets, in and out', () => {
  let server: TestServer
  let imap: Dovecot
  let smtp: SmtpSink
  let mail: MailService
  let admin: Awaited<ReturnType<TestServer['agent']>>
  let agent: Awaited<ReturnType<TestServer['agent']>>
  const support = 'support@corp.example'
  const network = { down: false }
  // The desk's own way to the server, which the test can cut (a laptop leaving the building).
  const unplugged: typeof fetch = (input, init) => (network.down ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init))
  let desk: ReturnType<typeof testDesk>
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
  // Bytes that do not compress: a file as big as it says.
  const report = randomBytes(300 * 1024)
  const scan = randomBytes(1536 * 1024)

  beforeAll(async () => {
    ;[server, imap, smtp] = await Promise.all([startTestServer(), startDovecot(), startSmtpSink()])
    ;[admin, agent] = await Promise.all([server.agent('admin'), server.agent('agent')])
    await saveTestMailbox(server, admin.token, imap, { smtp })
    mail = new MailService(server.pool, new SecretBox(server.secretKey), { dispatch: { retryBaseMs: 200, maxAttempts: 5, now: Date.now }, dispatchEveryMs: 100 })
    mail.start()
    desk = testDesk(new Date(), { background: false, fetch: unplugged })
    await desk.call('sync.signIn', { serverUrl: server.url, email: agent.email, password: 'correct horse battery' })
  }, 60_000)
  afterAll(async () => {
    await mail?.stop()
    await desk?.close()
    await server?.close()
    await Promise.all([imap?.stop(), smtp?.stop()])
  })

  const until = async <T>(check: () => Promise<T | undefined | false>, what: string): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const value = await check()
      if (value) return value
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`timed out waiting for ${what}`)
  }
  const setLimit = async (mb: number) => {
    const team = (await server.call('GET', '/api/team', admin.token)).body.value as TeamDirectory
    expect((await server.call('PUT', '/api/team/policies', admin.token, { ...team.policies, attachmentMb: mb })).status).toBe(200)
  }
  const mailed = async (subject: string, files: Array<{ filename: string; content: Buffer; contentType: string }>) => {
    const composer = nodemailer.createTransport({ streamTransport: true, buffer: true })
    const built = await composer.sendMail({ from: 'Maria Ortiz <maria.ortiz@corp.example>', to: support, subject, text: 'See attached.', attachments: files })
    return built.message as Buffer
  }

  it('keeps a mailed file once, lists one over the team’s limit without keeping it, and opens the kept one on a desk, offline too', async () => {
    await setLimit(1)
    imap.deliver(support, await mailed('Quarterly report will not print', [
      { filename: 'report.pdf', content: report, contentType: 'application/pdf' },
      { filename: '../../scan.tif', content: scan, contentType: 'image/tiff' }
    ]))
    imap.deliver(support, await mailed('Same report, second printer', [{ filename: 'report.pdf', content: report, contentType: 'application/pdf' }]))
    const emails = await until(async () => {
      await desk.call('sync.now', {})
      const found = (await desk.call('tickets.list', { limit: 50 })).tickets.filter((t) => t.channel === 'email')
      return found.length === 2 && found
    }, 'both mails as tickets')
    const first = emails.find((t) => t.subject === 'Quarterly report will not print')!
    const email = (await desk.call('tickets.get', { id: first.id })).timeline.find((e) => e.data.kind === 'email')!
    expect(email.data.kind === 'email' && email.data.attachments).toEqual([
      { name: 'report.pdf', size: report.length, type: 'application/pdf', sha256: sha(report) },
      { name: 'scan.tif', size: scan.length, type: 'image/tiff', sha256: null }
    ])
    // Stored once for both tickets, and the one over the limit not at all.
    const stored = (await server.pool.query<{ sha256: string }>('SELECT sha256 FROM files')).rows.map((r) => r.sha256)
    expect(stored).toEqual([sha(report)])

    const opened = await desk.call('files.get', { sha256: sha(report) })
    expect(Buffer.from(opened.data, 'base64').equals(report)).toBe(true)
    network.down = true
    try {
      const again = await desk.call('files.get', { sha256: sha(report) })
      expect(Buffer.from(again.data, 'base64').equals(report)).toBe(true)
      await expect(desk.call('files.get', { sha256: sha(scan) })).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('cannot be reached') })
    } finally {
      network.down = false
      await setLimit(25)
    }
  })

  it('sends a reply written offline with its file once the desk syncs, exactly once, and the file is on the ticket for every desk', async () => {
    const ticket = await desk.call('tickets.create', { subject: 'VPN client crashes on start', channel: 'phone', requester: { name: 'Jun Chen', email: 'jun.chen@corp.example' } })
    await desk.call('sync.now', {})
    const toJun = () => smtp.received.filter((m) => m.to.includes('jun.chen@corp.example'))
    network.down = true
    const log = Buffer.from('2026-11-30 09:12:03 vpnagent: tunnel reset (code 0x80070005)\n'.repeat(2000))
    const file = await desk.call('files.attach', { name: 'C:\\Users\\jun\\vpn <agent>.log', type: 'text/plain', data: log.toString('base64') })
    expect(file).toEqual({ sha256: sha(log), size: log.length, name: 'vpn _agent_.log', type: 'text/plain' })
    desk.clock.now = new Date()
    await desk.call('tickets.comment', { id: ticket.id, visibility: 'public', body: 'Please run the attached repair steps; the log shows the agent lacks rights.', attachments: [file] })
    expect(await desk.call('sync.now', {})).toMatchObject({ state: 'offline', pending: 1 })
    network.down = false
    expect(await desk.call('sync.now', {})).toMatchObject({ state: 'online', pending: 0, refused: [] })
    await until(async () => toJun().length > 0, 'the reply by mail')
    await desk.call('sync.now', {})
    await new Promise((r) => setTimeout(r, 500))
    const sent = toJun()
    expect(sent).toHaveLength(1)
    expect(sent[0]!.parsed.attachments.map((a) => ({ name: a.filename, same: a.content.equals(log) }))).toEqual([{ name: 'vpn _agent_.log', same: true }])

    // Another technician's desk lists it and downloads it from the server.
    const other = testDesk(new Date())
    try {
      const colleague = await server.agent('agent')
      await other.call('sync.signIn', { serverUrl: server.url, email: colleague.email, password: 'correct horse battery' })
      const timeline = (await other.call('tickets.get', { id: ticket.id })).timeline
      const reply = timeline.find((e) => e.data.kind === 'reply')!
      expect(reply.data.kind === 'reply' && reply.data.attachments).toEqual([file])
      const out = await until(async () => {
        await other.call('sync.now', {})
        return (await other.call('tickets.get', { id: ticket.id })).timeline.find((e) => e.data.kind === 'email' && e.data.direction === 'out')
      }, 'the outgoing mail on the timeline')
      expect(out.data.kind === 'email' && out.data.attachments).toEqual([file])
      expect(Buffer.from((await other.call('files.get', { sha256: file.sha256 })).data, 'base64').equals(log)).toBe(true)
    } finally {
      await other.close()
    }
  })

  it('refuses a file the desk cannot keep: empty, or over the team’s limit as the desk last heard it', async () => {
    await expect(desk.call('files.attach', { name: 'empty.txt', data: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'files.attach: empty.txt is empty.' })
    await setLimit(1)
    await desk.call('sync.now', {})
    await expect(desk.call('files.attach', { name: 'scan.tif', data: scan.toString('base64') })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'files.attach: scan.tif is 1.5 MB; the team keeps files up to 1 MB.' })
    await setLimit(25)
    await desk.call('sync.now', {})
  })

  it('cannot be tricked: bytes under another file’s hash, a file over the limit, a change naming a file the server lacks, a download without a token', async () => {
    const put = (hash: string, bytes: Buffer, token = agent.token) =>
      fetch(`${server.url}/api/files/${hash}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string; message: string } } }))
    const honest = Buffer.from('the real invoice')
    const forged = await put(sha(honest), Buffer.from('a different payload'))
    expect(forged).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', message: expect.stringContaining('does not match its SHA-256') } } })
    expect((await fetch(`${server.url}/api/files/${sha(honest)}`, { headers: { authorization: `Bearer ${agent.token}` } })).status).toBe(404)
    const big = randomBytes(26 * 1024 * 1024)
    expect(await put(sha(big), big)).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', message: "The file is larger than the team's limit of 25 MB." } } })
    expect((await fetch(`${server.url}/api/files/${sha(report)}`)).status).toBe(401)
    expect((await fetch(`${server.url}/api/files/..%2F..%2Fetc%2Fpasswd`, { headers: { authorization: `Bearer ${agent.token}` } })).status).toBe(400)

    // A desk's change that names a file the server never received: refused with its reason, nothing applied.
    const ticket = await desk.call('tickets.create', { subject: 'Scanner to email fails', channel: 'walk-in', requester: { name: 'Ola Berg' } })
    await desk.call('sync.now', {})
    network.down = true
    const note = Buffer.from('scanner config export')
    const file = await desk.call('files.attach', { name: 'scanner.cfg', data: note.toString('base64') })
    desk.clock.now = new Date()
    await desk.call('tickets.comment', { id: ticket.id, visibility: 'internal', body: 'Config attached.', attachments: [file] })
    const exported = JSON.parse((await desk.call('sync.exportPending', {})).json) as { changes: Array<{ mutation_id: string; kind: string; payload: { events: Array<{ data: string }> } }> }
    network.down = false
    const row = exported.changes.at(-1)!
    const lie = sha(Buffer.from('never uploaded'))
    const events = row.payload.events.map((e) => ({ ...e, data: e.data.replace(file.sha256, lie) }))
    const change = { seq: 1, mutationId: uuidv7(), kind: row.kind, ...row.payload, events }
    const pushed = await server.call('POST', '/api/sync/push', agent.token, { clientId: uuidv7(), mutations: [change] })
    expect(pushed.body.value).toMatchObject({ results: [{ status: 'refused', code: 'INVALID_INPUT', reason: 'A file attached to this entry is not on the desk server (not uploaded, or over the team’s size limit).' }] })
    // The desk's own push of the same note goes with its file.
    expect(await desk.call('sync.now', {})).toMatchObject({ pending: 0, refused: [] })
    expect((await server.pool.query('SELECT 1 FROM files WHERE sha256 = $1', [file.sha256])).rowCount).toBe(1)
  })
})

describe('the files a desk keeps', () => {
  it('keeps opened files within its cap, least recently used out first, and never drops one still to upload', () => {
    const dir = tempDir()
    const { db } = openDesk(join(dir.path, 'desk.sqlite'))
    try {
      const clock = { now: new Date('2026-11-30T09:00:00Z') }
      const files = new FileStore(db, () => clock.now, 130)
      const tick = () => (clock.now = new Date(clock.now.getTime() + 1_000))
      const bytes = (c: string) => Buffer.alloc(40, c)
      const mine = files.attach(bytes('m'))
      db.prepare("INSERT INTO outbox (mutation_id, kind, payload, created_at) VALUES ('m1', 'ticket.comment', ?, '')").run(JSON.stringify({ events: [{ data: mine.sha256 }] }))
      const hash = (c: string) => createHash('sha256').update(bytes(c)).digest('hex')
      for (const c of ['a', 'b', 'c']) {
        tick()
        files.keep(hash(c), bytes(c))
      }
      // 'a' is opened again, so 'b' is the least recently used when a fourth arrives; the cap (130 bytes) holds three.
      tick()
      expect(files.get(hash('a'))?.equals(bytes('a'))).toBe(true)
      tick()
      files.keep(hash('d'), bytes('d'))
      expect(['a', 'b', 'c', 'd'].filter((c) => files.sizeOf(hash(c)) !== null)).toEqual(['a', 'c', 'd'])
      expect(files.sizeOf(mine.sha256)).toBe(40)
      expect(files.pendingUploads()).toEqual([{ sha256: mine.sha256, size: 40 }])

      // A file attached to a reply that was never sent goes after a day; one an unsent change names stays.
      const draft = files.attach(bytes('x'))
      clock.now = new Date(clock.now.getTime() + 2 * 86_400_000)
      files.trim()
      expect(files.sizeOf(draft.sha256)).toBeNull()
      expect(files.sizeOf(mine.sha256)).toBe(40)
    } finally {
      db.close()
      dir.remove()
    }
  })
})
