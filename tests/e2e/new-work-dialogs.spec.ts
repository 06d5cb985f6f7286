import { expect, test, type Page } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined

test.afterEach(async () => {
  await host?.stop()
})

async function sampleDesk(page: Page): Promise<void> {
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Load sample desk' }).click()
  await expect(page.getByRole('region', { name: /^Ticket [A-Z]+-/ })).toBeVisible()
}

test('Escape asks before throwing away a half-filled New ticket; an untouched one closes at once', async ({ page }) => {
  await sampleDesk(page)
  const dialog = page.getByRole('dialog', { name: 'New ticket' })
  const question = page.getByRole('alertdialog', { name: 'Discard this new ticket?' })

  await page.keyboard.press('Control+n')
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()

  await page.keyboard.press('Control+n')
  await dialog.getByLabel('Subject').fill('Printer on the third floor jams on every duplex job')
  await page.keyboard.press('Escape')
  await expect(question).toBeVisible()
  await expect(question.getByRole('button', { name: 'Keep editing' })).toBeFocused()
  await page.screenshot({ path: 'test-results/e2e/discard-new-ticket.png' })
  await question.getByRole('button', { name: 'Keep editing' }).click()
  await expect(question).toBeHidden()
  await expect(dialog.getByLabel('Subject')).toHaveValue('Printer on the third floor jams on every duplex job')

  // A second Escape while asked is "keep editing" too; Cancel asks as Escape does.
  await page.keyboard.press('Escape')
  await expect(question).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(question).toBeHidden()
  await expect(dialog.getByLabel('Subject')).toHaveValue('Printer on the third floor jams on every duplex job')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await question.getByRole('button', { name: 'Discard' }).click()
  await expect(dialog).toBeHidden()

  await page.keyboard.press('Control+n')
  await expect(dialog.getByLabel('Subject')).toHaveValue('')
})

test('Escape asks before throwing away a half-written New article; an untouched one closes at once', async ({ page }) => {
  await sampleDesk(page)
  await page.getByRole('button', { name: 'Knowledge', exact: true }).click()
  const view = page.getByRole('main', { name: 'Knowledge base' })
  const editor = page.getByRole('dialog', { name: 'New article' })
  const question = page.getByRole('alertdialog', { name: 'Discard this new article?' })

  await view.getByRole('button', { name: 'New article' }).click()
  await expect(editor).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(editor).toBeHidden()

  await view.getByRole('button', { name: 'New article' }).click()
  await editor.getByLabel('Title').fill('Badge reader at the side door')
  await editor.getByLabel('Body (markdown)').fill('Hold the badge flat for two seconds.')
  await page.keyboard.press('Escape')
  await expect(question).toBeVisible()
  await question.getByRole('button', { name: 'Keep editing' }).click()
  await expect(editor.getByLabel('Body (markdown)')).toHaveValue('Hold the badge flat for two seconds.')

  await page.keyboard.press('Escape')
  await question.getByRole('button', { name: 'Discard' }).click()
  await expect(editor).toBeHidden()
  await expect(view).not.toContainText('Badge reader at the side door')
})
