import { expect, test } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { hostname } from 'node:os'
import { expectAccessible } from '../support/accessible'
import { loadSampleDesk } from '../support/sample-host'
import type { HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined

// The desk's clock starts here whatever today is; every date the test writes is counted from it.
const clockStart = new Date('2026-03-10T10:00:00Z')
const daysFromStart = (days: number) => new Date(clockStart.getTime() + days * 86_400_000).toISOString().slice(0, 10)

test.afterEach(async () => {
  await host?.stop()
})

test('a deskside technician probes the machine at hand, attaches its inventory to the ticket, and a supervisor reviews the fleet', async ({ page }) => {
  host = await loadSampleDesk(page, { args: ['--clock-start', clockStart.toISOString()] })
  const ticket = page.getByRole('region', { name: /^Ticket [A-Z]+-/ })
  await expect(ticket).toBeVisible()
  const requester = page.getByRole('region', { name: 'Requester' })
  // The pane reads "Requester" until the ticket's requester has loaded; the probe button comes with them.
  await expect(requester.getByRole('button', { name: /^Probe this machine for / })).toBeVisible()
  const name = (await requester.getByRole('heading', { level: 2 }).textContent())!.replace('VIP', '').trim()

  // This machine, probed for the requester once confirmed: quick then full, with progress, then listed under their devices.
  await requester.getByRole('button', { name: `Probe this machine for ${name}` }).click()
  await page.getByRole('dialog', { name: 'File this workstation under the requester?' }).getByRole('button', { name: `Probe and file under ${name}` }).click()
  const devices = requester.getByRole('list', { name: 'Devices' })
  // The sample desk has four machines; this one is the fifth.
  const probedHere = devices.getByRole('listitem').filter({ hasText: 'AST-1005' })
  await expect(probedHere).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: /probed and added/ })).toBeVisible({ timeout: 30_000 })

  // One click puts the inventory on the ticket's timeline.
  await probedHere.getByRole('button', { name: 'Attach inventory' }).click()
  const entry = ticket.getByRole('list', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: 'Inventory of AST-1005' })
  await expect(entry).toBeVisible()
  await expect(entry).toContainText(/Memory: \d+ GB/)
  await page.screenshot({ path: 'test-results/e2e/inventory-attached.png' })

  // The supervisor's review: the chart of flags, the table, and a CSV import that refuses bad rows.
  await page.getByRole('button', { name: 'Fleet' }).click()
  const fleet = page.getByRole('main', { name: 'Fleet' })
  await expect(fleet.getByRole('figure', { name: /needing attention/ })).toContainText('of 5 machines')
  await expect(fleet.getByRole('table', { name: 'Machines' })).toContainText('AST-1005')
  await expectAccessible(page, 'fleet view')
  await fleet.getByRole('button', { name: 'Import purchase data…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import purchase and warranty data' })
  await dialog.getByLabel('CSV file').setInputFiles({
    name: 'purchases.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`tag,purchase date,warranty end\nAST-1005,${daysFromStart(-365)},${daysFromStart(300)}\nAST-2000,01/02/2021,\n`)
  })
  await expect(dialog.getByRole('list', { name: 'Problems' })).toContainText('Line 3: Purchase date "01/02/2021" is not a date written as yyyy-mm-dd.')
  await expect(dialog.getByRole('button', { name: 'Import' })).toBeDisabled()
  await expectAccessible(page, 'import dialog')
  await page.screenshot({ path: 'test-results/e2e/inventory-import-refused.png' })
  // Bought a year before the desk's today, so no refresh cycle (whatever class this host's hardware gets) is
  // due, under the default policy or the shortened one below; its warranty ends in 30 days, so it is "ending".
  const warrantyEnd = daysFromStart(30)
  await dialog.getByLabel('CSV file').setInputFiles({ name: 'purchases.csv', mimeType: 'text/csv', buffer: Buffer.from(`tag,purchase date,warranty end\nAST-1005,${daysFromStart(-365)},${warrantyEnd}\n`) })
  await expect(dialog).toContainText('1 row: 1 known machine, 0 new.')
  await dialog.getByRole('button', { name: 'Import' }).click()
  await expect(dialog).toBeHidden()
  const row = fleet.getByRole('row').filter({ hasText: 'AST-1005' })
  await expect(row).toContainText(warrantyEnd)
  await expect(row).toContainText('warranty ending')
  // Filtering by the flag's bar: this machine and the sample laptop whose warranty also ends soon.
  await fleet.getByRole('button', { name: /warranty ending/ }).click()
  await expect(fleet.getByRole('table', { name: 'Machines' }).getByRole('row')).toHaveCount(3)
  await page.screenshot({ path: 'test-results/e2e/fleet.png' })

  // The sample laptop's history: tick two snapshots, read what changed.
  await fleet.getByRole('button', { name: 'AST-1001' }).click()
  const machine = page.getByRole('dialog', { name: /AST-1001/ })
  const snapshots = machine.getByRole('list', { name: 'Snapshots' }).getByRole('checkbox')
  await snapshots.nth(0).check()
  await snapshots.nth(1).check()
  await expect(machine.getByRole('list', { name: 'Changes' })).toContainText('Memory 16 GB (8 GB + 8 GB) → 32 GB (16 GB + 16 GB)')
  await expect(machine.getByRole('list', { name: 'Changes' })).toContainText('Removed Java 8 Update 381')
  await page.screenshot({ path: 'test-results/e2e/asset-diff.png' })
  await expectAccessible(page, 'asset dialog')
  await machine.getByRole('button', { name: 'Cancel' }).click()

  // A machine nobody opens the app on: frontline-probe's file, added here; a file that is not one is refused.
  await fleet.getByRole('button', { name: /warranty ending/ }).click()
  const probed = JSON.parse(execFileSync(process.execPath, ['out/main/frontline-probe.js', '--json', '--quick'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { identity: Record<string, unknown>; takenAt: string }
  probed.identity = { hostname: 'KIOSK-3', serial: 'CZC9KIOSK3', uuid: '', macs: ['02:00:5e:10:00:03'] }
  // Taken "now" on the desk's clock, not the real one.
  probed.takenAt = clockStart.toISOString()
  await fleet.getByLabel('Add a frontline-probe file…').setInputFiles({ name: 'kiosk-3.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(probed)) })
  await expect(fleet.getByRole('row').filter({ hasText: 'KIOSK-3' })).toContainText('AST-1006')
  await fleet.getByLabel('Add a frontline-probe file…').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('Printer on 2F') })
  await expect(page.getByText('notes.json is not a frontline-probe file (it is not JSON).')).toBeVisible()

  // Only the sample's nine-year-old desktop is overdue; the supervisor shortens the laptop refresh cycle, and the
  // sample laptop (bought 3.8 years before the desk's today) is overdue too. The machine probed here never is.
  const overdue = fleet.getByRole('button', { name: /^refresh overdue/ })
  await expect(overdue.locator('.bar-value')).toHaveText('1')
  await fleet.getByText('Refresh policy').click()
  await fleet.getByRole('spinbutton', { name: 'laptop' }).fill('3')
  await fleet.getByRole('button', { name: 'Save policy' }).click()
  await expect(overdue.locator('.bar-value')).toHaveText('2')
})

test('probing "this machine" says it is the technician’s own workstation, by name, and files nothing until confirmed', async ({ page }) => {
  host = await loadSampleDesk(page, { args: ['--clock-start', clockStart.toISOString()] })
  const requester = page.getByRole('region', { name: 'Requester' })
  // The pane reads "Requester" until the ticket's requester has loaded; the probe button comes with them.
  await expect(requester.getByRole('button', { name: /^Probe this machine for / })).toBeVisible()
  const name = (await requester.getByRole('heading', { level: 2 }).textContent())!.replace('VIP', '').trim()
  const devices = requester.getByRole('list', { name: 'Devices' })
  await expect(devices.getByRole('listitem').first()).toBeVisible()
  const before = await devices.getByRole('listitem').count()

  await requester.getByRole('button', { name: `Probe this machine for ${name}` }).click()
  const confirm = page.getByRole('dialog', { name: 'File this workstation under the requester?' })
  await expect(confirm).toContainText(`The probe reads the machine this console runs on: this workstation, ${hostname()}. It is filed under ${name}’s devices.`)
  await expectAccessible(page, 'probe confirmation')
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toBeHidden()
  // Nothing was probed or filed: the requester's devices are as they were, and the fleet has the sample's four.
  await expect(requester.getByRole('status')).toHaveCount(0)
  await expect(devices.getByRole('listitem')).toHaveCount(before)
  await page.getByRole('button', { name: 'Fleet' }).click()
  await expect(page.getByRole('main', { name: 'Fleet' }).getByRole('figure', { name: /needing attention/ })).toContainText('of 4 machines')
})
