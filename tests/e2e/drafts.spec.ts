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

test('the composer empties as a reply is sent: a note started before the answer lands stays a note, and a send that fails comes back as typed', async ({ page }) => {
  await sampleDesk(page)
  const queue = page.getByRole('listbox', { name: 'Tickets' })
  await queue.getByRole('option').first().click()
  const pane = page.getByRole('region', { name: /^Ticket / })
  const timeline = pane.getByRole('list', { name: 'Timeline' })

  // The desk takes the reply at once but its answer is slow to come back (a loaded machine).
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/api/invoke/tickets.comment', async (route) => {
    const response = await route.fetch()
    await released
    await route.fulfill({ response })
  })
  await pane.getByLabel('Reply to the requester').fill('Could you restart the laptop while docked?')
  await pane.getByLabel('Reply to the requester').press('Control+Enter')
  await expect(pane.getByLabel('Reply to the requester')).toHaveValue('')
  await expect(timeline).toContainText('Could you restart the laptop while docked?')
  await page.keyboard.press('Escape')
  await page.keyboard.press('i')
  await expect(pane.getByRole('textbox', { name: 'Internal note' })).toBeFocused()
  await page.keyboard.type('Asked for a docked restart; dock firmware next.')
  const answered = page.waitForResponse('**/api/invoke/tickets.comment')
  release()
  await answered
  await page.unroute('**/api/invoke/tickets.comment')
  const note = pane.getByRole('textbox', { name: 'Internal note' })
  await expect(note).toHaveValue('Asked for a docked restart; dock firmware next.')
  await note.press('Control+Enter')
  const noted = timeline.getByRole('listitem').filter({ hasText: 'dock firmware next' })
  await expect(noted).toContainText('Internal note')
  await expect(noted).not.toContainText('restart the laptop')

  // A send the desk refuses: the reply is back in the box, as typed, with its time.
  await page.route('**/api/invoke/tickets.comment', (route) =>
    route.fulfill({ json: { ok: false, error: { code: 'CONFLICT', message: 'This ticket changed meanwhile; look again and resend.' } } })
  )
  await pane.getByLabel('Reply to the requester').fill('Firmware updated; please try again.')
  await pane.getByLabel('Time spent (min)').fill('10')
  await pane.getByLabel('Reply to the requester').press('Control+Enter')
  await expect(page.getByText('This ticket changed meanwhile')).toBeVisible()
  await expect(pane.getByLabel('Reply to the requester')).toHaveValue('Firmware updated; please try again.')
  await expect(pane.getByLabel('Time spent (min)')).toHaveValue('10')
})
