import { expect, test, type Page } from '@playwright/test'
import { openSampleDesk } from '../support/sample-host'
import type { HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined

test.afterEach(async () => {
  await host?.stop()
})

const sampleDesk = async (page: Page) => {
  host = await openSampleDesk(page)
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

test('a reply typed on one ticket stays with that ticket: not on the next one, back when reopened or reloaded, gone once sent', async ({ page }) => {
  await sampleDesk(page)
  const queue = page.getByRole('listbox', { name: 'Tickets' })
  const [first, second] = [await queue.getByRole('option').nth(0).locator('.number').innerText(), await queue.getByRole('option').nth(1).locator('.number').innerText()]
  const rowOf = (number: string) => queue.getByRole('option', { name: new RegExp(`${escape(number)}\\b`) })
  const paneOf = (number: string) => page.getByRole('region', { name: `Ticket ${number}` })
  const reply = 'Please restart the laptop while docked and tell me whether the second screen comes back.'

  await rowOf(first!).click()
  await paneOf(first!).getByLabel('Reply to the requester').fill(reply)
  await paneOf(first!).getByLabel('Time spent (min)').fill('15')
  // The pencil shows once the draft is kept on this desk.
  await expect(rowOf(first!).getByRole('img', { name: 'draft' })).toBeVisible()
  await expect(rowOf(second!).getByRole('img', { name: 'draft' })).toHaveCount(0)

  await rowOf(second!).click()
  const other = paneOf(second!)
  await expect(other.getByLabel('Reply to the requester')).toHaveValue('')
  await expect(other.getByLabel('Time spent (min)')).toHaveValue('')
  await expect(other.getByRole('button', { name: /Send reply/ })).toBeDisabled()
  // Ctrl+Enter on the other ticket sends nothing.
  await other.getByLabel('Reply to the requester').press('Control+Enter')
  await expect(other).not.toContainText(reply)

  await rowOf(first!).click()
  await expect(paneOf(first!).getByLabel('Reply to the requester')).toHaveValue(reply)
  await expect(paneOf(first!).getByLabel('Time spent (min)')).toHaveValue('15')

  await page.reload()
  await expect(rowOf(first!).getByRole('img', { name: 'draft' })).toBeVisible()
  await rowOf(first!).click()
  const box = paneOf(first!).getByLabel('Reply to the requester')
  await expect(box).toHaveValue(reply)
  await page.screenshot({ path: 'test-results/e2e/drafts-restored.png' })

  await box.press('Control+Enter')
  await expect(paneOf(first!)).toContainText(reply)
  await expect(box).toHaveValue('')
  await expect(rowOf(first!).getByRole('img', { name: 'draft' })).toHaveCount(0)
  await page.reload()
  await rowOf(first!).click()
  await expect(paneOf(first!).getByLabel('Reply to the requester')).toHaveValue('')
  await expect(rowOf(first!).getByRole('img', { name: 'draft' })).toHaveCount(0)
})
