import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importTextLimit } from '../../src/shared/limits'
import { contract, methodNames, type Method } from '../../src/shared/contract'
import { openFrontlineCore, type FrontlineCore } from '../../src/main/core/frontline-core'
import { tempDir } from '../support/temp-dir'

/** For every method, inputs a careless or hostile caller might send. Typed so a new method needs its row. */
const someId = '0190a2b4-0000-7000-8000-000000000000'
const invalidInputs = {
  'desk.status': [{ extra: true }, 'status', 42],
  'desk.loadSample': [{ force: true }, []],
  'desk.directory': [{ all: true }],
  'tickets.list': [{ limit: 0 }, { limit: 'all' }, { limit: 1e9 }, { statuses: ['open'] }, { sort: 'random' }, { assignee: 'everyone' }, { dueBefore: 'tomorrow' }],
  'tickets.get': [{}, { id: 'INC-1042' }, { id: "'; DROP TABLE tickets; --" }],
  'tickets.markSeen': [{}, { id: 42 }, { id: someId, at: 'now' }],
  'drafts.get': [{}, { id: 'INC-1042' }],
  'drafts.save': [
    { id: someId, visibility: 'secret', body: 'x', minutes: null, eta: null },
    { id: someId, visibility: 'public', body: 'x'.repeat(20_001), minutes: null, eta: null },
    { id: someId, visibility: 'public', body: 'x', minutes: 0, eta: null },
    { id: someId, visibility: 'public', body: 'x', minutes: null, eta: 'tomorrow' },
    { id: someId, visibility: 'public', body: 'x', minutes: null, eta: null, sync: true }
  ],
  'drafts.clear': [{}, { id: 7 }],
  'drafts.list': [{ all: true }],
  'tickets.search': [{ query: '' }, { query: 'x'.repeat(201) }, { query: 'vpn', limit: 0 }],
  'tickets.create': [
    {},
    { subject: '   ', channel: 'phone', requester: { name: 'Maria' } },
    { subject: 'Printer', channel: 'fax', requester: { name: 'Maria' } },
    { subject: 'Printer', channel: 'phone', requester: {} },
    { subject: 'Printer', channel: 'phone', requester: { name: 'Maria', email: 'not-an-email' } },
    { subject: 'x'.repeat(301), channel: 'phone', requester: { name: 'Maria' } },
    { subject: 'Printer', channel: 'phone', requester: { name: 'Maria' }, status: 'closed' },
    { subject: 'Printer', channel: 'phone', requester: { name: 'Maria' }, impact: 'huge' }
  ],
  'tickets.update': [{ id: someId, subject: '' }, { id: someId, urgency: 'now' }, { id: someId, priority: 'P1' }],
  'tickets.overridePriority': [{ id: someId, priority: 'P0', reason: 'x' }, { id: someId, priority: 'P1', reason: ' ' }],
  'tickets.setStatus': [{ id: someId, status: 'done' }, { id: someId, status: 'pending', pendingReason: 'lunch' }],
  'tickets.assign': [{ id: someId }, { id: someId, assigneeId: 'dana' }],
  'tickets.escalate': [{ id: someId, groupId: someId }, { id: someId, groupId: someId, handoff: { symptoms: 'a', tried: 'b', findings: 'c' } }],
  'tickets.comment': [{ id: someId, visibility: 'public', body: '' }, { id: someId, visibility: 'secret', body: 'x' }, { id: someId, visibility: 'internal', body: 'x', minutes: -5 }],
  'tickets.logTime': [{ id: someId, minutes: 0 }, { id: someId, minutes: 1441 }, { id: someId, minutes: 2.5 }],
  'tickets.link': [{ id: someId, otherId: someId, relation: 'parent' }],
  'tickets.merge': [{ id: someId }, { id: someId, intoId: 'INC-1' }],
  'tickets.recordSatisfaction': [{ id: someId, score: 0 }, { id: someId, score: 6 }, { id: someId, score: 'great' }],
  'canned.render': [{ cannedId: someId }, { cannedId: 'ack', ticketId: someId }],
  'sync.status': [{ verbose: true }],
  'sync.signIn': [{ serverUrl: 'ftp://desk', email: 'a@b.example', password: 'x' }, { serverUrl: 'http://desk', email: 'nope', password: 'x' }, { serverUrl: 'http://desk', email: 'a@b.example', password: '' }],
  'sync.signOut': [{ everywhere: true }],
  'sync.window': [{ days: 90 }],
  'sync.setWindow': [{}, { days: 3 }, { days: 3651 }, { days: -1 }, { days: 30.5 }, { days: '90' }, { days: 90, extra: true }],
  'sync.now': [{ force: 1 }],
  'sync.retry': [{}, { mutationId: 'seq-4' }],
  'sync.discard': [{ mutationId: 42 }],
  'sync.createEnrollment': [{}, { label: '   ' }, { label: 'x'.repeat(121) }],
  'sync.enrollments': [{ all: true }],
  'sync.revokeEnrollment': [{}, { id: 'not-an-id' }],
  'sync.decideReview': [{ id: someId }, { id: someId, accept: 'yes' }],
  'sync.dismissNotice': [{ id: 0 }, { id: 'all' }],
  'people.search': [{ query: '' }, { query: 'a'.repeat(101) }, { query: 'ma', limit: 500 }],
  'inventory.probe': [{}, { stage: 'everything' }, { stage: 'quick', ownerId: 'maria' }],
  'inventory.record': [{}, { snapshot: { takenAt: 'yesterday' } }, { snapshot: {}, extra: 1 }],
  'inventory.asset': [{}, { id: 'AST-1001' }],
  'inventory.ownedBy': [{ personId: 7 }],
  'inventory.diff': [{ fromId: 'a' }, { fromId: '0190a2b4-0001-7000-8000-000000000001', toId: null }],
  'inventory.update': [{ id: 'x' }, { id: '0190a2b4-0001-7000-8000-000000000001', warrantyEnd: '31/12/2027' }, { id: '0190a2b4-0001-7000-8000-000000000001', assetClass: 'tablet' }],
  'inventory.fleet': [{ flags: ['on fire'] }, { text: 3 }],
  'inventory.exportCsv': [{ assetClass: 'phone' }],
  'inventory.lifecycle': [{ laptop: 4 }],
  'inventory.thisMachine': [{ hostname: 'pc-0042' }],
  'inventory.setLifecycle': [{ laptop: 4 }, { laptop: 0, desktop: 5, server: 6, 'virtual machine': null, other: 5 }, { laptop: 4, desktop: 5, server: 6, 'virtual machine': null, other: 5, phone: 2 }],
  'inventory.importPreview': [{}, { csv: 42 }, { csv: 'x'.repeat(importTextLimit + 1) }],
  'inventory.import': [{ csv: null }],
  'tickets.attachInventory': [{ id: 'INC-1001' }, { id: '0190a2b4-0001-7000-8000-000000000001', assetId: 'AST-1001' }],
  'remote.clients': [{ protocol: 'rdp' }],
  'remote.targets': [{ id: 'INC-1001' }],
  'remote.plan': [{ ticketId: someId, clientId: 'putty', protocol: 'ssh', target: 'pc-1' }, { ticketId: someId, clientId: 'mstsc', protocol: 'telnet', target: 'pc-1' }, { ticketId: someId, clientId: 'mstsc', protocol: 'rdp', target: 'x'.repeat(301) }],
  'remote.launch': [{ ticketId: someId, clientId: 'mstsc', protocol: 'rdp' }, { ticketId: someId, clientId: 'mstsc', protocol: 'rdp', target: 'pc-1', password: 'hunter2' }],
  'remote.customTool': [{ all: true }],
  'kb.search': [{ text: 5 }, { text: 'vpn', limit: 500 }, { text: 'vpn', status: 'all' }],
  'kb.suggest': [{}, { subject: 'x'.repeat(301) }, { subject: 'vpn', requesterId: 'maria' }],
  'kb.get': [{ id: 'KB-1' }],
  'kb.excerpt': [{}],
  'kb.save': [{ title: 'ab', body: '' }, { title: 'VPN drops', body: 'x', status: 'live' }, { title: 'VPN drops', body: 'x', tags: [''] }, { title: 'VPN drops', body: 'x', html: '<b>' }],
  'kb.versions': [{ id: 3 }],
  'kb.diff': [{ id: someId, from: 0, to: 1 }, { id: someId, from: 1 }],
  'kb.link': [{ ticketId: someId, articleId: someId }, { ticketId: someId, articleId: 'kb', solved: true }],
  'kb.draftFromTicket': [{ ticketId: 'INC-1' }],
  'kb.importPreview': [{ files: [] }, { files: [{ name: '', text: '' }] }, { files: Array.from({ length: 40 }, (_, i) => ({ name: `a${i}.md`, text: 'x'.repeat(900_000) })) }],
  'kb.import': [{ files: [{ name: 'a.md' }] }],
  'kb.report': [{ days: 30 }],
  'sync.exportPending': [{ all: true }],
  'app.updates': [{ force: true }],
  'desk.attention': [{ mine: true }],
  'app.preferences': [{ all: 1 }],
  'app.setPreferences': [{ notifications: 'yes' }, { theme: 'dark' }],
  'app.setUpdateFeed': [{}, { url: 'ftp://updates.corp.example/' }, { url: 'http://updates.corp.example/' }, { url: 'javascript:alert(1)' }],
  'app.restartToUpdate': [{ now: true }],
  'desk.wipe': [{}, { confirm: 'yes' }, { confirm: 'wipe', keepTickets: true }],
  'remote.setCustomTool': [{}, { tool: { label: 'Vendor', command: '/opt/v/viewer', args: ['--id'] } }, { tool: { label: 'Vendor', command: '/opt/v/viewer', args: ['--id={id}'] } }],
  'team.overview': [{ audit: true }],
  'people.update': [{ id: someId, edit: {} }, { id: someId, edit: { name: '' } }, { id: someId, edit: { email: 'not mail' } }, { id: someId, edit: { vip: 'yes' } }, { id: someId, edit: { notes: 'x'.repeat(4_001) } }, { id: 'maria', edit: { name: 'Maria' } }],
  'tickets.similarOpen': [{ requesterId: 'maria', subject: 'x' }, { requesterId: someId, subject: 'x'.repeat(301) }],
  'team.assignees': [{ group: 'L2' }],
  'canned.savePersonal': [{ title: '', body: 'x' }, { title: 'Hi', body: '' }, { title: 'Hi', body: 'x'.repeat(10_001) }, { id: 'mine', title: 'Hi', body: 'x' }],
  'canned.removePersonal': [{ id: 'shared' }],
  'team.createAccount': [{ email: 'not-an-email', name: 'X', role: 'agent', password: 'twelve chars min' }, { email: 'a@corp.example', name: 'X', role: 'root', password: 'twelve chars min' }, { email: 'a@corp.example', name: 'X', role: 'agent', password: 'short' }],
  'team.changeAccount': [{ id: someId, change: {} }, { id: someId, change: { role: 'owner' } }, { id: 'sam', change: { active: false } }],
  'team.revokeDevice': [{ id: 'laptop' }],
  'team.resetPassword': [{ id: someId, password: 'mine' }],
  'team.saveGroup': [{ group: { name: '', tier: 'L1' } }, { group: { name: 'Net\u0000work', tier: 'L2' } }, { group: { name: 'Network', tier: 'L4' } }, { group: { name: 'Network', tier: 'L2', members: ['sam'] } }],
  'team.removeGroup': [{ id: someId, moveTo: 'L1' }, {}],
  'team.savePolicies': [{}, { calendar: { timeZone: 'Mars/Olympus', hours: { 1: [[480, 1080]] }, holidays: [] }, sla: {} }],
  'team.saveCanned': [{ list: [{ id: someId, title: '', body: 'x' }] }, { list: [{ title: 'Hi', body: 'x' }] }],
  'team.saveSynonyms': [{ groups: [['pw']] }, { groups: [['two words', 'x']] }],
  'team.previewDue': [{ priority: 'P1' }, { policies: {}, priority: 'P9' }],
  'account.lookup': [{ personId: 'maria' }, {}],
  'account.act': [{ personId: someId, ticketId: someId, action: 'delete' }, { personId: someId, ticketId: someId, action: 'reset', checks: 'all of them' }],
  'directories.list': [{ extra: true }],
  'directories.save': [
    { directory: { name: 'Corp', flavour: 'ad', url: 'ldap://dc1.corp.example', bindDn: 'cn=svc', bindPassword: 'x', baseDns: ['dc=corp'] } },
    { directory: { name: 'Corp', flavour: 'novell', url: 'ldaps://dc1', bindDn: 'cn=svc', baseDns: [] } }
  ],
  'directories.test': [{ directory: { name: 'Corp', flavour: 'ad', url: 'http://dc1', bindDn: 'cn=svc', baseDns: ['dc=corp'] } }],
  'directories.sync': [{ id: 'corp' }, { id: someId, full: 'yes' }],
  'mail.mailboxes': [{ all: true }],
  'mail.templates': [{ all: true }],
  'mail.saveTemplates': [{ signature: '', templates: {} }, { signature: 'x'.repeat(3_000), templates: { acknowledge: { enabled: 'yes', subject: '', body: '' } } }],
  'mail.saveMailbox': [
    { mailbox: { name: 'Support', address: 'support@corp.example', host: 'imap.corp.example', tls: false, username: 'support', password: 'x' } },
    { mailbox: { name: 'Support', address: 'not an address', host: 'imap.corp.example', username: 'support' } },
    { mailbox: { name: 'Support', address: 'support@corp.example', host: 'imap.corp.example', username: 'support', smtp: { host: 'smtp.corp.example', security: 'none' } } }
  ],
  'directories.savePolicy': [{ roles: { unlock: 'anyone', reset: 'agent', enable: 'admin' }, questions: [], before: [] }],
  'files.attach': [{ name: 'a.txt', data: 'not base64!' }, { name: 'a.txt' }, { name: 'x'.repeat(300), data: 'aGk=' }, { name: 'a.txt', data: 'aGk=', path: '/etc/passwd' }],
  'files.get': [{ sha256: '../../etc/passwd' }, { sha256: 'A'.repeat(64) }, {}],
  'files.open': [{ sha256: 'a'.repeat(63), name: 'x' }, { sha256: 'a'.repeat(64) }],
  'reports.figures': [{ from: '2026-11-30T00:00:00Z', to: '2026-11-23T00:00:00Z' }, { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, { from: 'last week' }, { from: '2026-11-23T00:00:00Z', to: '2026-11-30T00:00:00Z', priority: 'P9' }],
  'reports.tickets': [{ query: { from: '2026-11-23T00:00:00Z', to: '2026-11-30T00:00:00Z' }, figure: 'everything' }, { figure: 'sla' }],
  'problems.candidates': [{ extra: true }],
  'problems.fromCandidate': [{ incidentIds: ['not-an-id', 'x'], subject: 'VPN' }, { incidentIds: [], subject: 'VPN' }, { incidentIds: ['0190c0de-0000-7000-8000-000000000001', '0190c0de-0000-7000-8000-000000000002'], subject: '' }],
  'problems.settleIncidents': [{ id: 'x', how: 'resolve', message: 'Fixed' }, { id: '0190c0de-0000-7000-8000-000000000001', how: 'close', message: 'Fixed' }, { id: '0190c0de-0000-7000-8000-000000000001', how: 'notify', message: '' }],
  'tickets.decideChange': [{ id: 'x', decision: 'approved', reason: '' }, { id: '0190c0de-0000-7000-8000-000000000001', decision: 'maybe', reason: '' }],
  'problems.dismiss': [{ incidentIds: [] , title: 'x' }, { incidentIds: ['0190c0de-0000-7000-8000-000000000001'] }],
  'reports.exportCsv': [{ query: { from: '2026-11-23T00:00:00Z', to: '2026-11-30T00:00:00Z' }, figure: 'sla', key: 'x'.repeat(300) }, { query: {} }]
} satisfies Record<Method, unknown[]>

describe('the contract, through the same dispatch every host uses', () => {
  let dir: ReturnType<typeof tempDir>
  let core: FrontlineCore
  beforeEach(() => {
    dir = tempDir()
    core = openFrontlineCore({ dataDir: dir.path, now: () => new Date('2026-11-23T08:05:00Z') })
  })
  afterEach(async () => {
    await core.close()
    dir.remove()
  })

  it('round-trips a whole first run: sample offered, loaded, a ticket created, listed, fetched', async () => {
    const first = await core.dispatch('desk.status', {})
    expect(first).toMatchObject({ ok: true, value: { ticketCount: 0, sampleOffered: true } })

    const loaded = await core.dispatch('desk.loadSample', {})
    expect(loaded).toMatchObject({ ok: true, value: { ticketCount: 36, peopleCount: 10, sampleOffered: false } })

    const people = await core.dispatch('people.search', { query: 'maria' })
    if (!people.ok) throw new Error(people.error.message)
    const maria = contract['people.search'].output.parse(people.value)[0]!

    const created = await core.dispatch('tickets.create', {
      subject: 'Outlook keeps asking for my password',
      channel: 'phone',
      requester: { id: maria.id }
    })
    if (!created.ok) throw new Error(created.error.message)
    const ticket = contract['tickets.create'].output.parse(created.value)
    expect(ticket.requester).toMatchObject({ name: 'Maria Ortiz', vip: true })

    const list = await core.dispatch('tickets.list', { sort: 'created' })
    expect(list).toMatchObject({ ok: true, value: { total: 37 } })
    if (list.ok) expect(contract['tickets.list'].output.parse(list.value).tickets[0]?.id).toBe(ticket.id)

    expect(await core.dispatch('tickets.get', { id: ticket.id })).toMatchObject({ ok: true, value: { ticket } })
  })

  it('tells the console when tickets change', async () => {
    const seen: string[][] = []
    const dispose = core.events.on('tickets.changed', ({ ids }) => seen.push(ids))
    const created = await core.dispatch('tickets.create', { subject: 'VPN', channel: 'chat', requester: { name: 'Sam' } })
    dispose()
    await core.dispatch('tickets.create', { subject: 'VPN again', channel: 'chat', requester: { name: 'Sam' } })
    if (!created.ok) throw new Error(created.error.message)
    expect(seen).toEqual([[(created.value as { id: string }).id]])
  })

  it('does not offer the sample desk twice', async () => {
    await core.dispatch('desk.loadSample', {})
    const again = await core.dispatch('desk.loadSample', {})
    expect(again).toMatchObject({ ok: true, value: { ticketCount: 36 } })
  })

  for (const method of methodNames) {
    it(`refuses bad input to ${method} with a typed error and changes nothing`, async () => {
      for (const input of invalidInputs[method]) {
        const result = await core.dispatch(method, input)
        expect(result.ok, JSON.stringify(input)).toBe(false)
        if (!result.ok) {
          expect(result.error.code).toBe('INVALID_INPUT')
          expect(result.error.issues?.length).toBeGreaterThan(0)
        }
      }
      expect(await core.dispatch('desk.status', {})).toMatchObject({ ok: true, value: { ticketCount: 0, peopleCount: 0, pendingChanges: 0 } })
    })
  }

  it('names the offending field in words a technician can act on', async () => {
    const result = await core.dispatch('tickets.create', { subject: ' ', channel: 'fax', requester: { name: 'Maria' } })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.issues).toEqual(
        expect.arrayContaining([
          { path: 'subject', message: 'Required.' },
          { path: 'channel', message: 'Pick a channel: phone, email, chat, walk-in or portal.' }
        ])
      )
    }
  })

  it('refuses a method outside the contract', async () => {
    for (const name of ['tickets.delete', '__proto__', 'constructor', 42, null]) {
      expect(await core.dispatch(name, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    }
  })

  it('answers a missing ticket with NOT_FOUND, not a crash', async () => {
    const result = await core.dispatch('tickets.get', { id: '0190a2b4-0000-7000-8000-000000000000' })
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
