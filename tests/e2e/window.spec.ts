import { expect, test } from '@playwright/test'
import { seedServerHistory } from '../../src/server/seed-history'
import { startTestServer, type TestServer } from '../support/desk-server'
import { tempDir } from '../support/temp-dir'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined
let server: TestServer | undefined
const desk = tempDir('frontline-e2e-window-')
test.afterEach(async () => {
  await host?.stop()
  await server?.close()
  desk.remove()
})

test('an older closed ticket stays on the desk server: search finds it tagged "on server", and opening it brings it to the desk', async ({ page }) => {
  test.setTimeout(90_000)
  server = await startTestServer()
  // 200 tickets a day apart up to the server's now, nine in ten closed: ticket 31 closed 169 days ago.
  await seedServerHistory(server.pool, { tickets: 200, people: 50, spacingMinutes: 1441 })
  const agent = await server.agent('agent')
  host = await startHostProcess(desk.path)
  await page.goto(host.url)
  const status = page.locator('.statusbar')
  await status.getByRole('button', { name: 'Sign in to a desk server…' }).click()
  const signIn = page.getByRole('dialog', { name: 'Sign in to the desk server' })
  await signIn.getByLabel('Desk server').fill(server.url)
  await signIn.getByLabel('Email').fill(agent.email)
  await signIn.getByLabel('Password').fill('correct horse battery')
  await signIn.getByRole('button', { name: 'Sign in' }).click()
  await expect(status).toContainText('Online · all changes synced')

  // The desk holds the last 90 days; the search falls through to the server for the rest.
  await page.keyboard.press('/')
  await page.keyboard.type('printer 31')
  const rows = page.getByRole('listbox', { name: 'Tickets' }).getByRole('option')
  const old = rows.filter({ hasText: 'INC-100031' })
  await expect(old).toContainText('on server')
  await page.screenshot({ path: 'test-results/screenshots/search-on-server.png' })
  await old.click()
  const ticket = page.getByRole('region', { name: 'Ticket INC-100031' })
  await expect(ticket.getByRole('heading', { level: 1 })).toHaveText('Printer 31 prints blank pages')
  await expect(ticket.getByText('Closed', { exact: true })).toBeVisible()

  // Now on the desk: the same search finds it there, untagged.
  await page.getByRole('searchbox', { name: 'Search tickets' }).fill('')
  await page.getByRole('searchbox', { name: 'Search tickets' }).fill('printer 31')
  await expect(rows.filter({ hasText: 'INC-100031' })).toBeVisible()
  await expect(rows.filter({ hasText: 'INC-100031' })).not.toContainText('on server')
})
