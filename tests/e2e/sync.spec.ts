import { expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { startTestServer, type TestServer } from '../support/desk-server'
import { machine } from '../support/snapshot'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined
let server: TestServer | undefined
test.afterEach(async () => {
  await host?.stop()
  await server?.close()
})

test('a technician signs in to the desk server; offline work syncs and gets its real number', async ({ page }) => {
  test.setTimeout(90_000)
  server = await startTestServer()
  const agent = await server.agent('agent')
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  await page.goto(host.url)
  const status = page.locator('.statusbar')
  await expect(status).toContainText('Local only · 0 changes waiting to sync')

  // Logged before signing in: provisional number, one change waiting.
  await page.keyboard.press('Control+n')
  const create = page.getByRole('dialog', { name: 'New ticket' })
  await create.getByLabel('Requester').fill('Henrik Larsen')
  await create.getByLabel('Subject').fill('Cannot open the contracts share')
  await create.getByRole('button', { name: 'Create ticket' }).click()
  const ticket = page.getByRole('region', { name: /^Ticket INC-~/ })
  await expect(ticket).toBeVisible()
  await expect(status).toContainText('1 change waiting to sync')

  await status.getByRole('button', { name: 'Sign in to a desk server…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Sign in to the desk server' })
  await dialog.getByLabel('Desk server').fill(server.url)
  await dialog.getByLabel('Email').fill(agent.email)
  await dialog.getByLabel('Password').fill('wrong password')
  await dialog.getByRole('button', { name: 'Sign in' }).click()
  await expect(dialog.getByRole('alert')).toHaveText('Email or password is wrong.')
  await dialog.getByLabel('Password').fill('correct horse battery')
  await page.screenshot({ path: 'test-results/screenshots/dialog-sign-in.png' })
  await dialog.getByRole('button', { name: 'Sign in' }).click()
  await expect(dialog).toBeHidden()

  await expect(status).toContainText('Online · all changes synced')
  await expect(status).toContainText('Test agent')
  await expect(page.getByRole('region', { name: /^Ticket INC-\d{4}$/ })).toBeVisible()
  const number = (await page.getByRole('region', { name: /^Ticket INC-\d{4}$/ }).getAttribute('aria-label'))!.replace('Ticket ', '')

  // Work after sign-in reaches the server by itself, a moment later.
  await page.getByRole('region', { name: `Ticket ${number}` }).getByLabel('Internal note').check()
  await page.getByRole('textbox', { name: 'Internal note' }).fill('Share permissions reset by Identity team.')
  await page.getByRole('button', { name: 'Add note' }).click()
  await expect(status).toContainText('Online · all changes synced')
  await expect
    .poll(async () => (await server!.pool.query("SELECT count(*)::int AS n FROM ticket_events WHERE kind = 'note'")).rows[0].n)
    .toBe(1)
  await page.screenshot({ path: 'test-results/screenshots/synced.png' })

  // Enrollment tokens for the headless probe are a supervisor's to hand out: the server says so.
  await page.getByRole('button', { name: 'Fleet' }).click()
  await page.getByRole('button', { name: 'Enrollment token…' }).click()
  const enroll = page.getByRole('dialog', { name: 'Enrollment tokens for frontline-probe' })
  await enroll.getByLabel('For which machines').fill('Reception kiosks')
  await enroll.getByRole('button', { name: 'Create token' }).click()
  await expect(page.getByText('An agent may not call POST /api/enrollments.')).toBeVisible()
})

test('a supervisor hands out an enrollment token, refuses a snapshot that would rename a known machine, and revokes the token', async ({ page }) => {
  test.setTimeout(90_000)
  server = await startTestServer()
  const supervisor = await server.agent('supervisor')
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  const invoke = async (method: string, body: unknown) =>
    (await (await fetch(`${host!.origin}/api/invoke/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${host!.token}` }, body: JSON.stringify(body) })).json()) as { ok: boolean; value: unknown }
  expect(await invoke('sync.signIn', { serverUrl: server.url, email: supervisor.email, password: 'correct horse battery' })).toMatchObject({ ok: true })
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Fleet' }).click()
  await page.getByRole('button', { name: 'Enrollment token…' }).click()
  const enroll = page.getByRole('dialog', { name: 'Enrollment tokens for frontline-probe' })
  await enroll.getByLabel('For which machines').fill('Reception kiosks')
  await enroll.getByRole('button', { name: 'Create token' }).click()
  const command = await enroll.getByLabel('Command').textContent()
  const token = /FRONTLINE_ENROLL_TOKEN=(\S+) npx frontline-probe --post /.exec(command ?? '')?.[1]
  expect(token).toMatch(/^enr_/)
  await enroll.getByRole('button', { name: 'Done' }).click()

  // The kiosk as the desk knows it, then the same serial under another name, sent with the token.
  await server.call('POST', '/api/inventory/snapshots', supervisor.token, { id: uuidv7(), snapshot: machine({ serial: 'KIOSK-SERIAL-1', hostname: 'KIOSK-1' }) })
  const forged = await fetch(`${server.url}/api/inventory/snapshots`, { method: 'POST', headers: { authorization: `Enroll ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: uuidv7(), snapshot: machine({ serial: 'KIOSK-SERIAL-1', hostname: 'EVIL-HOST', macs: ['02:00:00:00:00:66'] }) }) })
  expect(forged.status).toBe(201)

  await page.getByRole('button', { name: 'Enrollment token…' }).click()
  const review = enroll.getByRole('region', { name: 'Waiting for review' })
  await expect(review).toContainText('KIOSK-1 → EVIL-HOST · Reception kiosks')
  const tokens = enroll.getByRole('region', { name: 'Tokens' })
  await expect(tokens).toContainText('Reception kiosks · 1 snapshot · last used')
  await page.screenshot({ path: 'test-results/screenshots/enrollment-review.png' })
  await review.getByRole('button', { name: 'Refuse' }).click()
  await expect(review).toBeHidden()
  await tokens.getByRole('button', { name: 'Revoke' }).click()
  await expect(tokens).toContainText('Reception kiosks · 0 snapshots · last used')
  await expect(tokens).toContainText('revoked')
  const after = await fetch(`${server.url}/api/inventory/snapshots`, { method: 'POST', headers: { authorization: `Enroll ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: uuidv7(), snapshot: machine({ serial: 'KIOSK-SERIAL-1', hostname: 'KIOSK-1' }) }) })
  expect(after.status).toBe(401)
})
