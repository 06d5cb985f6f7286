import { expect, test } from '@playwright/test'
import { join } from 'node:path'
import { seedDesk } from '../../src/main/core/sample/seed-desk'
import { openDesk } from '../../src/main/core/store/database'
import { Directory } from '../../src/main/core/store/directory'
import { tempDir } from '../support/temp-dir'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined
const desk = tempDir('frontline-e2e-paging-')
test.afterEach(async () => {
  await host?.stop()
  desk.remove()
})

/** A sample desk of this many tickets, served by a browser host of its own. */
async function seededHost(tickets: number, people: number): Promise<HostProcess> {
  const db = openDesk(join(desk.path, 'desk.sqlite')).db
  const directory = new Directory(db)
  directory.ensureDefaults('Europe/Berlin')
  seedDesk(db, directory, { tickets, people, now: new Date() })
  db.close()
  return startHostProcess(desk.path)
}

test('a long queue draws its first screen from a short page and brings in every other ticket as the technician scrolls', async ({ page }) => {
  const tickets = 260
  host = await seededHost(tickets, 20)

  // What the console asks for first: a screenful and some, not the 200-row page scrolling brings.
  const asked: number[] = []
  page.on('request', (request) => {
    if (request.url().endsWith('/api/invoke/tickets.list')) asked.push((request.postDataJSON() as { limit?: number }).limit ?? 0)
  })
  // A change elsewhere lands while the second page is on its way (held here for two seconds): the queue starts over from
  // the top and the late page is dropped, yet scrolling to the end must still bring every ticket.
  let held = false
  await page.route('**/api/invoke/tickets.list', async (route) => {
    if (held || !(route.request().postDataJSON() as { offset?: number }).offset) return route.continue()
    held = true
    await page.evaluate(async () => {
      const { frontline } = window as unknown as { frontline: { invoke(method: string, input: object): Promise<{ value: { tickets: Array<{ id: string }> } }> } }
      const { tickets: [first] } = (await frontline.invoke('tickets.list', { sort: 'sla', offset: 0, limit: 1 })).value
      await frontline.invoke('tickets.comment', { id: first!.id, visibility: 'internal', body: 'Checked the cabling meanwhile.' })
    })
    await new Promise((later) => setTimeout(later, 2_000))
    await route.continue()
  })
  await page.goto(host.url)
  const rows = page.getByRole('listbox', { name: 'Tickets' }).getByRole('option')
  await expect(rows.first()).toBeVisible()
  expect(asked[0]).toBe(50)

  // Scrolling to the end of what is loaded brings the next page, until the whole queue is there.
  const list = page.locator('#queue-list')
  await expect
    .poll(async () => {
      await list.evaluate((el) => (el.scrollTop = el.scrollHeight))
      return list.evaluate((el) => Math.round(el.scrollHeight / 56))
    })
    .toBe(tickets)
  expect(held).toBe(true)

  // Walked from the top, a screen at a time: each ticket once, none skipped where one page meets the next.
  const seen = new Set<string>()
  for (let top = 0; top < tickets * 56; top += 8 * 56) {
    await list.evaluate((el, y) => (el.scrollTop = y), top)
    await page.evaluate(() => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn))))
    for (const number of await rows.locator('.number').allTextContents()) seen.add(number)
  }
  expect(seen.size).toBe(tickets)
})

test('two refreshes of one search that land out of order: the later answer stays on screen', async ({ page }) => {
  host = await seededHost(40, 10)

  // The technician's search is answered at once (no such ticket yet) but its answer is held back here; meanwhile a ticket
  // that matches is logged elsewhere, the change refreshes the same search, and that newer answer arrives first.
  let release: () => void = () => undefined
  const released = new Promise<void>((go) => (release = go))
  let searches = 0
  let staleDelivered = false
  await page.route('**/api/invoke/tickets.search', async (route) => {
    if (++searches > 1) return route.continue()
    const stale = await route.fetch()
    await released
    await route.fulfill({ response: stale })
    staleDelivered = true
  })
  await page.goto(host.url)
  const rows = page.getByRole('listbox', { name: 'Tickets' }).getByRole('option')
  await expect(rows.first()).toBeVisible()
  await page.getByRole('searchbox', { name: 'Search tickets' }).fill('zeppelin')
  await expect.poll(() => searches).toBe(1)
  await page.evaluate(async () => {
    const { frontline } = window as unknown as { frontline: { invoke(method: string, input: object): Promise<{ ok: boolean }> } }
    await frontline.invoke('tickets.create', { subject: 'Zeppelin hangar badge reader offline', channel: 'phone', requester: { name: 'Henrik Larsen' } })
  })
  await expect(rows.filter({ hasText: 'Zeppelin hangar' })).toBeVisible()

  // The first search's empty answer lands last; it is older than what is shown and must not replace it.
  release()
  await expect.poll(() => staleDelivered).toBe(true)
  // Time for the page to read the late answer; were it taken, the list would empty (the bug this guards against).
  await page.waitForTimeout(500)
  await expect(rows.filter({ hasText: 'Zeppelin hangar' })).toBeVisible()
  await expect(rows).toHaveCount(1)
})

test('a desk slow to send its first page still shows the console at once, and its rows when they come', async ({ page }) => {
  host = await seededHost(30, 10)

  // The console waits for its first page before drawing, so as to draw once: with that page held back here, as a
  // desk busy with a first sync might hold it, the top bar and the queue's search must still show within moments.
  let release = () => {}
  const released = new Promise<void>((go) => (release = go))
  await page.route('**/api/invoke/tickets.list', async (route) => {
    await released
    await route.continue()
  })
  await page.goto(host.url)
  await expect(page.getByRole('button', { name: /New ticket/ })).toBeVisible({ timeout: 2_000 })
  await expect(page.getByPlaceholder(/Search subjects/)).toBeVisible()
  const rows = page.getByRole('listbox', { name: 'Tickets' }).getByRole('option')
  await expect(rows).toHaveCount(0)

  release()
  await expect(rows.first()).toBeVisible()
  await expect(page.getByRole('region', { name: 'Ticket queue' }).locator('.count')).toHaveText('30')
})
