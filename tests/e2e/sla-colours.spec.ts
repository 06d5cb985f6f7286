import { expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined
test.afterEach(async () => {
  await host?.stop()
})

test('SLA badges read green, amber and red against a fixed clock', async ({ page }) => {
  // Tuesday 10:00 in the desk's zone: the sample desk's clocks land in known states.
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')), {
    env: { ...process.env, TZ: 'UTC' },
    args: ['--clock-start', '2026-11-24T10:00:00Z']
  })
  await page.clock.setFixedTime(new Date('2026-11-24T10:00:00Z'))
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Load sample desk' }).click()
  const queue = page.getByRole('listbox', { name: 'Tickets' })
  await expect(queue.getByRole('option').first()).toBeVisible()
  const colour = (state: string) => queue.locator(`.sla-${state}`).first().evaluate((b) => getComputedStyle(b).backgroundColor)
  await expect(queue.locator('.sla-running').first()).toHaveText(/^SLA due in /)
  expect(await colour('running')).toBe('rgb(231, 246, 236)') // green
  await expect(queue.locator('.sla-breached').first()).toHaveText(/^SLA breached .* ago$/)
  expect(await colour('breached')).toBe('rgb(253, 236, 234)') // red
  await expect(queue.locator('.sla-paused').first()).toHaveText('SLA paused')
  expect(await colour('paused')).toBe('rgb(238, 241, 244)') // grey: waiting on the requester

  // Breaching soon: the at-risk ticket (80% of its time used) is amber, next to the breached ones.
  await page.getByRole('tab', { name: 'Breaching soon' }).click()
  await expect(queue.locator('.sla-at_risk')).toHaveCount(1)
  await expect(queue.locator('.sla-at_risk')).toHaveText(/^SLA at risk, due in \d+ min$/)
  expect(await colour('at_risk')).toBe('rgb(255, 244, 229)') // amber
  await expect(queue.locator('.sla-running')).toHaveCount(0)
  await page.screenshot({ path: 'test-results/screenshots/breaching-soon.png' })
})
