import { expect, test } from '@playwright/test'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expectAccessible } from '../support/accessible'
import { nativeClient } from '../support/native-client'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined

test.afterEach(async () => {
  await host?.stop()
})

test('a technician connects to the user’s machine from the ticket: a hostile target is refused with the reason, a real one is confirmed, started and logged', async ({ page }) => {
  // A stand-in FreeRDP on PATH: writes down its argv, "runs" for a moment, exits.
  const dir = mkdtempSync(join(tmpdir(), 'frontline-e2e-remote-'))
  const bin = join(dir, 'bin')
  mkdirSync(bin)
  const argvFile = join(dir, 'argv.json')
  writeFileSync(join(bin, 'xfreerdp3'), `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(argvFile)}, JSON.stringify(process.argv.slice(2)))\nsetTimeout(() => {}, 1500)\n`)
  chmodSync(join(bin, 'xfreerdp3'), 0o755)
  // The desk's own tool must be a real program, not a script: a compiled stand-in, recording into its own folder.
  const records = join(dir, 'records')
  mkdirSync(records)
  const viewer = nativeClient(join(dir, 'opt', 'vendor-viewer'), records)
  // This host may save the desk's own tool: the app would ask in a native dialog instead.
  host = await startHostProcess(join(dir, 'desk'), { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, args: ['--allow-custom-tool'] })
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
  await confirm.getByRole('button', { name: 'Connect' }).click()
  await expect(confirm).toBeHidden()

  const timeline = ticket.getByRole('list', { name: 'Timeline' })
  await expect(timeline.getByRole('listitem').filter({ hasText: 'Remote session started: FreeRDP 3 (xfreerdp3) to pc-0042.corp.example as CORP\\olu' })).toBeVisible()
  await expect(timeline.getByRole('listitem').filter({ hasText: /Remote session ended: FreeRDP 3 \(xfreerdp3\) to pc-0042\.corp\.example, [12] s/ })).toBeVisible({ timeout: 10_000 })
  expect(JSON.parse(readFileSync(argvFile, 'utf8'))).toEqual(['/v:pc-0042.corp.example:3389', '/u:CORP\\olu', '/dynamic-resolution'])
  await page.screenshot({ path: 'test-results/e2e/remote-session-logged.png' })

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
