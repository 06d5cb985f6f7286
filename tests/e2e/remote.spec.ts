import { expect, test } from '@playwright/test'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expectAccessible } from '../support/accessible'
import { nativeClient } from '../support/native-client'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined

/** The host's own API, as the console calls it. */
async function invoke(method: string, body: unknown): Promise<unknown> {
  const answer = (await (await fetch(`${host!.origin}/api/invoke/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${host!.token}` }, body: JSON.stringify(body) })).json()) as { ok: boolean; value?: unknown }
  expect(answer.ok).toBe(true)
  return answer.value
}

/** How the timeline writes a duration (Timeline.tsx), for the figures a test reads back from the desk. */
function shownDuration(seconds: number): string {
  const s = Math.round(seconds)
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`
}

test.afterEach(async () => {
  await host?.stop()
})

test('a technician connects to the user’s machine from the ticket: a hostile target is refused with the reason, a real one is confirmed, started and logged', async ({ page }) => {
  // A stand-in FreeRDP: writes down its argv, runs until the test lets it go, then writes down when it
  // started and ended by its own clock, and exits.
  const dir = mkdtempSync(join(tmpdir(), 'frontline-e2e-remote-'))
  const bin = join(dir, 'bin')
  mkdirSync(bin)
  const argvFile = join(dir, 'argv.json')
  const release = join(dir, 'release')
  const runFile = join(dir, 'run.json')
  writeFileSync(
    join(bin, 'xfreerdp3'),
    `#!${process.execPath}
const fs = require('node:fs')
fs.writeFileSync(${JSON.stringify(argvFile)}, JSON.stringify(process.argv.slice(2)))
const timer = setInterval(() => {
  if (!fs.existsSync(${JSON.stringify(release)})) return
  clearInterval(timer)
  fs.writeFileSync(${JSON.stringify(runFile)}, JSON.stringify({ start: performance.timeOrigin, end: Date.now() }))
}, 20)
`
  )
  chmodSync(join(bin, 'xfreerdp3'), 0o755)
  // A VNC viewer that fails at once, as a client given a target it cannot reach does.
  writeFileSync(join(bin, 'vncviewer'), '#!/bin/sh\necho "Connecting to pc-0042..." >&2\necho "ERROR: unable to connect to socket: Connection refused (111)" >&2\nexit 255\n')
  chmodSync(join(bin, 'vncviewer'), 0o755)
  // A terminal that opens the session elsewhere and returns at once, as Windows Terminal's wt.exe does.
  writeFileSync(join(bin, 'x-terminal-emulator'), '#!/bin/sh\nexit 0\n')
  writeFileSync(join(bin, 'ssh'), '#!/bin/sh\nexit 0\n')
  chmodSync(join(bin, 'x-terminal-emulator'), 0o755)
  chmodSync(join(bin, 'ssh'), 0o755)
  // The desk's own tool must be a real program, not a script: a compiled stand-in, recording into its own folder.
  const records = join(dir, 'records')
  mkdirSync(records)
  const viewer = nativeClient(join(dir, 'opt', 'vendor-viewer'), records)
  // This host may save the desk's own tool: the app would ask in a native dialog instead.
  // PATH is only the fakes: an AnyDesk, TeamViewer, RustDesk or real FreeRDP installed here changes nothing.
  host = await startHostProcess(join(dir, 'desk'), { env: { ...process.env, PATH: bin }, args: ['--allow-custom-tool'] })
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Load sample desk' }).click()
  const ticket = page.getByRole('region', { name: /^Ticket [A-Z]+-/ })
  await expect(ticket).toBeVisible()

  await ticket.getByRole('button', { name: 'Connect…' }).click()
  const dialog = page.getByRole('dialog', { name: /^Remote session for / })
  await expect(dialog.getByLabel('Tool', { exact: true })).toHaveValue('xfreerdp3')
  // An option smuggled in as a host: refused in words, under the field, before anything starts.
  await dialog.getByLabel('Target').fill('-oProxyCommand=calc.exe')
  await dialog.getByRole('button', { name: 'Review…' }).click()
  await expect(dialog.getByRole('alert')).toHaveText('“-oProxyCommand=calc.exe” cannot be used as a target: it starts with “-”, which a client would read as an option.')
  await expect(dialog.getByLabel('Target')).toHaveAttribute('aria-invalid', 'true')
  await expectAccessible(page, 'remote dialog with a refusal')
  await page.screenshot({ path: 'test-results/e2e/remote-refused.png' })

  await dialog.getByLabel('Target').fill('pc-0042.corp.example')
  await dialog.getByLabel('Sign in as (optional)').fill('CORP\\olu')
  await dialog.getByRole('button', { name: 'Review…' }).click()
  const confirm = page.getByRole('dialog', { name: 'Start this remote session?' })
  await expect(confirm).toContainText('Connect to pc-0042.corp.example as CORP\\olu with FreeRDP 3 (xfreerdp3)?')
  const clicked = Date.now()
  await confirm.getByRole('button', { name: 'Connect' }).click()
  await expect(confirm).toBeHidden()

  const timeline = ticket.getByRole('list', { name: 'Timeline' })
  await expect(timeline.getByRole('listitem').filter({ hasText: 'Remote session started: FreeRDP 3 (xfreerdp3) to pc-0042.corp.example as CORP\\olu' })).toBeVisible()
  expect(JSON.parse(readFileSync(argvFile, 'utf8'))).toEqual(['/v:pc-0042.corp.example:3389', '/u:CORP\\olu', '/dynamic-resolution'])
  // The technician closes the client; the end is logged with how long the session lasted.
  writeFileSync(release, '')
  const endedEntry = timeline.getByRole('listitem').filter({ hasText: 'Remote session ended: FreeRDP 3 (xfreerdp3) to pc-0042.corp.example, ' })
  await expect(endedEntry).toBeVisible({ timeout: 30_000 })
  const seen = Date.now()
  // The client's own run lies inside the logged session, which lies inside the test's click and sight of
  // the end (one clock: this machine's), and the duration shown is the logged span: no speed assumed.
  const run = JSON.parse(readFileSync(runFile, 'utf8')) as { start: number; end: number }
  const number = (await ticket.getAttribute('aria-label'))!.replace('Ticket ', '')
  const { tickets } = (await invoke('tickets.list', { limit: 500 })) as { tickets: Array<{ id: string; number: string }> }
  const detail = (await invoke('tickets.get', { id: tickets.find((t) => t.number === number)!.id })) as { timeline: Array<{ data: { kind: string; phase?: string; startedAt: string; endedAt: string; durationSeconds: number } }> }
  const ended = detail.timeline.map((e) => e.data).find((d) => d.kind === 'remote' && d.phase === 'ended')!
  const [startedAt, endedAt] = [Date.parse(ended.startedAt), Date.parse(ended.endedAt)]
  expect(clicked).toBeLessThanOrEqual(startedAt)
  expect(startedAt).toBeLessThanOrEqual(Math.floor(run.start) + 1)
  expect(run.end).toBeLessThanOrEqual(endedAt)
  expect(endedAt).toBeLessThanOrEqual(seen)
  expect(ended.durationSeconds).toBe(Math.round((endedAt - startedAt) / 100) / 10)
  await expect(endedEntry).toContainText(`, ${shownDuration(ended.durationSeconds)}`)
  await page.screenshot({ path: 'test-results/e2e/remote-session-logged.png' })

  // A client that fails at once is said to have failed, with its code and last words; nothing is logged.
  await ticket.getByRole('button', { name: 'Connect…' }).click()
  await dialog.getByLabel('Connect by').selectOption('vnc')
  await dialog.getByLabel('Target').fill('pc-0042')
  await dialog.getByRole('button', { name: 'Review…' }).click()
  await page.getByRole('dialog', { name: 'Start this remote session?' }).getByRole('button', { name: 'Connect' }).click()
  await expect(dialog.getByRole('alert')).toHaveText(
    'VNC Viewer (TigerVNC or RealVNC) did not start the session: it exited at once with code 255, saying “ERROR: unable to connect to socket: Connection refused (111)”. Nothing was logged on the ticket.'
  )
  await expect(timeline.getByRole('listitem').filter({ hasText: 'Remote session started: VNC Viewer' })).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()

  // A terminal that hands the session on and returns at once: its end is logged, its length not made up.
  await ticket.getByRole('button', { name: 'Connect…' }).click()
  await dialog.getByLabel('Connect by').selectOption('ssh')
  await dialog.getByLabel('Target').fill('admin@pc-0042')
  await dialog.getByRole('button', { name: 'Review…' }).click()
  await page.getByRole('dialog', { name: 'Start this remote session?' }).getByRole('button', { name: 'Connect' }).click()
  await expect(timeline.getByRole('listitem').filter({ hasText: 'Remote session ended: Terminal (x-terminal-emulator) to pc-0042, duration unknown' })).toBeVisible()

  // No vendor tool here: the dialog says what to install, and the desk can add its own by full path.
  await ticket.getByRole('button', { name: 'Connect…' }).click()
  await dialog.getByLabel('Connect by').selectOption('vendor')
  await expect(dialog.getByRole('status')).toContainText('Install AnyDesk, TeamViewer or RustDesk')
  await dialog.getByText('Your own tool…').click()
  const own = dialog.getByRole('form', { name: 'Your own tool' })
  await own.getByLabel('Name').fill('Vendor Viewer')
  await own.getByLabel('Full path').fill('vendor-viewer')
  await own.getByRole('button', { name: 'Save tool' }).click()
  await expect(own.getByRole('alert')).toContainText('full path')
  await own.getByLabel(/^Arguments/).fill('--id\n{id}')
  // A script is refused: its interpreter would run whatever it says.
  await own.getByLabel('Full path').fill(join(bin, 'xfreerdp3'))
  await own.getByRole('button', { name: 'Save tool' }).click()
  await expect(own.getByRole('alert')).toContainText('is a script')
  await own.getByLabel('Full path').fill(viewer)
  await own.getByRole('button', { name: 'Save tool' }).click()
  await expect(dialog.getByLabel('Tool', { exact: true })).toHaveValue('custom')
  await dialog.getByLabel('ID', { exact: true }).fill('555 0123')
  await dialog.getByRole('button', { name: 'Review…' }).click()
  await expect(dialog.getByRole('alert')).toContainText('it contains a space')
  await dialog.getByLabel('ID', { exact: true }).fill('5550123')
  await dialog.getByRole('button', { name: 'Review…' }).click()
  await page.getByRole('dialog', { name: 'Start this remote session?' }).getByRole('button', { name: 'Connect' }).click()
  await expect(timeline.getByRole('listitem').filter({ hasText: 'Remote session started: Vendor Viewer to 5550123' })).toBeVisible()
  await expect
    .poll(() => readdirSync(records).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(records, f), 'utf8')) as { argv: string[] }))
    .toEqual([{ program: viewer, argv: ['--id', '5550123'], rdp: null }])
})
