import { expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { damageOnePage } from '../support/damage'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined
test.afterEach(async () => {
  await host?.stop()
})

test('the technician is told when the desk file was damaged, what was kept, and where the old file is', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontline-e2e-'))
  host = await startHostProcess(dataDir)
  for (let i = 0; i < 30; i++) {
    await fetch(`${host.origin}/api/invoke/tickets.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
      body: JSON.stringify({ subject: `Offline ticket ${i}`, channel: 'walk-in', requester: { name: `Visitor ${i}` }, description: 'Came to the desk. '.repeat(80) })
    })
  }
  await host.stop()
  damageOnePage(join(dataDir, 'desk.sqlite'), 'tickets')

  host = await startHostProcess(dataDir)
  await page.goto(host.url)
  const warning = page.locator('.statusbar').getByRole('status').filter({ hasText: 'The desk file was damaged' })
  await expect(warning).toContainText(/kept aside as .*desk\.damaged-.*\.sqlite/)
  await expect(warning).toContainText('30 unsynced changes among them, which rebuilt 30 lost tickets')
  // The tickets' pages were lost; the desk's own unsent changes rebuilt every one of them.
  await expect(page.getByRole('listbox', { name: 'Tickets' }).getByRole('option', { name: /Offline ticket 0 / })).toBeVisible()
  await expect(page.locator('.statusbar')).toContainText('30 tickets')
  await page.screenshot({ path: 'test-results/screenshots/desk-recovered.png' })
})
