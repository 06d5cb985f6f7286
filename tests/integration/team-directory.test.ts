import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { aroundTheClock, defaultGroups, defaultSlaTargets, officeWeek, type AdminAccount, type AuditEntry, type TeamPolicies } from '../../src/shared/team'
import { testDesk } from '../support/desk'
import { realClockIso } from '../support/test-clock'
import type { TestServer } from '../support/desk-server'
import { suiteServer } from '../support/suite-server'

/** The team's directory owned by a real desk server and copied to real desks. */
describe('a team runs its desk: groups, people and policies from the server', () => {
  const server = suiteServer()
  let admin: Awaited<ReturnType<TestServer['agent']>>
  const desks: Array<ReturnType<typeof testDesk>> = []
  beforeAll(async () => {
    admin = await server.agent('admin')
  })
  afterEach(async () => {
    for (const d of desks.splice(0)) await d.close()
  })

  const serviceDesk = defaultGroups[0]!.id
  const password = 'correct horse battery'
  async function account(name: string, role: 'agent' | 'specialist', groups: string[]): Promise<{ id: string; email: string }> {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}-${uuidv7().slice(-6)}@corp.example`
    const made = await server.call('POST', '/api/accounts', admin.token, { email, name, role, password, groups })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    return { id: (made.body.value as { id: string }).id, email }
  }
  async function deskOf(email: string, background = false) {
    const desk = testDesk('2026-11-23T08:05:00+01:00', background ? { background: true, intervalMs: 60_000 } : { background: false }, { realClock: true })
    desks.push(desk)
    const status = await desk.call('sync.signIn', { serverUrl: server.url, email, password })
    expect(status).toMatchObject({ state: 'online' })
    return desk
  }

  it('an admin makes an L2 group and technician; an L1 escalates to it; the L2 desk sees it under My group; a policy change moves due times alike on both desks', async () => {
    const groupId = uuidv7()
    const made = await server.call('PUT', `/api/groups/${groupId}`, admin.token, { name: 'Endpoint Engineering', tier: 'L2' })
    expect(made.status, JSON.stringify(made.body)).toBe(200)
    const l2 = await account('Priya Nair', 'specialist', [groupId])
    const l1 = await account('Lena Vogel', 'agent', [serviceDesk])

    const lena = await deskOf(l1.email)
    const priya = await deskOf(l2.email)
    // Each desk knows its technician's groups from the server (no one is put in L1 by signing in).
    expect((await lena.call('desk.directory', {})).me.groupIds).toEqual([serviceDesk])
    const priyaDirectory = await priya.call('desk.directory', {})
    expect(priyaDirectory.me.groupIds).toEqual([groupId])
    expect(priyaDirectory.groups.map((g) => g.name)).toContain('Endpoint Engineering')

    const ticket = await lena.call('tickets.create', { subject: 'BitLocker recovery loop on LT-0042', channel: 'phone', requester: { name: 'Maria Ortiz', email: 'maria@corp.example' } })
    await lena.call('tickets.escalate', { id: ticket.id, groupId, handoff: { symptoms: 'Asks for the recovery key at every boot', tried: 'Key entered; TPM cleared', findings: 'TPM firmware 7.2', nextStep: 'Update the TPM firmware' } })
    expect(await lena.call('sync.now', {})).toMatchObject({ pending: 0, refused: [] })
    await priya.call('sync.now', {})
    const me = (await priya.call('desk.directory', {})).me
    const mine = await priya.call('tickets.list', { groupIds: me.groupIds, open: true })
    expect(mine.tickets.map((t) => t.number)).toContain((await lena.call('tickets.get', { id: ticket.id })).ticket.number)

    // The same due time on both desks, from the team's calendar and targets; then a change moves both alike.
    const due = async () => [(await lena.call('tickets.get', { id: ticket.id })).ticket.sla.resolution.dueAt, (await priya.call('tickets.get', { id: ticket.id })).ticket.sla.resolution.dueAt]
    const [before, beforeOnPriya] = await due()
    expect(before).toEqual(expect.any(String))
    expect(beforeOnPriya).toBe(before)
    const tighter: TeamPolicies = { calendar: officeWeek('Europe/Berlin'), sla: { ...defaultSlaTargets, P4: { firstResponseMinutes: 60, resolutionMinutes: 600 } }, overrides: [], autoCloseDays: 5, attachmentMb: 25 }
    expect((await server.call('PUT', '/api/team/policies', admin.token, tighter)).status).toBe(200)
    await lena.call('sync.now', {})
    await priya.call('sync.now', {})
    const [after, afterOnPriya] = await due()
    expect(after).not.toBe(before)
    expect(afterOnPriya).toBe(after)
    expect(Date.parse(after!)).toBeLessThan(Date.parse(before!))

    // A desk joining now had its own (office-hours) targets: it says once that the team's replaced them.
    const late = await deskOf((await account('Mia Roth', 'agent', [serviceDesk])).email)
    expect((await late.call('sync.status', {})).lastError).toMatch(/own groups, business hours and SLA targets were replaced by the team's/)

    // Who did what, for admins.
    const audit = (await server.call('GET', '/api/audit', admin.token)).body.value as AuditEntry[]
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['group.save', 'account.create', 'policies.save']))
  })

  it('disabling an account revokes its devices at once: its desk is signed out within seconds, its live channel closed', async () => {
    const sam = await account('Sam Okafor', 'agent', [serviceDesk])
    const desk = await deskOf(sam.email, true)
    const accounts = (await server.call('GET', '/api/accounts', admin.token)).body.value as AdminAccount[]
    expect(accounts.find((a) => a.id === sam.id)).toMatchObject({ active: true, groups: [serviceDesk], devices: [expect.objectContaining({ name: expect.stringContaining('Frontline on') })] })
    // Let the background loop open its live channel.
    await new Promise((r) => setTimeout(r, 500))
    const disabled = await server.call('PATCH', `/api/accounts/${sam.id}`, admin.token, { active: false })
    expect(disabled.body.value).toEqual({ revokedDevices: 1 })
    const deadline = Date.now() + 15_000
    let status = await desk.call('sync.status', {})
    while (status.state !== 'local' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100))
      status = await desk.call('sync.status', {})
    }
    expect(status).toMatchObject({ state: 'local', lastError: expect.stringMatching(/^Signed out by the desk server/) })
    // Signing in again is refused, with the reason, only to someone who knows the password.
    expect((await server.call('GET', '/api/accounts', admin.token)).body.value).toEqual(expect.arrayContaining([expect.objectContaining({ id: sam.id, active: false, devices: [] })]))
    const again = await server.call('POST', '/api/session', undefined, { email: sam.email, password, deviceName: 'x' })
    expect([again.status, again.body.error?.message]).toEqual([403, 'This account is disabled. Ask an admin of the desk.'])
    const wrong = await server.call('POST', '/api/session', undefined, { email: sam.email, password: 'not the password', deviceName: 'x' })
    expect(wrong.status).toBe(401)
  })

  it('refuses what an admin form would refuse, with the same messages, and never orphans a ticket', async () => {
    const bad = await server.call('PUT', `/api/groups/${uuidv7()}`, admin.token, { name: ' ', tier: 'L4' })
    expect(bad.status).toBe(400)
    expect(bad.body.error?.code).toBe('INVALID_INPUT')
    const dup = await server.call('PUT', `/api/groups/${uuidv7()}`, admin.token, { name: 'service desk', tier: 'L1' })
    expect([dup.status, dup.body.error?.message]).toEqual([409, 'A group named service desk exists already.'])
    const badPolicy = await server.call('PUT', '/api/team/policies', admin.token, { calendar: { timeZone: 'Mars/Olympus', hours: {}, holidays: [] }, sla: defaultSlaTargets })
    expect(badPolicy.status).toBe(400)
    // The shared lists and account changes, sent raw as a hostile client would: each refused by its schema, nothing stored.
    const hostile: Array<[string, string, unknown]> = [
      ['PUT', '/api/team/canned', [{ id: uuidv7(), title: 'Hi\u0000there', body: 'x' }]],
      ['PUT', '/api/team/canned', Array.from({ length: 501 }, () => ({ id: uuidv7(), title: 'Hi', body: 'x' }))],
      ['PUT', '/api/team/synonyms', [['pw']]],
      ['PUT', '/api/team/synonyms', [['pass word', 'password']]],
      ['PUT', '/api/team/refresh', { laptop: 99, desktop: 5, server: 6, 'virtual machine': null, other: null }],
      ['PATCH', `/api/accounts/${admin.accountId}`, { role: 'owner' }],
      ['PATCH', `/api/accounts/${admin.accountId}`, {}],
      ['POST', '/api/accounts', { email: 'x@corp.example', name: 'X', role: 'agent', password: 'twelve chars min', groups: ['not-a-group'] }]
    ]
    const before = await server.pool.query("SELECT count(*)::int AS n FROM team_settings WHERE key IN ('canned', 'synonyms', 'refresh')")
    for (const [method, path, body] of hostile) {
      const answer = await server.call(method, path, admin.token, body)
      expect([path, answer.status, answer.body.error?.code]).toEqual([path, 400, 'INVALID_INPUT'])
    }
    expect((await server.pool.query("SELECT count(*)::int AS n FROM team_settings WHERE key IN ('canned', 'synonyms', 'refresh')")).rows[0].n).toBe(before.rows[0].n)
    // A group id that does not exist: refused by the server's own check, not stored.
    const ghost = await server.call('POST', '/api/accounts', admin.token, { email: `ghost-${uuidv7().slice(-6)}@corp.example`, name: 'Ghost', role: 'agent', password: 'twelve chars min', groups: [uuidv7()] })
    expect([ghost.status, ghost.body.error?.message]).toEqual([400, 'A group is not one of this desk server’s groups.'])
    expect((await server.pool.query("SELECT count(*)::int AS n FROM accounts WHERE name = 'Ghost'")).rows[0].n).toBe(0)

    // An admin cannot lock themself out.
    const self = await server.call('PATCH', `/api/accounts/${admin.accountId}`, admin.token, { active: false })
    expect(self.status).toBe(403)

    // A group holding an open ticket is removed only by naming where its tickets go.
    const doomed = uuidv7()
    await server.call('PUT', `/api/groups/${doomed}`, admin.token, { name: 'Printers (old)', tier: 'L2' })
    const l1 = await account('Ana Silva', 'agent', [serviceDesk])
    const ana = await deskOf(l1.email)
    await ana.call('sync.now', {})
    const ticket = await ana.call('tickets.create', { subject: 'Printer 3F jams', channel: 'walk-in', requester: { name: 'Olu Adeyemi' } })
    await ana.call('tickets.escalate', { id: ticket.id, groupId: doomed, handoff: { symptoms: 'Jams', tried: 'Cleared tray', findings: 'Worn roller', nextStep: 'Replace roller' } })
    await ana.call('sync.now', {})
    const refused = await server.call('DELETE', `/api/groups/${doomed}`, admin.token)
    expect([refused.status, refused.body.error?.message]).toEqual([409, 'Printers (old) still holds 1 open ticket: say which group they move to.'])
    const moved = await server.call('DELETE', `/api/groups/${doomed}?moveTo=${serviceDesk}`, admin.token)
    expect(moved.body.value).toEqual({ removed: true, moved: 1 })
    await ana.call('sync.now', {})
    expect((await ana.call('tickets.get', { id: ticket.id })).ticket.group?.id).toBe(serviceDesk)
    expect((await ana.call('desk.directory', {})).groups.map((g) => g.name)).not.toContain('Printers (old)')
  })

  it('canned responses, KB synonyms and the refresh policy are the team’s: a lead sets them once and every desk has them', async () => {
    const lead = await server.agent('supervisor')
    const l1 = await account('Tom Weber', 'agent', [serviceDesk])
    const tom = await deskOf(l1.email)
    await tom.call('kb.save', { title: 'Docking station not charging', body: 'Reseat the USB-C cable, then update the dock firmware.', status: 'published' })
    expect(await tom.call('kb.search', { text: 'replicator' })).toEqual([])
    // Tom's own saved reply, kept beside whatever the team sets.
    await tom.call('canned.savePersonal', { title: 'My VPN checklist', body: 'Reinstall the profile, then try the backup gateway.' })
    const canned = [{ id: uuidv7(), title: 'Parts ordered', body: 'Hi {requester.firstName}, the part for {ticket.number} is ordered.' }]
    expect((await server.call('PUT', '/api/team/canned', lead.token, canned)).status).toBe(200)
    expect((await server.call('PUT', '/api/team/synonyms', lead.token, [['dock', 'replicator', 'docking']])).status).toBe(200)
    const refresh = { laptop: 3, desktop: 5, server: 7, 'virtual machine': null, other: null }
    expect((await server.call('PUT', '/api/team/refresh', lead.token, refresh)).status).toBe(200)
    await tom.call('sync.now', {})
    const held = (await tom.call('desk.directory', {})).canned
    expect(held.map((c) => [c.title, c.personal])).toEqual([
      ['Parts ordered', false],
      ['My VPN checklist', true]
    ])
    // The team's are not his to remove.
    await expect(tom.call('canned.removePersonal', { id: held.find((c) => !c.personal)!.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect((await tom.call('kb.search', { text: 'replicator' })).map((h) => h.title)).toEqual(['Docking station not charging'])
    expect(await tom.call('inventory.lifecycle', {})).toEqual(refresh)
    // An agent's desk cannot change the team's refresh policy: the server refuses, and nothing changes locally.
    await expect(tom.call('inventory.setLifecycle', { ...refresh, laptop: 9 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(await tom.call('inventory.lifecycle', {})).toEqual(refresh)
  })

  it('revoking one device closes that device’s live channel at once, and only its own', async () => {
    const kim = await account('Kim Lee', 'agent', [serviceDesk])
    const open = async () => {
      const signedIn = (await server.call('POST', '/api/session', undefined, { email: kim.email, password, deviceName: 'laptop' })).body.value as { token: string; deviceId: string }
      const response = await fetch(`${server.url}/api/events`, { headers: { authorization: `Bearer ${signedIn.token}` } })
      const reader = response.body!.getReader()
      await reader.read()
      // Resolves when the server ends the stream.
      const ended = (async () => {
        for (let r = await reader.read(); !r.done; r = await reader.read());
        return true
      })()
      return { ...signedIn, ended, reader }
    }
    const [revoked, kept] = [await open(), await open()]
    expect((await server.call('DELETE', `/api/devices/${revoked.deviceId}`, admin.token)).status).toBe(200)
    expect(await revoked.ended).toBe(true)
    const stillOpen = await Promise.race([kept.ended, new Promise((r) => setTimeout(() => r('open'), 500))])
    expect(stillOpen).toBe('open')
    await kept.reader.cancel()
  })

  it('an admin resets a password: the devices are signed out, the one-time password works once, and the person chooses their own as they sign in', async () => {
    const ola = await account('Ola Nordmann', 'agent', [serviceDesk])
    const desk = await deskOf(ola.email)
    const reset = await server.call('POST', `/api/accounts/${ola.id}/password`, admin.token)
    const oneTime = (reset.body.value as { password: string }).password
    expect(oneTime).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/)
    expect((await desk.call('sync.now', {})).state).toBe('local')
    // Through the desk, as the sign-in dialog calls it: the server asks for a new password, by field.
    const asked = await desk.core.dispatch('sync.signIn', { serverUrl: server.url, email: ola.email, password: oneTime })
    expect(asked).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'newPassword' }] } })
    const same = await desk.core.dispatch('sync.signIn', { serverUrl: server.url, email: ola.email, password: oneTime, newPassword: oneTime })
    expect(same).toMatchObject({ ok: false, error: { issues: [{ path: 'newPassword', message: 'Choose a password other than the one you were given.' }] } })
    const mine = 'my own long passphrase'
    expect(await desk.call('sync.signIn', { serverUrl: server.url, email: ola.email, password: oneTime, newPassword: mine })).toMatchObject({ state: 'online' })
    expect((await server.call('POST', '/api/session', undefined, { email: ola.email, password: oneTime, deviceName: 'x' })).status).toBe(401)
    expect((await server.call('POST', '/api/session', undefined, { email: ola.email, password: mine, deviceName: 'x' })).status).toBe(201)
    const audit = (await server.call('GET', '/api/audit', admin.token)).body.value as AuditEntry[]
    expect(audit.find((e) => e.action === 'account.resetPassword')).toMatchObject({ target: ola.email })
    expect(JSON.stringify(audit)).not.toContain(oneTime)
  })

  it('an exception for one group, with its own around-the-clock hours, gives its tickets their own due times on every desk', async () => {
    const infrastructure = defaultGroups[4]!.id
    const a = await account('Eva Lind', 'agent', [serviceDesk])
    const b = await account('Noah Berg', 'specialist', [infrastructure])
    const eva = await deskOf(a.email)
    const noah = await deskOf(b.email)
    // Monday 08:05 in Berlin on both desks' clocks.
    const down = await eva.call('tickets.create', { subject: 'Core switch in rack B4 down', channel: 'phone', requester: { name: 'Facility desk' } })
    const other = await eva.call('tickets.create', { subject: 'Mouse double-clicks', channel: 'phone', requester: { name: 'Facility desk' } })
    await eva.call('tickets.escalate', { id: down.id, groupId: infrastructure, handoff: { symptoms: 'No link on B4', tried: 'Power-cycled', findings: 'Uplink dark', nextStep: 'Replace the module' } })
    await eva.call('sync.now', {})
    const before = (await eva.call('tickets.get', { id: other.id })).ticket.sla.resolution.dueAt
    // The team's hours and targets as they stand (earlier tests changed them), plus one exception.
    const current = ((await server.call('GET', '/api/team', admin.token)).body.value as { policies: TeamPolicies }).policies
    const policies: TeamPolicies = {
      ...current,
      overrides: [{ id: uuidv7(), groupId: infrastructure, type: null, calendar: aroundTheClock('Europe/Berlin'), sla: { P4: { firstResponseMinutes: 30, resolutionMinutes: 120 } } }]
    }
    expect((await server.call('PUT', '/api/team/policies', admin.token, policies)).status).toBe(200)
    await eva.call('sync.now', {})
    await noah.call('sync.now', {})
    for (const desk of [eva, noah]) {
      expect((await desk.call('tickets.get', { id: down.id })).ticket.sla.resolution.dueAt).toBe(realClockIso('2026-11-23T09:05:00.000Z'))
      expect((await desk.call('tickets.get', { id: other.id })).ticket.sla.resolution.dueAt).toBe(before)
    }
  })
})
