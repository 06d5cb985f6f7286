import { expect, type Page } from '@playwright/test'

/** The global every canary payload sets when it runs (`window.__xss = …`, `parent.__xss = 1`). */
const flag = '__xss'

/**
 * The XSS canaries' "nothing ran" check. Every dialog the page opens is recorded (and dismissed, so
 * the page goes on) from the moment this is called; at the end none may have opened and the flag must
 * be unset (the app's own dialogs, such as its confirmation before opening a link, are named exactly
 * by the test). Run under `bypassCSP` as well, this proves the rendering itself inert: with the CSP on, an
 * inline handler, a `javascript:` link or an iframe would be blocked whatever the rendering did.
 */
export function watchForCanaries(page: Page): { expectNothingRan(appDialogs?: string[]): Promise<void> } {
  const dialogs: string[] = []
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss()
  })
  return {
    async expectNothingRan(appDialogs = []) {
      // Settled rather than paused: two frames drawn, and a broken image's error event delivered after
      // every image the payloads could have made was requested (the handlers they carry fire the same way).
      await page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                const probe = new Image()
                probe.onerror = probe.onload = () => resolve()
                probe.src = `x?settled=${Date.now()}`
              })
            )
          })
      )
      expect(await page.evaluate((name) => (globalThis as unknown as Record<string, unknown>)[name], flag)).toBeUndefined()
      expect(dialogs).toEqual(appDialogs)
    }
  }
}
