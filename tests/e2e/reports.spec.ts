import { expect, test } from '@playwright/test'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultGroups } from '../../src/shared/team'
import { expectAccessible } from '../support/accessible'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined
test.afterEach(async () => {
  await host?.stop()
})

test('the Monday review: figures with charts and their definitions, a click-through to the tickets behind one, and the CSV', async ({ page }) => {
  test.setTimeout(90_000)
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  const invoke = async <T = { id: string }>(method: string, body: unknown): Promise<T> => {
    const answer = (await (await fetch(`${host!.origin}/api/invoke/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${host!.token}` }, body: JSON.stringify(body) })).json()) as { ok: boolean; value: T }
    expect(answer, method).toMatchObject({ ok: true })
    return answer.value
  }
  // This week's work on the desk: six tickets logged, two resolved (one at first contact, one after an escalation).
  const log = (subject: string, extra: object = {}) => invoke('tickets.create', { subject, channel: 'phone', requester: { name: 'Maria Ortiz' }, ...extra })
  const quick = await log('Outlook keeps asking for my password')
  await invoke('tickets.comment', { id: quick.id, visibility: 'public', body: 'Cleared the cached credentials.', minutes: 15 })
  await invoke('tickets.setStatus', { id: quick.id, status: 'resolved', resolution: { code: 'solved_first_contact', notes: 'Credentials cleared.' } })
  const hard = await log('VPN fails with error 809')
  await invoke('tickets.escalate', { id: hard.id, groupId: defaultGroups[2]!.id, handoff: { symptoms: 'Error 809', tried: 'Reinstalled the client', findings: 'Other users too', nextStep: 'Check the gateway' } })
  await invoke('tickets.setStatus', { id: hard.id, status: 'resolved', resolution: { code: 'solved', notes: 'Gateway certificate renewed.' } })
  const howTo = await log('How do I share my Outlook calendar?')
  await invoke('tickets.update', { id: howTo.id, category: 'How-to' })
  await log('Printer on 2F jams', { impact: 'high', urgency: 'high' })
  await log('Teams camera not detected')
  await log('Monitor flickers when docked')

  await page.goto(host.url)
  await page.getByRole('button', { name: 'Reports' }).click()
  const view = page.getByRole('main', { name: 'Reports' })
  await view.getByLabel('Period').selectOption({ label: 'This week' })
  const volume = view.getByRole('region', { name: 'Volume in and out' })
  await expect(volume).toContainText('6 in, 2 out')
  const firstContact = view.getByRole('region', { name: 'First-contact resolution' })
  await expect(firstContact).toContainText('50% of 2 resolved')
  await expect(firstContact).toContainText('resolved by the technician who logged it')
  await expect(view.getByRole('region', { name: 'Escalation rate' })).toContainText('17% to L2')
  await expect(view.getByRole('region', { name: '“How do I…” tickets per application' }).getByRole('table')).toContainText('Outlook')
  await expect(view.getByRole('region', { name: 'Time spent per technician' })).toContainText('15 min')
  await expect(volume.locator('.recharts-bar-rectangle').first()).toBeVisible()
  // The charts below the fold are drawn while the page is idle: each figure has its chart before it is scrolled to.
  const charts = view.locator('.report-chart')
  expect(await charts.count()).toBeGreaterThan(6)
  await expect(view.locator('.report-chart .recharts-wrapper')).toHaveCount(await charts.count())
  await expect(view.getByRole('region', { name: '“How do I…” tickets per application' }).locator('.recharts-bar-rectangle').first()).toBeVisible()
  await page.setViewportSize({ width: 1440, height: 2600 })
  await expectAccessible(page, 'the reports view')
  await page.screenshot({ path: 'test-results/screenshots/reports.png' })
  await page.setViewportSize({ width: 1440, height: 900 })

  // The tickets behind a number, and one of them opened in the console.
  await firstContact.getByRole('button', { name: '1 tickets: First-contact resolution, Not at first contact' }).click()
  const behind = page.getByRole('dialog', { name: 'Not at first contact' })
  await expect(behind).toContainText('1 ticket.')
  await expect(behind.getByRole('list', { name: 'Tickets behind the figure' })).toContainText('VPN fails with error 809')
  await expectAccessible(page, 'the tickets behind a figure')
  await page.screenshot({ path: 'test-results/screenshots/reports-click-through.png' })
  const [tickets] = await Promise.all([page.waitForEvent('download'), behind.getByRole('button', { name: 'Export these tickets (CSV)' }).click()])
  expect(readFileSync((await tickets.path())!, 'utf8')).toContain('VPN fails with error 809')
  await behind.getByRole('button', { name: /VPN fails with error 809/ }).click()
  await expect(page.getByRole('region', { name: /^Ticket INC-~/ }).getByRole('heading', { level: 1 })).toHaveText('VPN fails with error 809')

  // Every figure as one spreadsheet.
  await page.getByRole('button', { name: 'Reports' }).click()
  const [figures] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Export figures (CSV)' }).click()])
  expect(figures.suggestedFilename()).toMatch(/^frontline-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/)
  const csv = readFileSync((await figures.path())!, 'utf8')
  expect(csv).toContain('First-contact resolution,resolved at first contact,1,2,50.0')
  expect(csv).toContain('Escalation rate,to L2,1,6,16.7')
})

