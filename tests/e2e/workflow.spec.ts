import { expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expectAccessible } from '../support/accessible'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined
test.afterEach(async () => {
  await host?.stop()
})

test('a VPN failure is worked, noted and escalated to Network with the full handoff, then resolved', async ({ page }) => {
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  await page.goto(host.url)
  let alerted = false
  page.on('dialog', (dialog) => {
    alerted = true
    void dialog.dismiss()
  })

  // Keys only mean something once the console has mounted.
  await expect(page.getByRole('heading', { name: 'This desk has no tickets yet' })).toBeVisible()
  await page.keyboard.press('Control+n')
  const newTicket = page.getByRole('dialog', { name: 'New ticket' })
  await expect(newTicket.getByLabel('Channel')).toBeFocused()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.type('Dana Remote')
  await expect(newTicket).toContainText('New requester “Dana Remote” will be added.')
  await page.keyboard.press('Tab')
  await page.keyboard.type('VPN fails with error 809 <img src=x onerror=alert(1)>')
  await page.keyboard.press('Enter')
  await expect(newTicket).toBeHidden()

  const ticket = page.getByRole('region', { name: /^Ticket INC-~/ })
  await expect(ticket.getByRole('heading', { level: 1 })).toHaveText('VPN fails with error 809 <img src=x onerror=alert(1)>')
  await ticket.getByRole('button', { name: 'Start work' }).click()
  await expect(ticket.getByText('In progress', { exact: true })).toBeVisible()

  await ticket.getByLabel('Internal note').check()
  await ticket.getByRole('textbox', { name: 'Internal note' }).fill('Profile reinstalled; same error on hotspot.')
  await ticket.getByRole('spinbutton').fill('15')
  await page.keyboard.press('Control+Enter')
  await expect(ticket.getByRole('list', { name: 'Timeline' })).toContainText('Profile reinstalled; same error on hotspot.')
  await expect(ticket).toContainText('15 min spent')

  await ticket.getByRole('button', { name: 'Escalate…' }).click()
  const dialog = page.getByRole('dialog', { name: /Escalate/ })
  await dialog.getByRole('button', { name: 'Escalate' }).click()
  await expect(dialog.getByText('Required for the handoff.')).toHaveCount(4)
  await dialog.getByLabel('Escalate to').selectOption({ label: 'Network — L2' })
  await dialog.getByLabel('Symptoms').fill('Error 809 on connect since Monday.')
  await dialog.getByLabel('What was tried').fill('Reinstalled profile; hotspot test.')
  await dialog.getByLabel('Findings').fill('Only Windows 11 24H2; UDP 4500 blocked.')
  await dialog.getByLabel('Suggested next step').fill('Check NAT-T on the gateway.')
  await page.screenshot({ path: 'test-results/screenshots/escalate-dialog.png' })
  await dialog.getByRole('button', { name: 'Escalate' }).click()
  await expect(dialog).toBeHidden()
  await expect(ticket).toContainText('Network (L2) · unassigned')
  await expect(ticket.getByRole('list', { name: 'Timeline' })).toContainText('UDP 4500 blocked.')

  await ticket.getByRole('button', { name: 'Resolve…' }).click()
  const resolve = page.getByRole('dialog', { name: /Resolve/ })
  await resolve.getByLabel('Resolution notes').fill('Gateway NAT-T re-enabled by Network.')
  await resolve.getByRole('button', { name: 'Resolve' }).click()
  await expect(ticket.getByText('Resolved', { exact: true })).toBeVisible()
  await expect(ticket).toContainText('Resolution met')
  await page.screenshot({ path: 'test-results/screenshots/ticket-resolved.png' })
  expect(alerted).toBe(false)
})

