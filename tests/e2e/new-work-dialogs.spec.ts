import { expect, test, type Page } from '@playwright/test'
import { expectAccessible } from '../support/accessible'
import { openSampleDesk } from '../support/sample-host'
import type { HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined

test.afterEach(async () => {
  await host?.stop()
})

const sampleDesk = async (page: Page) => {
  host = await openSampleDesk(page)
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
  await expectAccessible(page, 'discard question')
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

  // The editor's own Cancel asks too.
  await editor.getByRole('button', { name: 'Cancel' }).click()
  await expect(question).toBeVisible()
  await question.getByRole('button', { name: 'Keep editing' }).click()
  await expect(editor.getByLabel('Body (markdown)')).toHaveValue('Hold the badge flat for two seconds.')

  await page.keyboard.press('Escape')
  await question.getByRole('button', { name: 'Discard' }).click()
  await expect(editor).toBeHidden()
  await expect(view).not.toContainText('Badge reader at the side door')
})

test('a suggested article opens in a preview and starts the new ticket’s first reply, ready to edit before it is sent', async ({ page }) => {
  await sampleDesk(page)
  await page.keyboard.press('Control+n')
  const dialog = page.getByRole('dialog', { name: 'New ticket' })
  await dialog.getByLabel('Requester').fill('Maria Ortiz')
  await dialog.getByLabel('Subject').fill('Outlook keeps asking for my pw since this morning')
  const suggestion = dialog.getByRole('list', { name: 'Suggested articles' }).getByRole('button', { name: 'Outlook password prompt loop after password change' })
  await suggestion.click()

  // The article's rendered body: its heading and its numbered steps, with markup drawn rather than shown.
  const preview = page.getByRole('dialog', { name: 'Outlook password prompt loop after password change' })
  await expect(preview.getByRole('heading', { name: 'Steps' })).toBeVisible()
  await expect(preview.getByRole('listitem').filter({ hasText: 'Credential Manager › Windows Credentials' })).toBeVisible()
  await expect(preview).not.toContainText('**')
  await expectAccessible(page, 'article preview')
  await page.screenshot({ path: 'test-results/e2e/suggested-article-preview.png' })
  // Escape closes the preview alone; the half-filled ticket stays, with nothing to discard asked.
  await page.keyboard.press('Escape')
  await expect(preview).toBeHidden()
  await expect(page.getByRole('alertdialog')).toHaveCount(0)
  await expect(dialog.getByLabel('Subject')).toHaveValue('Outlook keeps asking for my pw since this morning')
  await suggestion.click()
  await preview.getByRole('button', { name: 'Use in first reply' }).click()
  await expect(preview).toBeHidden()
  await expect(dialog).toContainText('The first reply will start from Outlook password prompt loop after password change')
  await dialog.getByRole('button', { name: 'Create ticket' }).click()
  await expect(dialog).toBeHidden()

  const ticket = page.getByRole('region', { name: /^Ticket INC-~/ })
  await expect(ticket.getByRole('heading', { level: 1 })).toHaveText('Outlook keeps asking for my pw since this morning')
  const reply = ticket.getByLabel('Reply to the requester')
  await expect(reply).toHaveValue(/^Outlook password prompt loop after password change\n\n[\s\S]*Credential Manager › Windows Credentials/)
  await expect(ticket.getByRole('button', { name: /Send reply/ })).toBeEnabled()
  // Nothing was sent to the requester yet: the reply is a draft, marked in the queue.
  // Searched for, since the queue draws only the rows in sight.
  await page.getByLabel('Search tickets').fill('since this morning')
  const row = page.getByRole('listbox', { name: 'Tickets' }).getByRole('option', { name: /Outlook keeps asking for my pw since this morning/ })
  await expect(row.getByRole('img', { name: 'draft' })).toBeVisible()
  await page.screenshot({ path: 'test-results/e2e/suggested-article-first-reply.png' })
})
