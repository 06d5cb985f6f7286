import { expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultGroups } from '../../src/shared/team'
import { expectAccessible } from '../support/accessible'
import { startTestServer, type TestServer } from '../support/desk-server'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined
let server: TestServer | undefined
test.afterEach(async () => {
  await host?.stop()
  await server?.close()
})

test('an admin runs the team from the app: a group, an account, a disabled account, hours and targets with their example due times, and the audit log', async ({ page }) => {
  test.setTimeout(120_000)
  server = await startTestServer()
  const admin = await server.agent('admin')
  const lena = await server.call('POST', '/api/accounts', admin.token, { email: 'lena.vogel@corp.example', name: 'Lena Vogel', role: 'agent', password: 'correct horse battery', groups: [defaultGroups[0]!.id] })
  expect(lena.status).toBe(201)
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  const invoke = async (method: string, body: unknown) =>
    (await (await fetch(`${host!.origin}/api/invoke/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${host!.token}` }, body: JSON.stringify(body) })).json()) as { ok: boolean }
  expect(await invoke('sync.signIn', { serverUrl: server.url, email: admin.email, password: 'correct horse battery' })).toMatchObject({ ok: true })
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Administration' }).click()
  const view = page.getByRole('main', { name: 'Administration' })
  const accounts = view.getByRole('table')
  await expect(accounts.getByRole('row', { name: 'Lena Vogel' })).toContainText('Service Desk')
  await expectAccessible(page, 'the Administration view')

  // A group, refused empty with the reason by the field, then made with Lena in it.
  await view.getByRole('tab', { name: 'Groups' }).click()
  await view.getByRole('button', { name: 'New group…' }).click()
  const groupDialog = page.getByRole('dialog', { name: 'New group' })
  await groupDialog.getByRole('button', { name: 'Create group' }).click()
  await expect(groupDialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true')
  await expect(groupDialog).toContainText('Required.')
  await groupDialog.getByLabel('Name').fill('Endpoint Engineering')
  await groupDialog.getByLabel('Tier').selectOption('L2')
  await groupDialog.getByLabel('Lena Vogel').check()
  await expectAccessible(page, 'the group dialog')
  await page.screenshot({ path: 'test-results/screenshots/admin-group-dialog.png' })
  await groupDialog.getByRole('button', { name: 'Create group' }).click()
  await expect(groupDialog).toBeHidden()
  await expect(view.getByRole('row', { name: 'Endpoint Engineering' })).toContainText('Lena Vogel')

  // An account: a short one-time password is refused by its field; then a specialist in the new group.
  await view.getByRole('tab', { name: 'Accounts' }).click()
  await view.getByRole('button', { name: 'New account…' }).click()
  const accountDialog = page.getByRole('dialog', { name: 'New account' })
  await accountDialog.getByLabel('Name').fill('Priya Nair')
  await accountDialog.getByLabel('Email').fill('priya.nair@corp.example')
  await accountDialog.getByLabel('Role').selectOption('specialist')
  await accountDialog.getByLabel(/One-time password/).fill('short')
  await accountDialog.getByLabel('Endpoint Engineering (L2)').check()
  await accountDialog.getByRole('button', { name: 'Create account' }).click()
  await expect(accountDialog).toContainText('At least 12 characters.')
  await accountDialog.getByLabel(/One-time password/).fill('read-me-out-loud-42')
  await accountDialog.getByRole('button', { name: 'Create account' }).click()
  await expect(accountDialog).toBeHidden()
  await expect(view.getByRole('row', { name: 'Priya Nair' })).toContainText('Endpoint Engineering')
  await expect(view.getByRole('row', { name: 'Priya Nair' })).toContainText('Specialist')

  // Disabling Lena: the server says so, for every desk.
  await view.getByRole('button', { name: 'Disable Lena Vogel' }).click()
  await expect(view.getByRole('row', { name: 'Lena Vogel' })).toContainText('Disabled')
  await page.screenshot({ path: 'test-results/screenshots/admin-accounts.png' })

  // Hours and targets: the example ticket's due times move with the draft; a wrong time zone is refused by its field.
  await view.getByRole('tab', { name: 'Hours and SLA targets' }).click()
  const preview = view.locator('.preview')
  await expect(preview).toContainText('needs a first response by')
  const before = await preview.textContent()
  await view.getByLabel('P2 resolution minutes').fill('120')
  await expect(preview).not.toHaveText(before!)
  await view.getByLabel('Time zone').fill('Mars/Olympus')
  await view.getByRole('button', { name: 'Save hours and targets' }).click()
  await expect(view.getByLabel('Time zone')).toHaveAttribute('aria-invalid', 'true')
  await expect(view).toContainText('Not a time zone (e.g. Europe/Berlin).')
  await view.getByLabel('Time zone').fill('Europe/Berlin')
  // Files: a limit above what the server can take is refused by its field; 10 MB is kept.
  const fileLimit = view.getByLabel('Largest file a ticket keeps (MB; larger ones in mail are listed, not kept)')
  await fileLimit.fill('500')
  await view.getByRole('button', { name: 'Save hours and targets' }).click()
  await expect(fileLimit).toHaveAttribute('aria-invalid', 'true')
  await fileLimit.fill('10')
  // An exception: Endpoint Engineering is on call around the clock, with a one-hour P2 target.
  await view.getByRole('button', { name: 'Add an exception' }).click()
  const exception = view.getByRole('group', { name: 'Exception 1' })
  await exception.getByLabel('Exception 1 group').selectOption({ label: 'Endpoint Engineering (L2)' })
  await exception.getByLabel('Around the clock').check()
  await exception.getByLabel('Exception 1 P2 first response minutes').fill('15')
  await exception.getByLabel('Exception 1 P2 resolution minutes').fill('60')
  // The exception does not touch a ticket of any other group; for one of Endpoint Engineering it comes sooner.
  const teamWide = (await preview.textContent())!
  await view.getByLabel('Example group').selectOption({ label: 'Endpoint Engineering' })
  await expect(preview).not.toHaveText(teamWide)
  await view.getByRole('button', { name: 'Save hours and targets' }).click()
  await expect(view.getByRole('status')).toContainText('Saved.')
  await expectAccessible(page, 'the hours and targets form')
  await page.screenshot({ path: 'test-results/screenshots/admin-policies.png', fullPage: true })
  expect((await server.pool.query("SELECT data->'P2'->>'resolutionMinutes' AS m FROM team_settings WHERE key = 'sla'")).rows[0].m).toBe('120')
  expect((await server.pool.query("SELECT data FROM team_settings WHERE key = 'attachmentMb'")).rows[0].data).toBe(10)
  expect((await server.pool.query("SELECT data->0->'sla'->'P2' AS p2 FROM team_settings WHERE key = 'overrides'")).rows[0].p2).toEqual({ firstResponseMinutes: 15, resolutionMinutes: 60 })

  // The desk's own canned responses are offered as the team's first list; a one-word synonym group is refused by its line.
  await view.getByRole('tab', { name: 'Canned responses' }).click()
  await expect(view).toContainText('The team has no shared responses yet')
  await expect(view.getByLabel('Title').first()).toHaveValue('Acknowledge')
  await view.getByRole('button', { name: 'Save for the team' }).click()
  await expect(view.getByRole('status')).toContainText('Saved.')
  await expectAccessible(page, 'the canned responses editor')
  await view.getByRole('tab', { name: 'KB synonyms' }).click()
  await view.getByLabel(/^Synonyms/).fill('dock, replicator, docking\npw')
  await view.getByRole('button', { name: 'Save for the team' }).click()
  await expect(view.getByRole('alert')).toHaveText('Line 2: A group needs at least two words.')
  await view.getByLabel(/^Synonyms/).fill('dock, replicator, docking\npw, password, passcode')
  await view.getByRole('button', { name: 'Save for the team' }).click()
  await expect(view.getByRole('status')).toContainText('Saved.')

  // The refresh policy is the team's too.
  await view.getByRole('tab', { name: 'Refresh policy' }).click()
  await view.getByLabel('laptop').fill('3')
  await view.getByRole('button', { name: 'Save policy' }).click()
  await expect.poll(async () => (await server!.pool.query("SELECT data->>'laptop' AS y FROM team_settings WHERE key = 'refresh'")).rows[0]?.y).toBe('3')

  // Priya forgot her password: a one-time one, shown once to read out.
  await view.getByRole('tab', { name: 'Accounts' }).click()
  await view.getByRole('button', { name: 'Reset password of Priya Nair' }).click()
  const oneTime = page.getByRole('dialog', { name: 'One-time password for Priya Nair' })
  const password = (await oneTime.getByLabel('One-time password').textContent())!.trim()
  expect(password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/)
  await oneTime.getByRole('button', { name: 'Done' }).click()

  await view.getByRole('tab', { name: 'Audit log' }).click()
  for (const action of ['group.save', 'account.create', 'account.disable', 'policies.save', 'canned.save', 'synonyms.save', 'refresh.save', 'account.resetPassword']) await expect(view.getByRole('table')).toContainText(action)

  // On this machine, Priya signs in with it and is asked for her own.
  const status = page.locator('.statusbar')
  await status.getByRole('button', { name: 'Sign out' }).click()
  await status.getByRole('button', { name: 'Sign in to a desk server…' }).click()
  const signIn = page.getByRole('dialog', { name: 'Sign in to the desk server' })
  await signIn.getByLabel('Desk server').fill(server.url)
  await signIn.getByLabel('Email').fill('priya.nair@corp.example')
  await signIn.getByLabel('Password', { exact: true }).fill(password)
  await signIn.getByRole('button', { name: 'Sign in' }).click()
  await expect(signIn.getByRole('alert')).toHaveText('Choose your own password: the one you used was set by an admin for this one sign-in.')
  await signIn.getByLabel('New password').fill('priya chooses her own')
  await expectAccessible(page, 'the sign-in dialog asking for a new password')
  await signIn.getByRole('button', { name: 'Sign in' }).click()
  await expect(signIn).toBeHidden()
  await expect(status).toContainText('Priya Nair')
})
