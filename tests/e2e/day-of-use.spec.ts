import { expect, test, type Page } from '@playwright/test'
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
  host = server = undefined
})

/** Calls the host's contract directly, for setting a scene the test is not about. */
async function invoke(method: string, body: unknown): Promise<{ ok: boolean; value: unknown }> {
  const response = await fetch(`${host!.origin}/api/invoke/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host!.token}` },
    body: JSON.stringify(body)
  })
  return (await response.json()) as { ok: boolean; value: unknown }
}

async function emptyDesk(page: Page, clockStart?: string) {
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')), {
    env: { ...process.env, TZ: 'UTC' },
    args: clockStart ? ['--clock-start', clockStart] : []
  })
  if (clockStart) await page.clock.install({ time: new Date(clockStart) })
  await page.goto(host.url)
  await expect(page.getByRole('heading', { name: 'This desk has no tickets yet' })).toBeVisible()
}

test('due times: the hour itself in the header and on hover, a countdown that ticks while idle, and an at-risk P1 in Breaching soon', async ({ page }) => {
  // Monday 14:30 (UTC desk, 08:00–18:00): a P1 logged now is due 08:30 tomorrow and at risk from 17:30.
  await emptyDesk(page, '2026-11-23T14:30:00Z')
  expect(await invoke('tickets.create', { subject: 'Payroll server down', channel: 'phone', requester: { name: 'Aisha Khan' }, impact: 'high', urgency: 'high' })).toMatchObject({ ok: true })
  await page.reload()
  const queue = page.getByRole('listbox', { name: 'Tickets' })
  const row = queue.getByRole('option', { name: /Payroll server down/ })
  await row.click()
  const header = page.locator('.ticket-head')
  await expect(header.locator('.due-at')).toHaveText('due Tue 08:30')
  const badge = row.locator('.sla')
  await expect(badge).toHaveText(/^SLA due in 18 h \d+ min$/)
  await expect(badge).toHaveAttribute('title', /due Tue 08:30/)

  // Nobody touches the console for three hours: the badge turns amber on its own.
  await page.clock.fastForward('03:05:00')
  await expect(badge).toHaveClass(/sla-at_risk/)
  await expect(badge).toHaveText(/^SLA at risk, due in 14 h \d+ min$/)
  await page.getByRole('tab', { name: 'Breaching soon' }).click()
  await expect(queue.getByRole('option')).toHaveCount(1)
  await expect(queue.getByRole('option', { name: /Payroll server down/ })).toBeVisible()
})

test('a knowledge search is counted once, when the technician stops typing, not once per keystroke', async ({ page }) => {
  await emptyDesk(page)
  await page.getByRole('button', { name: 'Knowledge' }).click()
  const search = page.getByRole('searchbox').first()
  await search.pressSequentially('zebra ribbon', { delay: 40 })
  const gaps = page.getByRole('list', { name: 'Knowledge gaps' })
  await expect(gaps).toContainText('zebra ribbon')
  await expect(gaps.getByRole('listitem')).toHaveCount(1)
  // Leaving the view counts what was typed last, once.
  await search.fill('plotter jam')
  await page.getByRole('button', { name: 'Knowledge' }).click()
  await page.getByRole('button', { name: 'Knowledge' }).click()
  await expect(gaps.getByRole('listitem')).toHaveCount(2)
  await expect(gaps).toContainText('plotter jam')
})

test('Settings shows the update server it has saved, even when typed before the desk has answered', async ({ page }) => {
  await emptyDesk(page)
  // A busy desk answers the saved settings late: what the technician typed meanwhile stays.
  let release = () => {}
  const released = new Promise<void>((go) => (release = go))
  await page.route('**/api/invoke/app.updates', async (route) => {
    await released
    await route.continue()
  })
  await page.getByRole('button', { name: 'Settings' }).click()
  const settings = page.getByRole('dialog', { name: /Settings/ })
  await settings.getByLabel('Update server').fill('https://updates.corp.example/frontline/')
  release()
  await expect(settings).toContainText('None saved')
  await expect(settings.getByLabel('Update server')).toHaveValue('https://updates.corp.example/frontline/')
  await page.unroute('**/api/invoke/app.updates')
  await settings.getByRole('button', { name: 'Save update server' }).click()
  await expect(settings).toContainText('Saved: https://updates.corp.example/frontline/')
  await page.reload()
  await page.getByRole('button', { name: 'Settings' }).click()
  await expect(settings.getByLabel('Update server')).toHaveValue('https://updates.corp.example/frontline/')
})

test('a refused change names its ticket by number, says what it would have done, and opens the ticket', async ({ page }) => {
  test.setTimeout(90_000)
  server = await startTestServer()
  const agent = await server.agent('agent')
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  expect(await invoke('sync.signIn', { serverUrl: server.url, email: agent.email, password: 'correct horse battery' })).toMatchObject({ ok: true })
  const created = (await invoke('tickets.create', { subject: 'ERP slow for Finance', channel: 'phone', requester: { name: 'Grace Kim' } })).value as { id: string }
  await invoke('tickets.overridePriority', { id: created.id, priority: 'P1', reason: 'Month-end close' })
  // The host's own sync may be under way: ask until the server has numbered the ticket and refused the change.
  const numbered = async () => {
    const status = (await invoke('sync.now', {})).value as { refused: unknown[] }
    const { ticket } = (await invoke('tickets.get', { id: created.id })).value as { ticket: { number: string } }
    return status.refused.length === 1 ? ticket.number : null
  }
  await expect.poll(numbered, { timeout: 30_000 }).toMatch(/^INC-\d+$/)
  const ticket = { number: (await numbered())! }

  await page.goto(host.url)
  await page.getByRole('button', { name: /1 refused by the server/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Changes the desk server refused' })
  await expect(dialog).toContainText('priority → P1 (“Month-end close”)')
  await expect(dialog).toContainText("An agent cannot override a ticket's priority.")
  await dialog.getByRole('button', { name: ticket.number }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ERP slow for Finance')
})

test('a follow-up scheduled at resolve shows on the ticket and can be moved', async ({ page }) => {
  // Monday 10:00: resolving now schedules the check one business day later, Tuesday 10:00.
  await emptyDesk(page, '2026-11-23T10:00:00Z')
  expect(await invoke('tickets.create', { subject: 'Monitor flickers', channel: 'walk-in', requester: { name: 'Tom Berger' } })).toMatchObject({ ok: true })
  await page.reload()
  await page.getByRole('listbox', { name: 'Tickets' }).getByRole('option', { name: /Monitor flickers/ }).click()
  await page.getByRole('button', { name: 'Resolve…' }).click()
  const resolve = page.getByRole('dialog', { name: /^Resolve / })
  await resolve.getByLabel('Resolution notes').fill('Replaced the DisplayPort cable.')
  await resolve.getByRole('button', { name: 'Resolve' }).click()
  await expect(resolve).toBeHidden()
  const followUp = page.locator('.facts dt', { hasText: 'Follow up' }).locator('xpath=following-sibling::dd[1]')
  await expect(followUp).toContainText('Tue 10:00')
  await followUp.getByRole('button', { name: 'Change…' }).click()
  await followUp.getByLabel('Follow up on').fill('2026-11-25T15:30')
  await followUp.getByRole('button', { name: /Save|Set/ }).click()
  await expect(followUp).toContainText('Wed 15:30')
})
