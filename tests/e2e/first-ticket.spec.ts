import { expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined

test.afterEach(async () => {
  await host?.stop()
})

test('a technician logs a walk-in by keyboard alone, and the ticket is still there after a restart', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontline-e2e-'))
  host = await startHostProcess(dataDir)
  await page.goto(host.url)

  await expect(page.getByRole('heading', { name: 'This desk has no tickets yet' })).toBeVisible()
  await expect(page).not.toHaveURL(/token=/)

  await page.keyboard.press('Control+n')
  const dialog = page.getByRole('dialog', { name: 'New ticket' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByLabel('Channel')).toBeFocused()
  await page.keyboard.press('ArrowDown') // phone → email
  await page.keyboard.press('ArrowDown') // → chat
  await page.keyboard.press('ArrowDown') // → walk-in
  await expect(dialog.getByLabel('Channel')).toHaveValue('walk-in')
  await page.keyboard.press('Tab') // type
  await page.keyboard.press('Tab') // requester
  await page.keyboard.type('Nadia Petrova')
  await page.keyboard.press('Tab')
  await page.keyboard.type('Laptop will not charge <script>alert(1)</script>')
  await page.keyboard.press('Tab')
  await page.keyboard.type('Charging light blinks amber.')
  await page.keyboard.press('Control+Enter')

  await expect(dialog).toBeHidden()
  const queue = page.getByRole('listbox', { name: 'Tickets' })
  const row = queue.getByRole('option', { name: /Laptop will not charge/ })
  await expect(row).toContainText('Nadia Petrova')
  await expect(row).toContainText('Walk-in')
  await expect(row).toContainText(/INC-~[0-9a-f]{4}/)
  // User text is text: the script tag is shown, not run.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Laptop will not charge <script>alert(1)</script>')
  await page.screenshot({ path: 'test-results/screenshots/first-ticket.png' })

  await host.stop()
  host = await startHostProcess(dataDir)
  await page.goto(host.url)
  await expect(page.getByRole('listbox', { name: 'Tickets' }).getByRole('option', { name: /Laptop will not charge/ })).toContainText(
    'Nadia Petrova'
  )
})

test('the sample desk is offered on first run and fills the queue', async ({ page }) => {
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Load sample desk' }).click()
  const queue = page.getByRole('listbox', { name: 'Tickets' })
  await expect(queue.getByRole('option').first()).toBeVisible()
  await expect(page.getByRole('contentinfo')).toContainText('36 tickets · 10 requesters')

  // Existing requesters are found after two letters, and picked with the keyboard.
  await page.keyboard.press('Control+n')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.type('ma')
  await expect(page.getByRole('option', { name: /Maria Ortiz/ })).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('combobox', { name: 'Requester' })).toHaveValue('Maria Ortiz')
  await page.keyboard.press('Tab')
  await page.keyboard.type('Outlook keeps asking for my password')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog')).toBeHidden()
  await expect(page.getByRole('region', { name: 'Requester' })).toContainText('VIP')
  await page.screenshot({ path: 'test-results/screenshots/sample-desk.png' })
})
