import { afterAll, describe, expect, it } from 'vitest'
import { testDesk } from '../support/desk'

/** Recurring incidents on a real desk: proposed as a problem, made one in a step, or dismissed for good. */
describe('candidate problems from recurring incidents', () => {
  const desk = testDesk('2026-11-23T08:05:00+01:00')
  afterAll(() => desk.close())

  const log = async (local: string, subject: string, description = '') => {
    desk.at(local)
    return (await desk.call('tickets.create', { subject, description, channel: 'phone', requester: { name: 'Remote Worker' } })).id
  }

  it('proposes the group, makes it a problem explaining each incident, and proposes it no more', async () => {
    const vpn = [
      await log('2026-11-23T09:00', 'VPN fails with error 809', 'Since Monday’s update, at home.'),
      await log('2026-11-23T10:30', 'Cannot connect to VPN: error 809', 'Home Wi-Fi, Windows 11.'),
      await log('2026-11-24T08:40', 'VPN error 809 after update'),
      await log('2026-11-24T13:00', 'vpn 809 again', 'Worked last week.'),
      await log('2026-11-25T09:10', 'VPN connection fails (809)', 'Laptop updated yesterday.'),
      await log('2026-11-26T11:00', 'Error 809 when starting the VPN')
    ]
    for (const [k, subject] of ['Printer on 2F out of toner', 'New starter needs a laptop', 'Outlook calendar shows the wrong time zone', 'Badge reader at the back door', 'Excel crashes on a large file'].entries()) {
      await log(`2026-11-2${3 + k}T15:00`, subject)
    }
    desk.at('2026-11-27T09:00')
    const [candidate, ...others] = await desk.call('problems.candidates', {})
    expect(others).toEqual([])
    expect(candidate!.incidents.map((i) => i.id).sort()).toEqual([...vpn].sort())
    expect(candidate!.terms).toContain('809')
    expect(candidate!.application).toBe('VPN')

    const problem = await desk.call('problems.fromCandidate', { incidentIds: vpn, subject: 'Recurring: VPN error 809 after the update' })
    expect(problem).toMatchObject({ type: 'problem', subject: 'Recurring: VPN error 809 after the update' })
    const detail = await desk.call('tickets.get', { id: problem.id })
    expect(detail.links.filter((l) => l.relation === 'explains').map((l) => l.id).sort()).toEqual([...vpn].sort())
    expect(detail.ticket.description).toContain('6 incidents with one cause')
    expect((await desk.call('tickets.get', { id: vpn[0]! })).links).toMatchObject([{ id: problem.id, relation: 'explained_by' }])
    expect(await desk.call('problems.candidates', {})).toEqual([])
  })

  it('keeps the problem’s record, and offers a known error’s workaround on every incident it explains', async () => {
    const [problem] = (await desk.call('tickets.list', { types: ['problem'] })).tickets
    const incident = (await desk.call('tickets.get', { id: problem!.id })).links[0]!.id
    await expect(desk.call('tickets.update', { id: problem!.id, rootCause: 'The update replaced the VPN profile', knownError: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await desk.call('tickets.update', { id: problem!.id, rootCause: 'The update replaced the VPN profile', workaround: 'Re-import the VPN profile from the portal.', knownError: true })
    expect((await desk.call('tickets.get', { id: problem!.id })).ticket.problem).toEqual({ rootCause: 'The update replaced the VPN profile', workaround: 'Re-import the VPN profile from the portal.', knownError: true })
    expect((await desk.call('tickets.get', { id: incident })).knownErrors).toEqual([{ id: problem!.id, number: problem!.number, subject: problem!.subject, workaround: 'Re-import the VPN profile from the portal.' }])
    await expect(desk.call('tickets.update', { id: incident, rootCause: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' })
  })

  it('resolves the open incidents of a fixed problem with its fix, or tells their requesters', async () => {
    const [problem] = (await desk.call('tickets.list', { types: ['problem'] })).tickets
    const incidents = (await desk.call('tickets.get', { id: problem!.id })).links.map((l) => l.id)
    await expect(desk.call('problems.settleIncidents', { id: problem!.id, how: 'resolve', message: 'Fixed.' })).rejects.toMatchObject({ code: 'CONFLICT' })
    desk.at('2026-11-27T10:00')
    await desk.call('tickets.setStatus', { id: incidents[0]!, status: 'resolved', resolution: { code: 'workaround', notes: 'Profile re-imported.' } })
    await desk.call('tickets.setStatus', { id: problem!.id, status: 'resolved', resolution: { code: 'solved', notes: 'VPN profile fixed in the update package.' } })
    expect(await desk.call('problems.settleIncidents', { id: problem!.id, how: 'notify', message: 'The cause has been fixed.' })).toEqual({ settled: 5, skipped: 0 })
    expect((await desk.call('tickets.get', { id: incidents[1]! })).timeline.at(-1)?.data).toMatchObject({ kind: 'reply', body: 'The cause has been fixed.' })
    expect(await desk.call('problems.settleIncidents', { id: problem!.id, how: 'resolve', message: 'Resolved with the problem’s fix.' })).toEqual({ settled: 5, skipped: 0 })
    const statuses = await Promise.all(incidents.map(async (id) => (await desk.call('tickets.get', { id })).ticket))
    expect(statuses.map((t) => t.status)).toEqual(Array(6).fill('resolved'))
    expect(statuses.slice(1).map((t) => t.resolutionNotes)).toEqual(Array(5).fill('Resolved with the problem’s fix.'))
  })

  it('keeps a dismissed group dismissed, even when another like it arrives', async () => {
    const teams = [
      await log('2026-11-30T09:00', 'Teams meeting has no audio'),
      await log('2026-11-30T10:00', 'No sound in Teams calls'),
      await log('2026-11-30T11:00', 'Teams audio missing in meetings'),
      await log('2026-12-01T09:00', 'Cannot hear anyone in Teams meeting'),
      await log('2026-12-01T10:00', 'Teams meeting audio not working')
    ]
    desk.at('2026-12-01T12:00')
    const [candidate] = await desk.call('problems.candidates', {})
    expect(candidate!.incidents.map((i) => i.id).sort()).toEqual([...teams].sort())
    await desk.call('problems.dismiss', { incidentIds: teams, title: candidate!.title })
    await log('2026-12-01T13:00', 'No audio in Teams meeting again')
    desk.at('2026-12-01T14:00')
    expect(await desk.call('problems.candidates', {})).toEqual([])
  })

  it('refuses to make a problem of fewer than two incidents', async () => {
    const one = await log('2026-12-02T09:00', 'Lone ticket')
    await expect(desk.call('problems.fromCandidate', { incidentIds: [one, '0190c0de-0000-7000-8000-00000000ffff'], subject: 'Nothing' })).rejects.toMatchObject({ code: 'CONFLICT' })
  })
})

describe('a problem record through the desk server', () => {
  it('reaches the other desks, and its known error’s workaround with it', async () => {
    const { startTestServer } = await import('../support/desk-server')
    const server = await startTestServer()
    const [lead, agent] = [testDesk(new Date()), testDesk(new Date())]
    try {
      for (const [desk, role] of [[lead, 'supervisor'], [agent, 'agent']] as const) {
        const account = await server.agent(role)
        await desk.call('sync.signIn', { serverUrl: server.url, email: account.email, password: 'correct horse battery' })
      }
      const ids = []
      for (const subject of ['Scanner on 1F sends blank pages', 'Blank pages from the 1F scanner']) {
        ids.push((await lead.call('tickets.create', { subject, channel: 'phone', requester: { name: 'Office Manager' } })).id)
      }
      const problem = await lead.call('problems.fromCandidate', { incidentIds: ids, subject: 'Recurring: 1F scanner sends blank pages' })
      await lead.call('tickets.update', { id: problem.id, rootCause: 'Dirty glass on the feeder', workaround: 'Scan from the flatbed.', knownError: true })
      expect(await lead.call('sync.now', {})).toMatchObject({ pending: 0, refused: [] })
      await agent.call('sync.now', {})
      expect((await agent.call('tickets.get', { id: problem.id })).ticket.problem).toEqual({ rootCause: 'Dirty glass on the feeder', workaround: 'Scan from the flatbed.', knownError: true })
      expect((await agent.call('tickets.get', { id: ids[0]! })).knownErrors).toMatchObject([{ id: problem.id, workaround: 'Scan from the flatbed.' }])

      // A group one supervisor dismisses is not proposed to anyone else either.
      for (const subject of ['Teams meeting has no audio', 'No sound in Teams calls', 'Teams audio missing in meetings', 'Cannot hear anyone in Teams meeting', 'Teams meeting audio not working']) {
        await agent.call('tickets.create', { subject, channel: 'phone', requester: { name: 'Sales Rep' } })
      }
      await agent.call('sync.now', {})
      await lead.call('sync.now', {})
      const [teams] = await lead.call('problems.candidates', {})
      expect(teams?.incidents).toHaveLength(5)
      await lead.call('problems.dismiss', { incidentIds: teams!.incidents.map((i) => i.id), title: teams!.title })
      expect(await lead.call('sync.now', {})).toMatchObject({ pending: 0, refused: [] })
      expect(await agent.call('problems.candidates', {})).toHaveLength(1)
      await agent.call('sync.now', {})
      expect(await agent.call('problems.candidates', {})).toEqual([])
    } finally {
      await lead.close()
      await agent.close()
      await server.close()
    }
  }, 60_000)
})
