import { expect, type Page } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHostProcess, type HostProcess } from './web-host-process'

/** A fresh desk in a temp folder, served by the browser host (started with `options`), the sample loaded. */
export async function loadSampleDesk(page: Page, options?: Parameters<typeof startHostProcess>[1]): Promise<HostProcess> {
  const host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')), options)
  try {
    await page.goto(host.url)
    await page.getByRole('button', { name: 'Load sample desk' }).click()
    return host
  } catch (error) {
    // The test never gets this host to stop.
    await host.stop()
    throw error
  }
}

/** The same, once the queue has filled and the first ticket is open. */
export async function openSampleDesk(page: Page): Promise<HostProcess> {
  const host = await loadSampleDesk(page)
  await expect(page.getByRole('listbox', { name: 'Tickets' }).getByRole('option').first()).toBeVisible()
  await expect(page.getByRole('region', { name: /^Ticket [A-Z]+-/ })).toBeVisible()
  return host
}
