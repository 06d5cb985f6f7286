import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MailService } from '../../src/server/mail/mail-service'
import { SecretBox } from '../../src/server/secret-box'
import type { MailboxInfo } from '../../src/shared/mail'
import { testDesk } from '../support/desk'
import { startTestServer, type TestServer } from '../support/desk-server'
import { startDovecot, type Dovecot } from '../support/dovecot'
import { saveTestMailbox } from '../support/test-mailbox'
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink'
import { startTokenService, type TokenService } from '../support/token-service'

/**
 * A mailbox that signs in with OAuth2 (XOAUTH2), as Microsoft 365 and Gmail require, through real
 * parts: a token service on loopback, dovecot taking bearer tokens by asking its introspection
 * endpoint, and an SMTP server that takes only XOAUTH2. The server gets, rotates and renews tokens.
 */
describe('a support mailbox signed in with OAuth2', () => {
  const support = 'support@corp.example'
  let tokens: TokenService
  let server: TestServer
  let imap: Dovecot
  let smtp: SmtpSink
  let mail: MailService
  let admin: Awaited<ReturnType<TestServer['agent']>>
  const mailboxId = uuidv7()
  let firstRefresh = ''

  beforeAll(async () => {
    tokens = await startTokenService(support)
    ;[server, imap, smtp] = await Promise.all([
      startTestServer(),
      startDovecot({ oauth2IntrospectionUrl: tokens.introspectionUrl }),
      startSmtpSink({ oauth2: (user, token) => tokens.holder(token) === user })
    ])
    admin = await server.agent('admin')
    firstRefresh = tokens.refreshToken()
    const oauth2 = { tokenUrl: tokens.tokenUrl, grant: 'refresh_token', clientId: tokens.clientId, clientSecret: tokens.clientSecret, refreshToken: firstRefresh, scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access' }
    await saveTestMailbox(server, admin.token, imap, { id: mailboxId, smtp, extra: { auth: 'oauth2', password: undefined, oauth2 } })
    const listed = (await server.call('GET', '/api/mailboxes', admin.token)).body.value as MailboxInfo[]
    expect(listed[0]).toMatchObject({ auth: 'oauth2', oauth2: { tokenUrl: tokens.tokenUrl, grant: 'refresh_token', clientId: tokens.clientId } })
    mail = new MailService(server.pool, new SecretBox(server.secretKey), { dispatch: { retryBaseMs: 200, maxAttempts: 5, now: Date.now }, dispatchEveryMs: 100 })
    // Looks for mailboxes saved meanwhile (through the other server, the one the admin calls) every half second.
    mail.start(500)
  }, 60_000)
  afterAll(async () => {
    await mail?.stop()
    await server?.close()
    await Promise.all([imap?.stop(), smtp?.stop(), tokens?.stop()])
  })

  const until = async <T>(check: () => Promise<T | undefined | false>, what: string, tries = 300): Promise<T> => {
    for (let i = 0; i < tries; i++) {
      const value = await check()
      if (value) return value
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`timed out waiting for ${what}`)
  }
  const message = (subject: string) =>
    [`From: Jun Chen <jun.chen@corp.example>`, `To: ${support}`, `Subject: ${subject}`, `Message-ID: <${uuidv7()}@corp.example>`, 'Content-Type: text/plain; charset=utf-8', '', 'Please help.'].join('\r\n')
  const ticketWith = (subject: string) =>
    until(async () => (await server.pool.query<{ id: string }>("SELECT id FROM tickets WHERE fields->>'subject' = $1", [subject])).rows[0], `a ticket for “${subject}”`)

  it('reads mail with an access token from the refresh token, keeps the rotated refresh token sealed, and sends replies with the same token', async () => {
    imap.deliver(support, message('Teams will not start'))
    const ticket = await ticketWith('Teams will not start')
    expect(tokens.granted[0]).toBe('refresh_token')
    // The provider rotated the refresh token: the server kept the new one (the old one no longer works), and neither is readable at rest.
    expect(tokens.refreshToken()).not.toBe(firstRefresh)
    const stored = (await server.pool.query<{ secret: Buffer }>('SELECT secret FROM mailboxes WHERE id = $1', [mailboxId])).rows[0]!.secret
    for (const plain of [tokens.refreshToken(), firstRefresh, tokens.clientSecret]) expect(stored.includes(Buffer.from(plain))).toBe(false)

    const agent = await server.agent('agent')
    const desk = testDesk(new Date())
    try {
      await desk.call('sync.signIn', { serverUrl: server.url, email: agent.email, password: 'correct horse battery' })
      desk.clock.now = new Date()
      await desk.call('tickets.comment', { id: ticket.id, visibility: 'public', body: 'Clear the Teams cache and sign in again.' })
      await desk.call('sync.now', {})
      const reply = await until(async () => smtp.received.find((m) => m.to.includes('jun.chen@corp.example') && /Clear the Teams cache/.test(m.parsed.text ?? '')), 'the reply by mail')
      expect(reply.parsed.subject).toMatch(/^\[INC-\d+\] Teams will not start$/)
      expect(smtp.signIns.at(-1)).toEqual({ method: 'XOAUTH2', user: support })
    } finally {
      await desk.close()
    }
  })

  it('gets a new token when a server refuses the one it holds (consent revoked, token expired early) and reads on', async () => {
    const before = tokens.granted.length
    tokens.revokeAll()
    await imap.restart({ whileDown: () => imap.deliver(support, message('Printer queue stuck')) })
    await ticketWith('Printer queue stuck')
    expect(tokens.granted.length).toBeGreaterThan(before)
  })

  it('says why in the mailbox list when the token service refuses, and asks for what a new token source lacks', async () => {
    const other = uuidv7()
    const input = { name: 'Wrong secret', address: 'helpdesk@corp.example', host: '127.0.0.1', port: imap.port, tls: false, username: 'helpdesk@corp.example', auth: 'oauth2', pollSeconds: 5 }
    const missing = await server.call('PUT', `/api/mailboxes/${other}`, admin.token, { ...input, oauth2: { tokenUrl: tokens.tokenUrl, grant: 'client_credentials', clientId: tokens.clientId } })
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', message: 'The client secret is required for a new token source.' } } })
    const plainHttp = await server.call('PUT', `/api/mailboxes/${other}`, admin.token, { ...input, oauth2: { tokenUrl: 'http://login.example.com/token', grant: 'client_credentials', clientId: 'x', clientSecret: 'y' } })
    expect(plainHttp.status).toBe(400)
    expect(JSON.stringify(plainHttp.body)).toContain('Use https: the client secret must not cross the network in clear.')
    const saved = await server.call('PUT', `/api/mailboxes/${other}`, admin.token, { ...input, oauth2: { tokenUrl: tokens.tokenUrl, grant: 'client_credentials', clientId: tokens.clientId, clientSecret: 'not-the-secret', scope: 'https://outlook.office365.com/.default' } })
    expect(saved.status).toBe(200)
    const port = new URL(tokens.url).port
    await until(async () => {
      const list = (await server.call('GET', '/api/mailboxes', admin.token)).body.value as MailboxInfo[]
      return list.find((b) => b.id === other)?.error === `The token service at 127.0.0.1:${port} refused: invalid_client (AADSTS7000215: Invalid client secret provided.).`
    }, 'the refusal in the mailbox list')
  })
})
