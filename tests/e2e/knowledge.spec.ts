import { expect, test, type Page } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expectAccessible } from '../support/accessible'
import { loadSampleDesk } from '../support/sample-host'
import { startHostProcess, type HostProcess } from '../support/web-host-process'
import { watchForCanaries } from '../support/xss-canary'

let host: HostProcess | undefined

test.afterEach(async () => {
  await host?.stop()
})

test('the answer is on screen while the ticket is typed; its steps go into the reply as text, and "this solved it" counts', async ({ page }) => {
  host = await loadSampleDesk(page)
  await expect(page.getByRole('region', { name: /^Ticket [A-Z]+-/ })).toBeVisible()

  await page.keyboard.press('Control+n')
  const dialog = page.getByRole('dialog', { name: 'New ticket' })
  await dialog.getByLabel('Requester').fill('Maria')
  await dialog.getByLabel('Subject').fill('Outlook keeps asking for my pw')
  // "pw" is a help-desk synonym of "password": the suggestion shows before the ticket exists.
  const typed = dialog.getByRole('list', { name: 'Suggested articles' }).getByRole('listitem').first()
  await expect(typed).toHaveText('Outlook password prompt loop after password change')
  await page.screenshot({ path: 'test-results/e2e/knowledge-suggested-while-typing.png' })
  await dialog.getByLabel('Subject').press('Control+Enter')
  await expect(dialog).toBeHidden()

  const ticket = page.getByRole('region', { name: /^Ticket [A-Z]+-/ })
  await expect(ticket.getByRole('heading', { name: 'Outlook keeps asking for my pw' })).toBeVisible()
  const knowledge = page.getByRole('region', { name: 'Knowledge' })
  const suggestion = knowledge.getByRole('list', { name: 'Suggested articles' }).getByRole('listitem').first()
  await expect(suggestion).toContainText('Outlook password prompt loop after password change')
  await suggestion.getByRole('button', { name: 'Insert into reply' }).click()
  const reply = ticket.getByRole('textbox', { name: /Reply/ })
  await expect(reply).toHaveValue(/^Outlook password prompt loop after password change\n\nSymptoms\n/)
  await expect(reply).toHaveValue(/\n2\. Open Credential Manager › Windows Credentials and remove every entry starting with MicrosoftOffice16\.\n/)
  await suggestion.getByRole('button', { name: 'This solved it' }).click()
  await expect(ticket.getByRole('list', { name: 'Timeline' })).toContainText('Solved with knowledge article “Outlook password prompt loop after password change”')
  await expectAccessible(page, 'console with knowledge suggestions')
  await page.screenshot({ path: 'test-results/e2e/knowledge-inserted.png' })

  // Resolving can capture what was learned as a draft article.
  await ticket.getByRole('button', { name: 'Start work' }).click()
  await ticket.getByRole('button', { name: 'Resolve…' }).click()
  const resolve = page.getByRole('dialog', { name: /^Resolve / })
  await resolve.getByLabel('Resolution notes').fill('Removed the stale Office credentials; Outlook signed in with the new password.')
  await resolve.getByLabel('Draft a knowledge article from this ticket').check()
  await resolve.getByRole('button', { name: 'Resolve' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Draft article “Outlook keeps asking for my pw” saved under Knowledge' })).toBeVisible()

  // The next technician to log the same problem is told what solved it here.
  await page.keyboard.press('Control+n')
  const again = page.getByRole('dialog', { name: 'New ticket' })
  await again.getByLabel('Subject').fill('outlook asks for my password again and again')
  const learned = again.getByRole('list', { name: 'Suggested articles' }).getByRole('listitem').first()
  await expect(learned).toContainText('Outlook password prompt loop after password change')
  await expect(learned).toContainText('Solved 1 similar ticket this month')
  await page.screenshot({ path: 'test-results/e2e/knowledge-learned.png' })
  await page.keyboard.press('Escape')
  await page.getByRole('alertdialog', { name: 'Discard this new ticket?' }).getByRole('button', { name: 'Discard' }).click()
  await expect(again).toBeHidden()

  // The report counts the article as used; the draft waits in the list for its author.
  await page.getByRole('button', { name: 'Knowledge', exact: true }).click()
  const view = page.getByRole('main', { name: 'Knowledge base' })
  await expect(view.getByRole('figure', { name: 'Most used articles' })).toContainText('Outlook password prompt loop after password change')
  const draft = view.getByRole('list', { name: 'Articles' }).getByRole('listitem').filter({ hasText: 'Outlook keeps asking for my pw' })
  await expect(draft).toContainText('draft')
  await draft.getByRole('button', { name: 'Outlook keeps asking for my pw' }).click()
  const reader = page.getByRole('dialog', { name: 'Outlook keeps asking for my pw' })
  await expect(reader.getByRole('heading', { name: 'Resolution' })).toBeVisible()
  await expect(reader).toContainText('Removed the stale Office credentials')
  await expectAccessible(page, 'article reader')
  await page.screenshot({ path: 'test-results/e2e/knowledge-draft-from-ticket.png' })
})

/** Markup, script and hostile links written into an article, read and clicked. */
async function articleCanary(page: Page): Promise<void> {
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  const canaries = watchForCanaries(page)
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Load sample desk' }).click()
  await page.getByRole('button', { name: 'Knowledge', exact: true }).click()
  const view = page.getByRole('main', { name: 'Knowledge base' })
  await view.getByRole('button', { name: 'New article' }).click()
  const editor = page.getByRole('dialog', { name: 'New article' })
  await editor.getByLabel('Title').fill('Canary article')
  await editor.getByLabel('Body (markdown)').fill(
    [
      'Canary <img src=x onerror="window.__xss=\'img\'"> <script>window.__xss="script"</script>',
      '',
      '[click me](javascript:window.__xss="link") and [data](data:text/html,<script>parent.__xss=1</script>) and [vb](vbscript:msgbox)',
      '',
      '<svg onload="window.__xss=\'svg\'"></svg> <iframe src="javascript:window.top.__xss=\'iframe\'"></iframe>',
      '',
      '![tracker](https://evil.example/pixel.png) <a href="javascript:alert(1)">raw anchor</a>',
      '',
      '[the vendor docs](https://learn.microsoft.com/outlook)'
    ].join('\n')
  )
  await editor.getByLabel('Status').selectOption('published')
  await editor.getByRole('button', { name: 'Save version' }).click()
  const reader = page.getByRole('dialog', { name: 'Canary article' })
  await expect(reader.getByText('click me')).toBeVisible()
  const body = reader.locator('.article-body')
  expect(await body.locator('script, img, svg, iframe, [onerror], [onload]').count()).toBe(0)
  // Hostile links are plain text; only the https one is a link.
  expect(await body.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['https://learn.microsoft.com/outlook'])
  await expect(body).toContainText('[image: tracker]')
  await reader.getByRole('link', { name: 'the vendor docs' }).click()
  await reader.getByText('click me').click()
  // The one dialog is the app's own, asking before the safe link opens.
  await canaries.expectNothingRan(['confirm: Open this link in your browser?\n\nhttps://learn.microsoft.com/outlook'])
  await page.screenshot({ path: 'test-results/e2e/knowledge-canary.png' })
}

test('XSS canary: markup, script and hostile links in an article are shown as text or dropped, never run', async ({ page }) => {
  await articleCanary(page)
})

test.describe('with the CSP switched off', () => {
  // The CSP alone blocks inline handlers, javascript: links and iframes: without it, the rendering itself must be inert.
  test.use({ bypassCSP: true })
  test('XSS canary: an article is inert as rendered, not only because the CSP blocks it', async ({ page }) => {
    await articleCanary(page)
  })
})
