import { expect, test, type Locator, type Page } from '@playwright/test'
import { openSampleDesk } from '../support/sample-host'
import type { HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined
test.afterEach(async () => {
  await host?.stop()
  host = undefined
})

const longEmail = 'aisha.khan-longname.department-of-finance@subsidiary.corp.example'

const sampleDesk = async (page: Page) => {
  host = await openSampleDesk(page)
}

/** Whether `inner` is drawn wholly inside `outer` (a pixel of rounding allowed), and shows all its text. */
async function fitsInside(inner: Locator, outer: Locator): Promise<boolean> {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()]
  const clipped = await inner.evaluate((el) => el.scrollWidth > el.clientWidth + 1)
  return !!a && !!b && !clipped && a.x >= b.x - 1 && a.x + a.width <= b.x + b.width + 1
}

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

for (const size of [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 }
]) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: size })

    test('queue SLA chips are read whole, a long email stays in the requester card, one row is highlighted', async ({ page }) => {
      await sampleDesk(page)
      const queue = page.getByRole('listbox', { name: 'Tickets' })
      const rows = queue.getByRole('option')
      for (let i = 0; i < 6; i++) {
        const row = rows.nth(i)
        expect(await fitsInside(row.locator('.sla'), row), `row ${i}'s SLA chip`).toBe(true)
      }
      await rows.first().click()
      const requester = page.getByRole('region', { name: 'Requester' })
      await requester.getByRole('button', { name: 'Edit details…' }).click()
      const edit = page.getByRole('dialog')
      await edit.getByLabel('Email', { exact: true }).fill(longEmail)
      await edit.getByRole('button', { name: /Save/ }).click()
      await expect(requester.getByRole('link', { name: longEmail })).toBeVisible()
      const card = await requester.boundingBox()
      const email = await requester.getByRole('link', { name: longEmail }).boundingBox()
      expect(email!.x + email!.width).toBeLessThanOrEqual(card!.x + card!.width)

      // j moves the keyboard cursor without opening; once the keyboard is elsewhere, only the open ticket is marked.
      await queue.focus()
      await page.keyboard.press('j')
      await page.getByRole('textbox', { name: /reply/i }).first().click()
      const marked = await rows.evaluateAll((els) =>
        els.filter((el) => {
          const style = getComputedStyle(el)
          return style.outlineStyle !== 'none' || style.boxShadow !== 'none' || style.backgroundColor !== getComputedStyle(el.parentElement!).backgroundColor
        }).length
      )
      expect(marked).toBe(1)
      await page.screenshot({ path: `test-results/screenshots/console-${size.width}.png` })
    })

    test('a toast never covers the composer’s buttons or the knowledge panel’s', async ({ page }) => {
      await sampleDesk(page)
      await page.getByRole('listbox', { name: 'Tickets' }).getByRole('option').first().click()
      // The desk refuses the next assignment, as a busy team's server might: the console says so in a toast.
      await page.route('**/api/invoke/tickets.assign', (route) =>
        route.fulfill({ json: { ok: false, error: { code: 'CONFLICT', message: 'Someone else changed this ticket a moment ago; it now shows their change. Try again if yours still applies.' } } })
      )
      await page.getByRole('button', { name: 'Assign to me' }).click()
      const toast = page.getByRole('alert').filter({ hasText: 'Someone else changed this ticket' })
      await expect(toast).toBeVisible()
      const box = (await toast.boundingBox())!
      const buttons = [
        page.locator('.composer').getByRole('button'),
        page.getByRole('region', { name: 'Knowledge' }).getByRole('button')
      ]
      for (const group of buttons) {
        for (const button of await group.all()) {
          if (!(await button.isVisible())) continue
          const b = (await button.boundingBox())!
          expect(overlaps(box, b), `toast over “${await button.textContent()}”`).toBe(false)
        }
      }
    })

    test('the article editor, a machine’s record and the refresh policy have room', async ({ page }) => {
      await sampleDesk(page)
      await page.getByRole('button', { name: 'Knowledge', exact: true }).click()
      await page.getByRole('button', { name: 'New article' }).click()
      const editor = page.getByRole('dialog', { name: 'New article' })
      await expect(editor).toBeVisible()
      await expect.poll(async () => (await editor.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(Math.min(1000, size.width * 0.9))
      await page.screenshot({ path: `test-results/screenshots/article-editor-${size.width}.png` })
      await page.keyboard.press('Escape')
      await expect(editor).toBeHidden()
      await page.getByRole('button', { name: 'Fleet', exact: true }).click()
      await page.getByText('Refresh policy').click()
      // The empty "virtual machine" cycle reads "never" in full.
      const never = page.getByRole('spinbutton', { name: /virtual machine/ })
      const room = await never.evaluate((input: HTMLInputElement) => {
        const style = getComputedStyle(input)
        const context = document.createElement('canvas').getContext('2d')!
        context.font = `${style.fontSize} ${style.fontFamily}`
        const spinner = 16
        return input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - spinner - context.measureText(input.placeholder).width
      })
      expect(room).toBeGreaterThan(0)
      await page.locator('.fleet-table button.link').first().click()
      const machine = page.getByRole('dialog', { name: /^AST-/ })
      await expect(machine).toBeVisible()
      await expect.poll(async () => (await machine.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(Math.min(800, size.width * 0.9))
      await page.screenshot({ path: `test-results/screenshots/asset-${size.width}.png` })
    })
  })
}