test('saved views narrow the queue, and SLA badges show at-risk and breached tickets', async ({ page }) => {
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Load sample desk' }).click()
  const queue = page.getByRole('listbox', { name: 'Tickets' })
  await expect(queue.getByText(/SLA breached/).first()).toBeVisible()
  await page.getByRole('tab', { name: 'Pending' }).click()
  await expect(page.getByRole('tab', { name: 'Pending' })).toHaveAttribute('aria-selected', 'true')
  const rows = queue.getByRole('option')
  await expect(rows.first()).toBeVisible()
  // The rows of the previous view stay until the new page arrives: wait for the list to settle.
  await expect.poll(async () => (await rows.allTextContents()).every((text) => text.includes('Pending'))).toBe(true)
  await page.getByRole('tab', { name: 'All' }).click()
  const count = page.locator('.queue .count')
  await expect(count).toHaveText('36')
  await page.getByRole('button', { name: 'P2', exact: true }).click()
  await expect(page.getByRole('button', { name: 'P2', exact: true })).toHaveAttribute('aria-pressed', 'true')
  await expect.poll(async () => Number(await count.textContent())).toBeLessThan(36)
  await expect(rows.first()).toBeVisible()
  for (const row of await rows.all()) await expect(row.locator('.priority')).toHaveText('P2')
  await page.getByRole('button', { name: 'P2', exact: true }).click()
  await page.getByRole('tab', { name: 'My open' }).click()
  await expect(rows.first()).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/my-open.png' })
})

test('the assignee picker finds a technician by typing, shows their group and load, and assigns by keyboard into their group', async ({ page }) => {
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Load sample desk' }).click()
  const queue = page.getByRole('listbox', { name: 'Tickets' })
  await queue.getByRole('option').first().click()
  const ticket = page.locator('section.ticket')
  await ticket.getByRole('button', { name: 'Assign…' }).click()
  const picker = page.getByRole('dialog', { name: /^Assign / })
  const input = picker.getByRole('combobox', { name: 'Technician' })
  await expect(input).toBeFocused()
  // By group: "network" finds Rui, who is in Network.
  await page.keyboard.type('network')
  const options = picker.getByRole('listbox', { name: 'Technicians' }).getByRole('option')
  await expect(options).toHaveCount(1)
  await expect(options.first()).toContainText('Rui Costa')
  await expect(options.first()).toContainText(/Network · \d+ open/)
  await expectAccessible(page, 'the assignee picker')
  await page.screenshot({ path: 'test-results/screenshots/assignee-picker.png' })
  await page.keyboard.press('Enter')
  await expect(picker).toBeHidden()
  await expect(ticket).toContainText('Network (L2) · Rui Costa')
  await expect(ticket.getByRole('list', { name: 'Timeline' })).toContainText('Assigned to Rui Costa in Network')
})

test('logging a second ticket for a problem the requester already reported offers the open one instead', async ({ page }) => {
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Load sample desk' }).click()
  await expect(page.getByRole('listbox', { name: 'Tickets' }).getByRole('option').first()).toBeVisible()
  await page.keyboard.press('Control+n')
  const dialog = page.getByRole('dialog', { name: 'New ticket' })
  const requester = dialog.getByRole('combobox', { name: 'Requester' })
  await requester.fill('Maria Ort')
  await expect(dialog.getByRole('option', { name: /Maria Ortiz/ })).toBeVisible()
  await requester.press('Enter')
  await dialog.getByLabel('Subject').fill('Outlook password prompt again')
  const warning = dialog.getByRole('status').filter({ hasText: 'already has' })
  await expect(warning).toContainText(/Maria Ortiz already has INC-\d+ “Outlook keeps asking for my password/)
  await expectAccessible(page, 'the new ticket dialog with its warning')
  await page.screenshot({ path: 'test-results/screenshots/already-open.png' })
  const number = /INC-\d+/.exec((await warning.textContent()) ?? '')![0]
  await warning.getByRole('button', { name: 'add to it instead' }).first().click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('region', { name: `Ticket ${number}` })).toBeVisible()
})
