import { expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathSpellings } from '../fixtures/security/path-spellings'
import { startTestServer, type TestServer } from '../support/desk-server'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined
let server: TestServer | undefined
let attacker: Server | undefined
test.afterEach(async () => {
  await host?.stop()
  await server?.close()
  await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)))
})

/** A page another local program could serve: fires blind requests at the host, as a browser lets any page do. */
function attackerPage(target: string): string {
  const calls: Array<[string, unknown]> = []
  for (const method of ['sync.signOut', 'tickets.create', 'remote.setCustomTool', 'desk.wipe']) {
    const body = {
      'sync.signOut': {},
      'tickets.create': { subject: 'Planted by another page', channel: 'portal', requester: { name: 'Mallory' } },
      'remote.setCustomTool': { tool: { label: 'x', command: '/usr/bin/timeout', args: ['5', '/bin/sh', '-c', 'id', '{id}'] } },
      'desk.wipe': { confirm: 'wipe' }
    }[method]
    for (const path of pathSpellings(method)) calls.push([path, body])
  }
  return `<!doctype html><title>cat pictures</title><script>
const target = ${JSON.stringify(target)}
const calls = ${JSON.stringify(calls)}
const shots = []
for (const [path, body] of calls) {
  for (const type of ['application/json', 'text/plain']) {
    shots.push(fetch(target + path, { method: 'POST', mode: 'no-cors', headers: { 'content-type': type }, body: JSON.stringify(body) }).catch(() => null))
  }
  shots.push(fetch(target + path + '?token=guess', { method: 'POST', mode: 'no-cors', body: JSON.stringify(body) }).catch(() => null))
}
shots.push(fetch(target + '/%61pi/events', { mode: 'no-cors' }).catch(() => null))
Promise.allSettled(shots).then(() => { document.title = 'fired ' + shots.length })
</script>`
}

test('a page on another loopback origin firing blind requests at the host changes nothing', async ({ page }) => {
  test.setTimeout(90_000)
  server = await startTestServer()
  const agent = await server.agent('agent')
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  const call = async (method: string, body: unknown) => {
    const response = await fetch(`${host!.origin}/api/invoke/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${host!.token}` }, body: JSON.stringify(body) })
    return ((await response.json()) as { value: Record<string, unknown> }).value
  }
  await call('sync.signIn', { serverUrl: server.url, email: agent.email, password: 'correct horse battery' })
  await call('tickets.create', { subject: 'Printer on floor 3 jams', channel: 'phone', requester: { name: 'Henrik Larsen' } })
  const before = { status: await call('desk.status', {}), sync: await call('sync.status', {}) }
  expect(before.sync.account).toMatchObject({ email: agent.email })

  attacker = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(attackerPage(host!.origin)))
  await new Promise<void>((resolve) => attacker!.listen(0, '127.0.0.1', resolve))
  const address = attacker.address() as { port: number }
  await page.goto(`http://127.0.0.1:${address.port}/`)
  await expect(page).toHaveTitle(/^fired \d+$/, { timeout: 30_000 })

  const after = { status: await call('desk.status', {}), sync: await call('sync.status', {}) }
  expect(after.status.ticketCount).toBe(before.status.ticketCount)
  expect(after.sync.account).toEqual(before.sync.account)
  expect(after.sync.state).not.toBe('local')
  expect(await call('remote.customTool', {})).toEqual({ tool: null })

  // And the technician sees the same desk: still signed in, the one real ticket, nothing planted.
  await page.goto(host.url)
  await expect(page.locator('.statusbar')).toContainText('Test agent')
  await expect(page.getByRole('listbox', { name: 'Tickets' }).getByRole('option', { name: /Printer on floor 3 jams/ })).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/cross-origin-nothing-changed.png' })
  await expect(page.getByText('Planted by another page')).toHaveCount(0)
})