test('incidents that keep coming back are proposed as a problem, and one step logs it with the incidents linked', async ({ page }) => {
  test.setTimeout(90_000)
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  const invoke = async (method: string, body: unknown) => {
    const answer = (await (await fetch(`${host!.origin}/api/invoke/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${host!.token}` }, body: JSON.stringify(body) })).json()) as { ok: boolean }
    expect(answer, method).toMatchObject({ ok: true })
  }
  for (const subject of ['VPN fails with error 809', 'Cannot connect to VPN, error 809', 'VPN error 809 since the update', 'vpn 809 again at home', 'Error 809 when starting the VPN', 'Printer out of toner', 'New starter needs a laptop']) {
    await invoke('tickets.create', { subject, channel: 'phone', requester: { name: 'Remote Worker' } })
  }
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Reports' }).click()
  const candidate = page.getByRole('article', { name: /^Candidate problem: / })
  await expect(candidate).toContainText('5 ×')
  await expect(candidate).toContainText('809')
  await candidate.getByText('The incidents').click()
  await expect(candidate).not.toContainText('Printer out of toner')
  await expectAccessible(page, 'the candidate problems')
  await candidate.screenshot({ path: 'test-results/screenshots/candidate-problem.png' })
  await candidate.getByRole('button', { name: 'Make it a problem…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Make it a problem' })
  await dialog.getByLabel('Problem subject').fill('Recurring: VPN error 809 after the update')
  await dialog.getByRole('button', { name: 'Log the problem' }).click()
  const problem = page.getByRole('region', { name: /^Ticket PRB-~/ })
  await expect(problem.getByRole('heading', { level: 1 })).toHaveText('Recurring: VPN error 809 after the update')
  await expect(problem.getByRole('list', { name: 'Linked tickets' }).getByRole('listitem')).toHaveCount(5)
  await page.screenshot({ path: 'test-results/screenshots/problem-from-candidate.png' })
  await page.getByRole('button', { name: 'Reports' }).click()
  await expect(page.getByRole('region', { name: 'Recurring incidents' })).toContainText('None: no incident keeps coming back.')
})

test('a change is planned, waits for approval, is approved with its reason on the timeline, and shows in Changes this week', async ({ page }) => {
  test.setTimeout(90_000)
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  const created = (await (await fetch(`${host.origin}/api/invoke/tickets.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
    body: JSON.stringify({ subject: 'Upgrade the Wi-Fi controller firmware', type: 'change', channel: 'portal', requester: { name: 'Network Team' } })
  })).json()) as { ok: boolean; value: { number: string } }
  expect(created.ok).toBe(true)
  await page.goto(host.url)
  await page.getByRole('listbox', { name: 'Tickets' }).getByRole('option', { name: /Upgrade the Wi-Fi controller firmware/ }).click()
  const ticket = page.locator('section.ticket')
  const record = ticket.getByRole('form', { name: 'Change record' })
  await expect(record).toContainText('Not planned yet')
  // Tonight's window on this machine's clock: always this week, whatever day the test runs.
  const start = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`
  await record.getByLabel('Kind').selectOption('normal')
  await record.getByLabel('Risk').selectOption('high')
  await record.getByLabel('Planned start').fill(`${day}T23:00`)
  await record.getByLabel('Planned end').fill(`${day}T23:45`)
  await record.getByLabel('Back-out plan').fill('Restore the previous firmware from the backup slot.')
  await record.getByRole('button', { name: 'Save the record' }).click()
  await expect(record).toContainText('Waiting for approval')
  await ticket.getByRole('button', { name: 'Start work' }).click()
  await expect(page.getByRole('status').or(page.getByRole('alert')).filter({ hasText: 'not approved yet' })).toBeVisible()
  await record.getByRole('button', { name: 'Refuse' }).click()
  await expect(record.getByLabel('Reason (needed to refuse)')).toHaveAttribute('aria-invalid', 'true')
  await record.getByLabel('Reason (needed to refuse)').fill('Weekend window agreed with the vendor; back-out tested.')
  await expectAccessible(page, 'the change record')
  await record.screenshot({ path: 'test-results/screenshots/change-awaiting-approval.png' })
  await record.getByRole('button', { name: 'Approve' }).click()
  await expect(record).toContainText('Approved')
  await expect(ticket.getByRole('list', { name: 'Timeline' })).toContainText('Change approved: Weekend window agreed with the vendor; back-out tested.')
  await ticket.getByRole('button', { name: 'Start work' }).click()
  await expect(ticket.getByText('In progress', { exact: true })).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/change-approved.png' })

  await page.getByRole('tab', { name: 'Changes this week' }).click()
  await expect(page.getByRole('listbox', { name: 'Tickets' }).getByRole('option')).toHaveCount(1)
  await expect(page.getByRole('listbox', { name: 'Tickets' }).getByRole('option', { name: /Upgrade the Wi-Fi controller firmware/ })).toBeVisible()
})
