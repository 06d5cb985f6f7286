import { expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expectAccessible } from '../support/accessible'
import { startTestServer, type TestServer } from '../support/desk-server'
import { canBind, startSlapd, type Slapd } from '../support/slapd'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

let host: HostProcess | undefined
let server: TestServer | undefined
let ldap: Slapd | undefined
test.afterEach(async () => {
  await host?.stop()
  await server?.close()
  await ldap?.stop()
})

async function signedInHost(role: 'agent' | 'admin') {
  ;[server, ldap] = await Promise.all([startTestServer(), startSlapd()])
  const who = await server.agent(role)
  host = await startHostProcess(mkdtempSync(join(tmpdir(), 'frontline-e2e-')))
  const invoke = async (method: string, body: unknown) => {
    const answer = (await (await fetch(`${host!.origin}/api/invoke/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${host!.token}` }, body: JSON.stringify(body) })).json()) as { ok: boolean; value: { id: string } }
    expect(answer, method).toMatchObject({ ok: true })
    return answer.value
  }
  await invoke('sync.signIn', { serverUrl: server.url, email: who.email, password: 'correct horse battery' })
  return { who, invoke }
}

test('an admin adds the directory from the app: a wrong password said plainly, Test connection, Save, Sync now with its counts', async ({ page }) => {
  test.setTimeout(120_000)
  await signedInHost('admin')
  await page.goto(host!.url)
  await page.getByRole('button', { name: 'Administration' }).click()
  const view = page.getByRole('main', { name: 'Administration' })
  await view.getByRole('tab', { name: 'Directories' }).click()
  await view.getByRole('button', { name: 'Add a directory…' }).click()
  const form = view.getByRole('form', { name: 'New directory' })
  await form.getByLabel('Directory name').fill('Corp LDAP')
  await form.getByLabel('Kind').selectOption('openldap')
  await form.getByLabel('Server address').fill('ldap://dc1.corp.example')
  await form.getByLabel('Bind DN (service account)').fill(ldap!.bindDn)
  await form.getByLabel('Bind password').fill('wrong')
  await form.getByLabel('Base DNs (one per line)').fill(`ou=people,${ldap!.baseDn}\nou=groups,${ldap!.baseDn}`)
  await form.getByLabel('Sync every (minutes; 0: only on demand)').fill('0')
  // Plain LDAP beyond this machine is refused by the address field itself.
  await form.getByRole('button', { name: 'Save directory' }).click()
  await expect(form.getByLabel('Server address')).toHaveAttribute('aria-invalid', 'true')
  await expect(form).toContainText('Use ldaps://, or turn on StartTLS')
  await form.getByLabel('Server address').fill(ldap!.url)
  await form.getByRole('button', { name: 'Test connection' }).click()
  await expect(form.getByRole('status')).toHaveText('Corp LDAP refused the service account’s bind DN or password.')
  await form.getByLabel('Bind password').fill(ldap!.bindPassword)
  await form.getByRole('button', { name: 'Test connection' }).click()
  await expect(form.getByRole('status')).toContainText('5 people under')
  await expectAccessible(page, 'the directory form')
  await page.screenshot({ path: 'test-results/screenshots/directory-form.png' })
  await form.getByRole('button', { name: 'Save directory' }).click()
  const card = view.getByRole('article', { name: 'Corp LDAP' })
  await expect(card).toContainText('Never synced.')
  await card.getByRole('button', { name: 'Sync now' }).click()
  await expect(card).toContainText('5 people')
  await expect(card).toContainText('5 read, 5 new, 0 updated, 0 linked, 0 disabled, 0 removed.')
  await page.screenshot({ path: 'test-results/screenshots/directory-synced.png' })
  // Editing later: the stored password is never shown, and Test connection uses it when left empty.
  await card.getByRole('button', { name: 'Edit…' }).click()
  const edit = view.getByRole('form', { name: 'Edit Corp LDAP' })
  await expect(edit.getByLabel('Bind password (leave empty to keep the stored one)')).toHaveValue('')
  await edit.getByRole('button', { name: 'Test connection' }).click()
  await expect(edit.getByRole('status')).toContainText('5 people under')
})

