import { expect, test, type Page } from '@playwright/test'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { defaultDispatch } from '../../src/server/mail/mail-dispatch'
import { MailService } from '../../src/server/mail/mail-service'
import { SecretBox } from '../../src/server/secret-box'
import { startTestServer, type TestServer } from '../support/desk-server'
import { startDovecot, type Dovecot } from '../support/dovecot'
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink'
import { startTokenService, type TokenService } from '../support/token-service'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined
let server: TestServer | undefined
let imap: Dovecot | undefined
let smtp: SmtpSink | undefined
let mail: MailService | undefined
let tokens: TokenService | undefined
test.afterEach(async () => {
  await mail?.stop()
  await host?.stop()
  await server?.close()
  await Promise.all([imap?.stop(), smtp?.stop(), tokens?.stop()])
  tokens = undefined
})

const support = 'support@corp.example'

/** The browser host signed in to the test server as an admin, on Administration → Mailboxes. */
async function mailboxesAsAdmin(page: Page) {
  const admin = await server!.agent('admin')
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  const signIn = await fetch(`${host.origin}/api/invoke/sync.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
    body: JSON.stringify({ serverUrl: server!.url, email: admin.email, password: 'correct horse battery' })
  })
  expect(signIn.status).toBe(200)
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Administration' }).click()
  const view = page.getByRole('main', { name: 'Administration' })
  await view.getByRole('tab', { name: 'Mailboxes' }).click()
  return { view, admin }
}

test('mail to the support address is a ticket whose hostile HTML shows as inert text, and a reply goes back by email with its state on the timeline', async ({ page }) => {
  test.setTimeout(120_000)
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
  expect(saved.status).toBe(200)
  mail = new MailService(server.pool, new SecretBox(server.secretKey), { dispatchEveryMs: 200, dispatch: { ...defaultDispatch, satisfaction: { publicUrl: server.url, key: server.secretKey } } })
  mail.start()

  // A phishing-style HTML mail: a script, event handlers, a tracking image and a javascript: link.
  const hostile = [
    'From: Invoice Team <billing@vendor.example>',
    `To: ${support}`,
    'Subject: Overdue invoice 4471',
    `Message-ID: <${uuidv7()}@vendor.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="M"',
    '',
    '--M',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<html><head><script>window.pwned = true; alert("pwned")</script></head><body onload="window.pwned = true">',
    '<p>Your invoice is <b>overdue</b>. <a href="javascript:window.pwned=true">Pay now</a> to avoid suspension.</p>',
    '<img src="http://127.0.0.1:9/track.png" onerror="window.pwned = true">',
    '<p>On Mon, 30 Nov 2026, Accounts wrote:</p><blockquote>Earlier reminder</blockquote>',
    '</body></html>',
    '--M',
    'Content-Type: application/pdf; name="invoice-4471.pdf"',
    'Content-Disposition: attachment; filename="../../invoice-4471.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.alloc(30_000, 7).toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--M--',
    ''
  ].join('\r\n')
  imap.deliver(support, hostile)
  // Filed by the server before the desk signs in (a poll that fails if it never happens, rather than a pause).
  const running = server
  await expect.poll(async () => (await running.pool.query('SELECT 1 FROM mail_messages')).rowCount, { timeout: 30_000 }).toBeGreaterThan(0)

  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  const invoke = async (method: string, body: unknown) =>
    (await (await fetch(`${host!.origin}/api/invoke/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${host!.token}` }, body: JSON.stringify(body) })).json()) as { ok: boolean }
  expect(await invoke('sync.signIn', { serverUrl: server.url, email: agent.email, password: 'correct horse battery' })).toMatchObject({ ok: true })
  let dialogs = 0
  page.on('dialog', (dialog) => {
    dialogs++
    void dialog.dismiss()
  })
  const remote: string[] = []
  page.on('request', (request) => {
    if (request.url().includes(':9/')) remote.push(request.url())
  })
  await page.goto(host.url)
  await page.getByRole('listbox', { name: 'Tickets' }).getByRole('option', { name: /Overdue invoice 4471/ }).click()
  const ticket = page.locator('section.ticket')
  const timeline = ticket.getByRole('list', { name: 'Timeline' })
  await expect(timeline).toContainText('Email from billing@vendor.example: Overdue invoice 4471')
  await expect(timeline).toContainText('Your invoice is overdue. Pay now to avoid suspension.')
  const attachments = timeline.getByRole('list', { name: 'Attachments' })
  await expect(attachments).toContainText('invoice-4471.pdf')
  await expect(attachments).toContainText('29 KB')
  // In the browser the file is saved, never opened or rendered by the page.
  await expect(attachments.getByRole('button', { name: 'Open invoice-4471.pdf' })).toHaveCount(0)
  const [download] = await Promise.all([page.waitForEvent('download'), attachments.getByRole('button', { name: 'Save invoice-4471.pdf' }).click()])
  expect(download.suggestedFilename()).toBe('invoice-4471.pdf')
  expect(readFileSync((await download.path())!).equals(Buffer.alloc(30_000, 7))).toBe(true)
  // Inert: nothing ran, nothing loaded, nothing to click.
  await expect(timeline.locator('img, script, a[href^="javascript:"], [onload], [onerror]')).toHaveCount(0)
  expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined()
  expect(dialogs).toBe(0)
  expect(remote).toEqual([])
  await timeline.getByText('Quoted history').click()
  await expect(timeline).toContainText('Earlier reminder')
  await ticket.screenshot({ path: 'test-results/screenshots/email-ticket.png' })

  // A public reply from the composer, with the time the requester can expect the next step, goes back by email.
  const composer = ticket.getByRole('textbox', { name: 'Reply to the requester' })
  await composer.fill('We have checked: this invoice is not ours. Please do not pay it; we have reported the sender.')
  await ticket.getByLabel('Expected by').fill('2026-12-03T14:00')
  // Files go with it: one chosen by mistake is a program, flagged, and taken off again.
  const steps = 'How to report a phishing mail:\n1. Do not click anything.\n2. Forward it to security@corp.example.\n'
  await ticket.getByLabel('Files to attach').setInputFiles([
    { name: 'phishing-steps.txt', mimeType: 'text/plain', buffer: Buffer.from(steps) },
    { name: 'cleanup.ps1', mimeType: 'text/plain', buffer: Buffer.from('Remove-Item $env:TEMP\\* -Recurse') }
  ])
  const toSend = ticket.getByRole('list', { name: 'Files to send' })
  await expect(toSend).toContainText('phishing-steps.txt')
  await expect(toSend.getByRole('listitem').filter({ hasText: 'cleanup.ps1' })).toContainText('program')
  await ticket.getByRole('form', { name: 'Composer' }).screenshot({ path: 'test-results/screenshots/composer-eta.png' })
  await toSend.getByRole('button', { name: 'Remove cleanup.ps1' }).click()
  await expect(toSend).not.toContainText('cleanup.ps1')
  await ticket.getByRole('button', { name: /Send reply/ }).click()
  await expect(ticket.getByRole('list', { name: 'Files to send' })).toHaveCount(0)
  await invoke('sync.now', {})
  await smtp.waitFor(1, 10_000)
  // The first message out is the acknowledgement of the mailed request; the reply with its ETA follows.
  await smtp.waitFor(2, 10_000)
  const update = smtp.received.find((m) => /An update on your request/.test(m.parsed.subject ?? ''))!
  expect(update.to).toEqual(['billing@vendor.example'])
  expect(update.parsed.text).toMatch(/Expected by Thursday 3 December/)
  expect(update.parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['phishing-steps.txt', steps]])
  await expect(ticket.getByText('Files on this ticket (2)')).toBeVisible()
  await expect(async () => {
    await invoke('sync.now', {})
    await expect(timeline).toContainText(/Email to billing@vendor\.example: \[INC-\d+\] An update on your request: Overdue invoice 4471 — sent/, { timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
  await ticket.screenshot({ path: 'test-results/screenshots/email-reply-sent.png' })

  // Resolved: the mail carries the satisfaction link; the requester answers on the desk server's page.
  await ticket.getByRole('button', { name: 'Resolve…' }).click()
  const resolve = page.getByRole('dialog')
  await resolve.getByLabel('Resolution notes').fill('Reported as phishing; the sender is blocked.')
  await resolve.getByRole('button', { name: 'Resolve', exact: true }).click()
  await invoke('sync.now', {})
  await smtp.waitFor(3, 10_000)
  const resolved = smtp.received.find((m) => /Resolved:/.test(m.parsed.subject ?? ''))!
  const link = /http:\/\/127\.0\.0\.1:\d+\/satisfaction\/\S+/.exec(resolved.parsed.text ?? '')![0]
  const requester = await page.context().newPage()
  await requester.goto(link)
  await expect(requester.getByRole('heading', { name: 'How did we do?' })).toBeVisible()
  await requester.getByLabel('5 – Very good').check()
  await requester.getByLabel('Anything to add?').fill('Thanks for catching that!')
  await requester.screenshot({ path: 'test-results/screenshots/satisfaction-page.png' })
  await requester.getByRole('button', { name: 'Send' }).click()
  await expect(requester.getByRole('heading', { name: 'Thank you' })).toBeVisible()
  await expect(async () => {
    await invoke('sync.now', {})
    await expect(timeline).toContainText('Satisfaction 5/5: Thanks for catching that!', { timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
})

test('an admin adds the support mailbox from the app: plain IMAP beyond this machine refused by its field, then read', async ({ page }) => {
  test.setTimeout(120_000)
  ;[server, imap] = await Promise.all([startTestServer(), startDovecot()])
  const { view, admin } = await mailboxesAsAdmin(page)
  await view.getByRole('button', { name: 'Add a mailbox…' }).click()
  const form = view.getByRole('form', { name: 'New mailbox' })
  await form.getByLabel('Support address').fill(support)
  await form.getByLabel('IMAP server').fill('imap.corp.example')
  await form.getByLabel('IMAP port').fill(String(imap.port))
  await form.getByLabel('TLS (IMAPS)').uncheck()
  await form.getByLabel('IMAP user').fill(support)
  await form.getByLabel('IMAP password').fill(imap.users[0]!.password)
  await form.getByRole('button', { name: 'Save mailbox' }).click()
  await expect(form).toContainText('Use TLS: the mailbox password must not cross the network in clear.')
  await form.getByLabel('IMAP server').fill('127.0.0.1')
  await form.getByRole('button', { name: 'Save mailbox' }).click()
  const card = view.getByRole('article', { name: 'Service Desk' })
  await expect(card).toContainText('no outgoing server: replies are not sent')
  // The desk server's intake picks it up and says it is reading.
  mail = new MailService(server.pool, new SecretBox(server.secretKey))
  mail.start()
  await expect(async () => {
    await view.getByRole('tab', { name: 'Audit log' }).click()
    await view.getByRole('tab', { name: 'Mailboxes' }).click()
    await expect(view.getByRole('article', { name: 'Service Desk' })).toContainText('Reading now', { timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
  await page.screenshot({ path: 'test-results/screenshots/admin-mailboxes.png' })

  // The mail the desk sends on its own: one turned off, one reworded.
  const templates = view.getByRole('form', { name: 'Mail to requesters' })
  const waiting = templates.getByRole('group', { name: 'Waiting on you (pending on the requester)' })
  await waiting.getByLabel('Send it').uncheck()
  const ack = templates.getByRole('group', { name: 'Acknowledgement (a request by mail is logged)' })
  await ack.getByLabel('Subject').fill('')
  await templates.getByRole('button', { name: 'Save mail templates' }).click()
  await expect(ack.getByLabel('Subject')).toHaveAttribute('aria-invalid', 'true')
  await ack.getByLabel('Subject').fill('Got it: {ticket.subject}')
  await templates.getByRole('button', { name: 'Save mail templates' }).click()
  await expect(templates.getByRole('status')).toHaveText('Saved. The next mail uses it.')
  const stored = (await server.call('GET', '/api/team/mail-templates', admin.token)).body.value as { templates: Record<string, { enabled: boolean; subject: string }> }
  expect(stored.templates.waiting!.enabled).toBe(false)
  expect(stored.templates.acknowledge!.subject).toBe('Got it: {ticket.subject}')

  // What the requester will read, before anyone does: filled in for a sample ticket, with the signature.
  await templates.getByLabel('Signature').fill('Corp Service Desk · ext. 4400')
  await ack.getByText('Preview').click()
  const preview = ack.getByRole('figure', { name: /Acknowledgement .* as Maria would read it/ })
  await expect(preview).toContainText('[INC-1042] Got it: Outlook keeps asking for my password')
  await expect(preview).toContainText('Hello Maria,')
  await expect(preview).toContainText('-- \nCorp Service Desk · ext. 4400')
  await ack.screenshot({ path: 'test-results/screenshots/admin-mail-preview.png' })
})

test('an admin sets up a mailbox that signs in with OAuth2: the provider filled in, the app’s ID and secret added, then read', async ({ page }) => {
  test.setTimeout(120_000)
  tokens = await startTokenService(support)
  ;[server, imap] = await Promise.all([startTestServer(), startDovecot({ oauth2IntrospectionUrl: tokens.introspectionUrl })])
  const { view } = await mailboxesAsAdmin(page)
  await view.getByRole('button', { name: 'Add a mailbox…' }).click()
  const form = view.getByRole('form', { name: 'New mailbox' })
  await form.getByLabel('Support address').fill(support)
  await form.getByLabel('IMAP user').fill(support)
  await form.getByLabel('Sign in with').selectOption({ label: 'OAuth2 access tokens (Microsoft 365, Gmail)' })
  await expect(form.getByLabel('IMAP password', { exact: true })).toHaveCount(0)
  await form.getByRole('button', { name: 'Microsoft 365' }).click()
  await expect(form.getByLabel('IMAP server')).toHaveValue('outlook.office365.com')
  await expect(form.getByLabel('Token endpoint')).toHaveValue('https://login.microsoftonline.com/organizations/oauth2/v2.0/token')
  await expect(form.getByLabel('Scope')).toHaveValue(/IMAP\.AccessAsUser\.All/)
  await form.getByLabel('Client ID').fill(tokens.clientId)
  await form.getByLabel('Client secret').fill(tokens.clientSecret)
  // Without its refresh token the source cannot work: said beside the field.
  await form.getByRole('button', { name: 'Save mailbox' }).click()
  await expect(form.getByRole('textbox', { name: /^Refresh token/ })).toHaveAttribute('aria-invalid', 'true')
  await form.screenshot({ path: 'test-results/screenshots/admin-mailbox-oauth.png' })
  // This machine's stand-ins for Microsoft's servers.
  await form.getByRole('textbox', { name: /^Refresh token/ }).fill(tokens.refreshToken())
  await form.getByLabel('Token endpoint').fill(tokens.tokenUrl)
  await form.getByLabel('IMAP server').fill('127.0.0.1')
  await form.getByLabel('IMAP port').fill(String(imap.port))
  await form.getByLabel('TLS (IMAPS)').uncheck()
  await form.getByLabel('SMTP server').fill('')
  await form.getByRole('button', { name: 'Save mailbox' }).click()
  const card = view.getByRole('article', { name: 'Service Desk' })
  await expect(card).toContainText('with OAuth2 tokens')
  mail = new MailService(server.pool, new SecretBox(server.secretKey))
  mail.start()
  await expect(async () => {
    await view.getByRole('tab', { name: 'Audit log' }).click()
    await view.getByRole('tab', { name: 'Mailboxes' }).click()
    await expect(view.getByRole('article', { name: 'Service Desk' })).toContainText('Reading now', { timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
  expect(tokens.granted).toContain('refresh_token')
})
