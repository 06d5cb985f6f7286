import { expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestServer, type TestServer } from '../support/desk-server'
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
  const enroll = page.getByRole('dialog', { name: 'Enrollment token for frontline-probe' })
  await enroll.getByLabel('For which machines').fill('Reception kiosks')
  await enroll.getByRole('button', { name: 'Create token' }).click()
  await expect(page.getByText('An agent may not call POST /api/enrollments.')).toBeVisible()
})