test('a technician sees a locked requester’s account, verifies the caller, unlocks it and resets the password from the ticket', async ({ page }) => {
  test.setTimeout(120_000)
  const { invoke } = await signedInHost('agent')
  const admin = await server!.agent('admin')
  const directory = { name: 'Corp LDAP', flavour: 'openldap', url: ldap!.url, bindDn: ldap!.bindDn, bindPassword: ldap!.bindPassword, baseDns: [`ou=people,${ldap!.baseDn}`, `ou=groups,${ldap!.baseDn}`], syncMinutes: 0 }
  expect((await server!.call('PUT', '/api/directories/0190c0de-0000-7000-8000-0000000000e2', admin.token, directory)).status).toBe(200)
  expect((await server!.call('POST', '/api/directories/0190c0de-0000-7000-8000-0000000000e2/sync', admin.token)).status).toBe(200)
  // The desk has the directory's people: the new ticket finds Lena by her address.
  // A sync the sign-in started may still be under way; wait until a pull has brought her in, so the
  // ticket links to the directory's person and not to a new hand-logged one.
  await expect
    .poll(async () => {
      await invoke('sync.now', {})
      return JSON.stringify(await invoke('people.search', { query: 'lpark@corp.example' }))
    })
    .toContain('Controller')
  await invoke('tickets.create', { subject: 'Locked out after the holidays', channel: 'phone', requester: { name: 'Lena Park', email: 'lpark@corp.example' } })
  await invoke('sync.now', {})

  await page.goto(host!.url)
  await page.getByRole('listbox', { name: 'Tickets' }).getByRole('option', { name: /Locked out after the holidays/ }).click()
  const requester = page.getByRole('region', { name: 'Requester' })
  await expect(requester.getByRole('heading', { level: 2 })).toHaveText('Lena Park')
  await expect(requester).toContainText('Controller')
  const panel = requester.getByRole('region', { name: 'Directory account' })
  await expect(panel).toContainText('lpark in Corp LDAP')
  await expect(panel).toContainText(/Locked since/)
  await expect(panel).toContainText('Finance')
  const unlock = panel.getByRole('button', { name: 'Unlock account' })
  const reset = panel.getByRole('button', { name: 'Reset password' })
  await expect(unlock).toBeDisabled()
  await expect(reset).toBeDisabled()
  await expect(panel.getByRole('button', { name: 'Disable account…' })).toHaveCount(0)
  await panel.screenshot({ path: 'test-results/screenshots/account-panel-locked.png' })

  const checklist = panel.getByRole('group', { name: 'Verify the caller first' })
  await checklist.getByLabel('The caller’s employee ID matches the one on file').check()
  await expect(unlock).toBeDisabled()
  await checklist.getByLabel('Called back on the number on file').check()
  await expect(unlock).toBeEnabled()
  await expectAccessible(page, 'the account panel')
  await panel.screenshot({ path: 'test-results/screenshots/account-verification.png' })
  await unlock.click()
  await expect(panel).toContainText('Not locked')
  expect(await canBind(ldap!.url, ldap!.dn('lpark'), ldap!.userPassword)).toBe(true)
  const timeline = page.locator('section.ticket').getByRole('list', { name: 'Timeline' })
  await expect(timeline).toContainText('Unlocked lpark in Corp LDAP. Verified: The caller’s employee ID matches the one on file; Called back on the number on file')

  // The ticks do not carry over: the reset is verified again.
  await expect(reset).toBeDisabled()
  await checklist.getByLabel('The caller’s employee ID matches the one on file').check()
  await checklist.getByLabel('Called back on the number on file').check()
  await reset.click()
  const shown = page.getByRole('dialog', { name: 'New password' })
  const password = (await shown.getByLabel('One-time password').textContent())!.trim()
  expect(password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/)
  await page.screenshot({ path: 'test-results/screenshots/account-reset-password.png' })
  await shown.getByRole('button', { name: 'Done' }).click()
  await expect(shown).toBeHidden()
  expect(await canBind(ldap!.url, ldap!.dn('lpark'), password)).toBe(true)
  await expect(panel).toContainText('Must change at next logon')
  await expect(timeline).toContainText('Reset the password of lpark in Corp LDAP (must change it at next logon)')
  await expect(timeline).not.toContainText(password)
  await page.locator('section.ticket').screenshot({ path: 'test-results/screenshots/account-timeline.png' })
})
