import { expect, type Page } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHostProcess, type HostProcess } from './web-host-process'

/** A fresh desk in a temp folder, served by the browser host, the sample loaded and the first ticket open. */
export async function openSampleDesk(page: Page): Promise<HostProcess> {
  const host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Load sample desk' }).click()
  await expect(page.getByRole('listbox', { name: 'Tickets' }).getByRole('option').first()).toBeVisible()
  await expect(page.getByRole('region', { name: /^Ticket [A-Z]+-/ })).toBeVisible()
  return host
}
