import { Attribute, Change } from 'ldapts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountLookup, DirectoryInfo, SyncReport } from '../../src/shared/directory'
import { readAccount } from '../../src/server/directory/account-help'
import { connectDirectory } from '../../src/server/directory/connection'
import { DirectoryService } from '../../src/server/directory/directory-service'
import { loadDirectory } from '../../src/server/directory/directory-store'
import { SecretBox } from '../../src/server/secret-box'
import { testDesk } from '../support/desk'
import { startTestServer, type TestServer } from '../support/desk-server'
import { canBind, startSlapd, withClient, type Slapd } from '../support/slapd'

/**
 * Account help against a real OpenLDAP (slapd with ppolicy) through a real desk server and real
 * desks: the admin configures the directory, people sync in, and technicians unlock, reset, enable
 * and disable requesters' accounts from their tickets.
 */
describe('account help from the ticket, on a real directory', () => {
  let server: TestServer
  let ldap: Slapd
  let admin: Awaited<ReturnType<TestServer['agent']>>
  let agent: Awaited<ReturnType<TestServer['agent']>>
  let supervisor: Awaited<ReturnType<TestServer['agent']>>
  let desk: ReturnType<typeof testDesk>
  const directoryId = '0190c0de-0000-7000-8000-000000000001'
  const checks = ['The caller’s employee ID matches the one on file', 'Called back on the number on file']
  let config: Record<string, unknown>

  beforeAll(async () => {
    ;[server, ldap] = await Promise.all([startTestServer(), startSlapd()])
    admin = await server.agent('admin')
    agent = await server.agent('agent')
    supervisor = await server.agent('supervisor')
    config = { name: 'Corp LDAP', flavour: 'openldap', url: ldap.url, bindDn: ldap.bindDn, bindPassword: ldap.bindPassword, baseDns: [`ou=people,${ldap.baseDn}`, `ou=groups,${ldap.baseDn}`], syncMinutes: 0 }
    desk = testDesk(undefined, undefined, { realClock: true })
    await desk.call('sync.signIn', { serverUrl: server.url, email: agent.email, password: 'correct horse battery' })
  }, 60_000)
  afterAll(async () => {
    await desk?.close()
    await server?.close()
    await ldap?.stop()
  })

  const ok = async <T,>(response: Promise<Awaited<ReturnType<TestServer['call']>>>, status = 200): Promise<T> => {
    const answer = await response
    expect(answer.status, JSON.stringify(answer.body)).toBe(status)
    return answer.body.value as T
  }
  const ticketFor = async (name: string, email?: string) => {
    const ticket = await desk.call('tickets.create', { subject: `${name} cannot sign in`, channel: 'phone', requester: { name, ...(email ? { email } : {}) } })
    expect(await desk.call('sync.now', {})).toMatchObject({ pending: 0, refused: [] })
    return ticket
  }
  const accountEvents = async (ticketId: string) => (await desk.call('tickets.get', { id: ticketId })).timeline.filter((e) => e.data.kind === 'account')

  it('an admin configures the directory: refused without TLS beyond loopback, a wrong password and an unreachable one said plainly, the password sealed at rest', async () => {
    const plain = await server.call('PUT', `/api/directories/${directoryId}`, admin.token, { ...config, url: 'ldap://dc1.corp.example' })
    expect(plain.status).toBe(400)
    expect(JSON.stringify(plain.body.error)).toMatch(/ldaps:\/\/, or turn on StartTLS/)
    expect((await server.call('PUT', `/api/directories/${directoryId}`, agent.token, config)).status).toBe(403)

    const wrong = await ok<{ ok: boolean; message: string }>(server.call('POST', `/api/directories/${directoryId}/test`, admin.token, { ...config, bindPassword: 'not-it' }))
    expect(wrong).toMatchObject({ ok: false, message: 'Corp LDAP refused the service account’s bind DN or password.' })
    const nowhere = await ok<{ ok: boolean; message: string }>(server.call('POST', `/api/directories/${directoryId}/test`, admin.token, { ...config, url: 'ldap://127.0.0.1:1' }))
    expect(nowhere).toMatchObject({ ok: false, message: expect.stringMatching(/cannot be reached: nothing is listening there/) })
    const good = await ok<{ ok: boolean; people: number }>(server.call('POST', `/api/directories/${directoryId}/test`, admin.token, config))
    expect(good).toMatchObject({ ok: true, people: 5 })

    const saved = await ok<DirectoryInfo>(server.call('PUT', `/api/directories/${directoryId}`, admin.token, config))
    expect(saved).toMatchObject({ name: 'Corp LDAP', flavour: 'openldap', mapping: { account: 'uid', department: 'departmentNumber' }, lastSync: null })
    expect(JSON.stringify(saved)).not.toContain(ldap.bindPassword)
    // Sealed: the database holds neither the password nor anything that decrypts without the server's key.
    const stored = (await server.pool.query<{ secret: Buffer }>('SELECT bind_secret AS secret FROM directories')).rows[0]!.secret
    expect(stored.includes(Buffer.from(ldap.bindPassword))).toBe(false)
    expect(stored.length).toBeGreaterThan(28)
    // An edit without a password keeps the stored one.
    const withoutPassword = Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'bindPassword'))
    await ok(server.call('PUT', `/api/directories/${directoryId}`, admin.token, { ...withoutPassword, name: 'Corp LDAP' }))
    expect(await ok(server.call('POST', `/api/directories/${directoryId}/test`, admin.token, withoutPassword))).toMatchObject({ ok: true })
  })

  it('syncs people in, links a requester a desk logged by hand instead of duplicating her, then reads only what changed and marks who left', async () => {
    const maria = await ticketFor('Maria O.', 'Maria.Ortiz@corp.example')
    const first = await ok<SyncReport>(server.call('POST', `/api/directories/${directoryId}/sync`, admin.token))
    expect(first).toMatchObject({ full: true, error: null, counts: { read: 5, created: 4, linked: 1, updated: 0, removed: 0 } })

    await desk.call('sync.now', {})
    const requester = (await desk.call('tickets.get', { id: maria.id })).requester
    expect(requester).toMatchObject({ name: 'Maria Ortiz', email: 'maria.ortiz@corp.example', department: 'Finance', title: 'Accountant', location: 'Berlin 3.14', manager: 'Jun Chen', accountName: 'mortiz', directoryState: 'active' })

    await withClient(ldap.url, ldap.adminDn, ldap.adminPassword, async (client) => {
      await client.modify(ldap.dn('jchen'), new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: ['Head of IT'] }) }))
      await client.del(ldap.dn('gone'))
    })
    const second = await ok<SyncReport>(server.call('POST', `/api/directories/${directoryId}/sync`, admin.token))
    expect(second).toMatchObject({ full: false, error: null, counts: { created: 0, updated: 1, removed: 1, linked: 0 } })
    expect(second.counts.read).toBeLessThan(first.counts.read)
    const gone = (await server.pool.query("SELECT name, directory_state FROM people WHERE account_name = 'gone'")).rows
    expect(gone).toEqual([{ name: 'Gary One', directory_state: 'removed' }])
    const list = await ok<{ directories: DirectoryInfo[] }>(server.call('GET', '/api/directories', admin.token))
    expect(list.directories[0]).toMatchObject({ people: 4, running: null, lastSync: { full: false, counts: { removed: 1 } } })

    // A newcomer arrives; once the directory disables them, desks see it on the requester.
    const tom = `uid=tnew,ou=people,${ldap.baseDn}`
    await withClient(ldap.url, ldap.adminDn, ldap.adminPassword, (client) =>
      client.add(tom, { objectClass: ['inetOrgPerson'], uid: 'tnew', cn: 'Tom New', sn: 'New', mail: 'tnew@corp.example', title: 'Intern' })
    )
    expect(await ok<SyncReport>(server.call('POST', `/api/directories/${directoryId}/sync`, admin.token))).toMatchObject({ counts: { created: 1, disabled: 0, removed: 0 } })
    await withClient(ldap.url, ldap.bindDn, ldap.bindPassword, (client) =>
      client.modify(tom, new Change({ operation: 'replace', modification: new Attribute({ type: 'pwdAccountLockedTime', values: ['000001010000Z'] }) }))
    )
    expect(await ok<SyncReport>(server.call('POST', `/api/directories/${directoryId}/sync`, admin.token))).toMatchObject({ counts: { created: 0, updated: 1, disabled: 1 } })
    await desk.call('sync.now', {})
    const intern = await ticketFor('Tom New', 'tnew@corp.example')
    expect((await desk.call('tickets.get', { id: intern.id })).requester).toMatchObject({ name: 'Tom New', title: 'Intern', directoryState: 'disabled' })
  })

  it('shows a locked requester’s account, and unlocks it only after the verification, on the ticket’s timeline', async () => {
    const ticket = await ticketFor('Lena Park', 'lpark@corp.example')
    expect(await canBind(ldap.url, ldap.dn('lpark'), ldap.userPassword)).toBe(false)
    const { requester } = await desk.call('tickets.get', { id: ticket.id })
    const looked = await desk.call('account.lookup', { personId: requester.id })
    expect(looked.account).toMatchObject({ accountName: 'lpark', enabled: true, locked: true, groups: ['Finance'], protectedBecause: null })
    expect(Date.parse(looked.account!.lockedSince!)).toBeGreaterThan(Date.now() - 10 * 60_000)
    expect(looked.allowed).toEqual(['unlock', 'reset'])

    const unverified = await desk.core.dispatch('account.act', { personId: requester.id, ticketId: ticket.id, action: 'unlock', checks: checks.slice(0, 1) })
    expect(unverified).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/Confirm first: Called back/) } })
    expect(await canBind(ldap.url, ldap.dn('lpark'), ldap.userPassword)).toBe(false)

    const unlocked = await desk.call('account.act', { personId: requester.id, ticketId: ticket.id, action: 'unlock', checks })
    expect(unlocked).toMatchObject({ password: null, account: { locked: false, lockedSince: null } })
    // Her old failures went with the lock: a typo on her first try does not lock her out again.
    expect(await canBind(ldap.url, ldap.dn('lpark'), 'typo')).toBe(false)
    expect(await canBind(ldap.url, ldap.dn('lpark'), ldap.userPassword)).toBe(true)
    await desk.call('sync.now', {})
    const [entry] = await accountEvents(ticket.id)
    expect(entry).toMatchObject({ author: { name: 'Test agent' }, data: { kind: 'account', action: 'unlock', account: 'lpark', directory: 'Corp LDAP', checks, mustChange: false } })
  })

  it('resets a password to a generated one the requester must change, stored and logged nowhere', async () => {
    const ticket = await ticketFor('Maria Ortiz', 'maria.ortiz@corp.example')
    const { requester } = await desk.call('tickets.get', { id: ticket.id })
    const reset = await desk.call('account.act', { personId: requester.id, ticketId: ticket.id, action: 'reset', checks })
    expect(reset.password).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/)
    expect(reset.account).toMatchObject({ mustChangePassword: true })
    // The default policy's 90 days, counted from the reset.
    expect(Date.parse(reset.account.passwordExpires!) - Date.parse(reset.account.passwordLastSet!)).toBe(90 * 24 * 3600_000)
    expect(await canBind(ldap.url, ldap.dn('mortiz'), ldap.userPassword)).toBe(false)
    expect(await canBind(ldap.url, ldap.dn('mortiz'), reset.password!)).toBe(true)
    const flags = await withClient(ldap.url, ldap.adminDn, ldap.adminPassword, async (client) => (await client.search(ldap.dn('mortiz'), { scope: 'base', attributes: ['pwdReset'] })).searchEntries[0])
    expect(flags).toMatchObject({ pwdReset: 'TRUE' })

    // Nowhere in the server's database: every text of every table.
    const tables = (await server.pool.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.t)
    for (const table of tables) {
      const hits = (await server.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} x WHERE x::text LIKE '%' || $1 || '%'`, [reset.password])).rows[0]!.n
      expect(hits, table).toBe(0)
    }
    await desk.call('sync.now', {})
    const [entry] = await accountEvents(ticket.id)
    expect(entry!.data).toMatchObject({ action: 'reset', mustChange: true, checks })
    expect(JSON.stringify(await desk.call('tickets.get', { id: ticket.id }))).not.toContain(reset.password)
  })

  it('refuses a protected account with the reason, a role the policy does not allow, and lets a supervisor disable and enable', async () => {
    const protectedTicket = await ticketFor('Dora Admin', 'dadmin@corp.example')
    const dora = (await desk.call('tickets.get', { id: protectedTicket.id })).requester
    const looked = await desk.call('account.lookup', { personId: dora.id })
    expect(looked).toMatchObject({ allowed: [], account: { protectedBecause: expect.stringMatching(/member of Domain Admins, a protected group/) } })
    const refused = await desk.core.dispatch('account.act', { personId: dora.id, ticketId: protectedTicket.id, action: 'reset', checks })
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/Domain Admins/) } })
    expect(await canBind(ldap.url, ldap.dn('dadmin'), ldap.userPassword)).toBe(true)

    const ticket = await ticketFor('Jun Chen', 'jchen@corp.example')
    const jun = (await desk.call('tickets.get', { id: ticket.id })).requester
    const byAgent = await desk.core.dispatch('account.act', { personId: jun.id, ticketId: ticket.id, action: 'disable', checks: [] })
    expect(byAgent).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'The team’s policy does not let a agent disable directory accounts.' } })
    const disabled = await ok<{ account: { enabled: boolean } }>(server.call('POST', `/api/people/${jun.id}/account`, supervisor.token, { action: 'disable', ticketId: ticket.id }))
    expect(disabled.account.enabled).toBe(false)
    expect(await canBind(ldap.url, ldap.dn('jchen'), ldap.userPassword)).toBe(false)
    const lookup = await ok<AccountLookup>(server.call('GET', `/api/people/${jun.id}/account`, supervisor.token))
    expect(lookup).toMatchObject({ account: { enabled: false, locked: false }, allowed: ['reset', 'enable'] })
    await ok(server.call('POST', `/api/people/${jun.id}/account`, supervisor.token, { action: 'enable', ticketId: ticket.id }))
    expect(await canBind(ldap.url, ldap.dn('jchen'), ldap.userPassword)).toBe(true)
    // Nor its own service account, whatever groups it is in.
    const stored = await loadDirectory(server.pool, directoryId)
    const client = await connectDirectory(stored, ldap.bindPassword)
    const self = await readAccount(client, stored, ldap.bindDn, Date.now())
    await client.unbind()
    expect(self?.account.protectedBecause).toBe('It is the desk server’s own service account.')
    // The next sync sees the directory's own state.
    await ok(server.call('POST', `/api/directories/${directoryId}/sync`, admin.token))
    await desk.call('sync.now', {})
    expect((await accountEvents(ticket.id)).map((e) => e.data.kind === 'account' && e.data.action)).toEqual(['disable', 'enable'])
  })

  it('syncs each directory on its own interval: not before it has passed, then by itself', async () => {
    await ok(server.call('PUT', `/api/directories/${directoryId}`, admin.token, { ...config, syncMinutes: 60 }))
    const last = (await ok<{ directories: DirectoryInfo[] }>(server.call('GET', '/api/directories', admin.token))).directories[0]!.lastSync!
    let now = Date.parse(last.startedAt) + 59 * 60_000
    const schedule = new DirectoryService(server.pool, new SecretBox(server.secretKey), () => now)
    await schedule.syncDue()
    expect((await ok<{ directories: DirectoryInfo[] }>(server.call('GET', '/api/directories', admin.token))).directories[0]!.lastSync).toEqual(last)
    now += 2 * 60_000
    await schedule.syncDue()
    const next = (await ok<{ directories: DirectoryInfo[] }>(server.call('GET', '/api/directories', admin.token))).directories[0]!.lastSync!
    expect(next).toMatchObject({ startedAt: new Date(now).toISOString(), full: false, error: null })
  })

  it('gives hostile and odd input a clear error and changes nothing: an injected name, a vanished user, another requester’s ticket, a dead directory', async () => {
    // A name built to widen the search matches no one: the value is escaped, not spliced into the filter.
    for (const name of ['*)(uid=*', 'Maria Ortiz)(uid=*', '*']) {
      const ticket = await ticketFor(name)
      const person = (await desk.call('tickets.get', { id: ticket.id })).requester
      expect(await desk.call('account.lookup', { personId: person.id }), name).toMatchObject({ account: null, allowed: [] })
    }

    const lena = await ticketFor('Lena Park', 'lpark@corp.example')
    const lenaId = (await desk.call('tickets.get', { id: lena.id })).requester.id
    const other = await ticketFor('Jun Chen', 'jchen@corp.example')
    const wrongTicket = await desk.core.dispatch('account.act', { personId: lenaId, ticketId: other.id, action: 'reset', checks })
    expect(wrongTicket).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/is not this requester’s ticket/) } })

    await withClient(ldap.url, ldap.adminDn, ldap.adminPassword, (client) => client.del(ldap.dn('lpark')))
    const before = (await accountEvents(lena.id)).length
    const vanished = await desk.core.dispatch('account.act', { personId: lenaId, ticketId: lena.id, action: 'reset', checks })
    expect(vanished).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'Lena Park’s account is no longer in Corp LDAP; nothing was changed.' } })
    await desk.call('sync.now', {})
    expect(await accountEvents(lena.id)).toHaveLength(before)

    await ldap.stop()
    const dead = await desk.core.dispatch('account.lookup', { personId: lenaId })
    expect(dead).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringMatching(/Corp LDAP at ldap:\/\/127\.0\.0\.1:\d+ cannot be reached/) } })
    const failedSync = await server.call('POST', `/api/directories/${directoryId}/sync`, admin.token)
    expect(failedSync.status).toBe(503)
    const list = await ok<{ directories: DirectoryInfo[] }>(server.call('GET', '/api/directories', admin.token))
    expect(list.directories[0]!.lastSync).toMatchObject({ error: expect.stringMatching(/cannot be reached/) })
    // Offline, the desk says so rather than guess.
    await desk.call('sync.signOut', {})
    expect(await desk.core.dispatch('account.lookup', { personId: lenaId })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/unavailable offline/) } })
  })
})
