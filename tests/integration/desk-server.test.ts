import { sha256Of, storeFile } from '../../src/server/files'
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Mutation, PullResponse, PushResponse, Role } from '../../src/shared/sync'
import { startEmbeddedPostgres } from '../../src/server/embedded'
import { migrate } from '../../src/server/schema'
import { startTestServer, type TestServer } from '../support/desk-server'
import { suiteServer } from '../support/suite-server'
import { startSlapd, type Slapd } from '../support/slapd'
import { defaultAccountPolicy } from '../../src/shared/directory'
import { defaultMailTemplates } from '../../src/shared/mail'
import { issueToken } from '../../src/server/mail/satisfaction'
import { machine } from '../support/snapshot'
import { defaultSlaTargets, officeWeek } from '../../src/shared/team'
import { tempDir } from '../support/temp-dir'

const stamp = (ms: number, counter = 0, node = 'node-a') => `${String(ms).padStart(13, '0')}-${String(counter).padStart(4, '0')}-${node}`
const t0 = Date.parse('2026-11-23T09:00:00Z')

function creation(seq: number, ticketId = uuidv7()): Mutation {
  const personId = uuidv7()
  return {
    seq,
    mutationId: uuidv7(),
    kind: 'ticket.create',
    hlc: stamp(t0),
    tickets: [
      {
        id: ticketId,
        created: { provisionalNumber: 'INC-~7f3a', createdAt: new Date(t0).toISOString() },
        fields: { type: 'incident', status: 'new', channel: 'phone', subject: 'Printer on 4F offline', description: '', requester_id: personId, impact: 'low', urgency: 'medium', priority: 'P4', updated_at: new Date(t0).toISOString() }
      }
    ],
    events: [{ id: uuidv7(), ticketId, at: new Date(t0).toISOString(), authorId: null, kind: 'created', data: '{"channel":"phone"}', body: null }],
    people: [{ id: personId, name: 'Maria Ortiz', email: 'maria@corp.example', phone: null, department: 'Finance', location: 'HQ 4F', vip: true }]
  }
}

function edit(seq: number, ticketId: string, hlc: string, fields: Mutation['tickets'][number]['fields'], kind = 'ticket.update'): Mutation {
  return { seq, mutationId: uuidv7(), kind, hlc, tickets: [{ id: ticketId, fields }], events: [], people: [] }
}

describe('the desk server, on a real PostgreSQL', () => {
  const server = suiteServer()

  const push = async (token: string, clientId: string, mutations: Mutation[]) => {
    const answer = await server.call('POST', '/api/sync/push', token, { clientId, mutations })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    return answer.body.value as PushResponse
  }
  const pullAll = async (token: string) => (await server.call('GET', '/api/sync/pull?cursor=0', token)).body.value as PullResponse

  it('signs in with email and password for a device token, which works until revoked', async () => {
    const agent = await server.agent('agent')
    expect((await server.call('GET', '/api/sync/pull', agent.token)).status).toBe(200)
    const wrong = await server.call('POST', '/api/session', undefined, { email: agent.email, password: 'not it at all', deviceName: 'x' })
    expect(wrong).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHORIZED', message: 'Email or password is wrong.' } } })
    const unknown = await server.call('POST', '/api/session', undefined, { email: 'nobody@corp.example', password: 'whatever it is', deviceName: 'x' })
    expect(unknown.body.error?.message).toBe('Email or password is wrong.')
    // Unused for longer than the idle limit: expired.
    const idle = await server.agent('agent')
    await server.pool.query("UPDATE devices SET last_seen_at = now() - interval '91 days' WHERE id = $1", [idle.deviceId])
    expect(await server.call('GET', '/api/sync/pull', idle.token)).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: expect.stringContaining('not used for 90 days') } } })
    expect((await server.call('DELETE', '/api/session', agent.token)).status).toBe(200)
    expect(await server.call('GET', '/api/sync/pull', agent.token)).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } })
    // Tokens are stored hashed: nothing in the table equals the token.
    const stored = await server.pool.query("SELECT count(*)::int AS n FROM devices WHERE encode(token_hash, 'escape') = $1", [agent.token])
    expect(stored.rows[0].n).toBe(0)
  })

  it('numbers a new ticket, and a retried push after a lost answer changes nothing', async () => {
    const agent = await server.agent('agent')
    const clientId = uuidv7()
    const create = creation(1)
    const first = await push(agent.token, clientId, [create])
    expect(first.results).toEqual([{ seq: 1, status: 'applied' }])
    const again = await push(agent.token, clientId, [create])
    expect(again.results).toEqual([{ seq: 1, status: 'duplicate' }])
    const pulled = await pullAll(agent.token)
    const ticket = pulled.tickets.find((t) => t.id === create.tickets[0]!.id)!
    expect(ticket.number).toMatch(/^INC-\d{4}$/)
    expect(ticket.fields.subject).toBe('Printer on 4F offline')
    expect(pulled.events.filter((e) => e.ticketId === create.tickets[0]!.id)).toHaveLength(1)
    expect(pulled.people.map((p) => p.name)).toContain('Maria Ortiz')
    const rows = await server.pool.query('SELECT count(*)::int AS n FROM tickets WHERE id = $1', [create.tickets[0]!.id])
    expect(rows.rows[0].n).toBe(1)
  })

  it('keeps numbering where it was when a schema-2 database is upgraded (numbers moved from a table to sequences)', async () => {
    const dir = tempDir('frontline-upgrade-')
    const db = await startEmbeddedPostgres(dir.path)
    const pool = new pg.Pool({ connectionString: db.url })
    try {
      expect(await migrate(pool, 2)).toBe(2)
      // An account as a schema-2 server wrote it.
      const account = { id: uuidv7() }
      await pool.query("INSERT INTO accounts (id, email, name, role, password_hash) VALUES ($1, 'old@corp.example', 'Old Desk', 'agent', 'x')", [account.id])
      const clientId = uuidv7()
      const numberOf = async (m: Mutation) => {
        await pool.query('SELECT apply_push($1, $2, $3, $4)', [clientId, account.id, [], JSON.stringify([m])])
        return (await pool.query<{ number: string }>('SELECT number FROM tickets WHERE id = $1', [m.tickets[0]!.id])).rows[0]!.number
      }
      expect(await numberOf(creation(1))).toBe('INC-1001')
      expect(await migrate(pool, 3)).toBe(3)
      expect(await numberOf(creation(2))).toBe('INC-1002')
    } finally {
      await pool.end()
      await db.stop()
      dir.remove()
    }
  }, 60_000)

  it('takes machine snapshots from the headless probe with an enrollment token, once each, and hands them to every desk', async () => {
    const supervisor = await server.agent('supervisor')
    const created = await server.call('POST', '/api/enrollments', supervisor.token, { label: 'Reception kiosks' })
    expect(created.status).toBe(201)
    const { token } = created.body.value as { token: string }
    const enrolled = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, { method, headers: { authorization: `Enroll ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) })
    const id = uuidv7()
    const kiosk = machine({ hostname: 'KIOSK-1', serial: 'CZC0KIOSK1' })
    expect((await enrolled('POST', '/api/inventory/snapshots', { id, snapshot: kiosk })).status).toBe(201)
    // Sent twice (a retry): stored once.
    expect(await (await enrolled('POST', '/api/inventory/snapshots', { id, snapshot: kiosk })).json()).toMatchObject({ ok: true, value: { id, stored: false } })
    // The token does nothing else, and a made-up one does nothing at all.
    expect((await enrolled('GET', '/api/sync/pull')).status).toBe(403)
    const forged = await fetch(`${server.url}/api/inventory/snapshots`, { method: 'POST', headers: { authorization: 'Enroll enr_nope', 'content-type': 'application/json' }, body: JSON.stringify({ id: uuidv7(), snapshot: kiosk }) })
    expect(forged.status).toBe(401)
    // Bad input is refused whole with a typed error.
    const bad = await enrolled('POST', '/api/inventory/snapshots', { id: uuidv7(), snapshot: { ...kiosk, takenAt: 'yesterday' } })
    expect(bad.status).toBe(400)
    const agent = await server.agent('agent')
    const page = (await server.call('GET', '/api/inventory/snapshots?cursor=0', agent.token)).body.value as { snapshots: Array<{ id: string; snapshot: { identity: { hostname: string } } }> }
    expect(page.snapshots.filter((s) => s.id === id).map((s) => s.snapshot.identity.hostname)).toEqual(['KIOSK-1'])
    // The machine has a record on the server now, with a tag from the server's numbering, that every desk pulls.
    const assets = (await server.call('GET', '/api/assets?cursor=0&limit=500', agent.token)).body.value as { assets: Array<{ tag: string; mergedInto: string | null; identity: { serial: string } }> }
    expect(assets.assets.filter((a) => a.identity.serial === 'CZC0KIOSK1')).toEqual([expect.objectContaining({ tag: expect.stringMatching(/^AST-\d+$/), mergedInto: null })])
  })

  it('an enrollment token never re-addresses a known machine unreviewed, refuses the future, can be listed, revoked, and expires', async () => {
    const supervisor = await server.agent('supervisor')
    const agent = await server.agent('agent')
    const created = (await server.call('POST', '/api/enrollments', supervisor.token, { label: 'Lab probes', days: 30 })).body.value as { id: string; token: string; expiresAt: string }
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000)
    const send = (snapshot: unknown, token = created.token) =>
      fetch(`${server.url}/api/inventory/snapshots`, { method: 'POST', headers: { authorization: `Enroll ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: uuidv7(), snapshot }) })
    // A technician probed this laptop at the desk.
    const serial = `LAB-${uuidv7().slice(-6)}`
    expect((await server.call('POST', '/api/inventory/snapshots', agent.token, { id: uuidv7(), snapshot: machine({ serial, hostname: 'LT-LAB-01' }) })).status).toBe(201)
    // Dated ten years ahead: refused.
    const future = await send(machine({ serial, hostname: 'LT-LAB-01', takenAt: new Date(Date.now() + 10 * 365 * 86_400_000).toISOString() }))
    expect([future.status, ((await future.json()) as { error: { message: string } }).error.message]).toEqual([400, expect.stringContaining('dated in the future')])
    // Its serial with an attacker's host name: kept for review, not handed to any desk.
    const forged = (await (await send(machine({ serial, hostname: 'EVIL-HOST', macs: ['02:00:00:00:00:66'] }))).json()) as { value: { id: string; needsReview: boolean } }
    expect(forged.value.needsReview).toBe(true)
    const pulled = (await server.call('GET', '/api/inventory/snapshots?cursor=0&limit=500', agent.token)).body.value as { snapshots: Array<{ snapshot: { identity: { hostname: string } } }> }
    expect(pulled.snapshots.map((s) => s.snapshot.identity.hostname)).not.toContain('EVIL-HOST')
    const reviews = (await server.call('GET', '/api/inventory/reviews', supervisor.token)).body.value as Array<{ id: string; hostname: string; wasHostname: string; enrollment: string }>
    expect(reviews.filter((r) => r.id === forged.value.id)).toEqual([expect.objectContaining({ hostname: 'EVIL-HOST', wasHostname: 'LT-LAB-01', enrollment: 'Lab probes' })])
    // An agent may not decide; a supervisor refuses it and it is gone.
    expect((await server.call('POST', `/api/inventory/reviews/${forged.value.id}`, agent.token, { accept: true })).status).toBe(403)
    expect((await server.call('POST', `/api/inventory/reviews/${forged.value.id}`, supervisor.token, { accept: false })).body.value).toEqual({ accepted: false })
    // The same machine as it is, from the probe: taken without a review.
    const review = async (spec: Parameters<typeof machine>[0]) => ((await (await send(machine({ serial, hostname: 'LT-LAB-01', ...spec }))).json()) as { value: { needsReview: boolean } }).value.needsReview
    expect(await review({})).toBe(false)
    // A new address from DHCP on the same network: no review. The right name and card but an address
    // on another network (where the desk would then offer an RDP session): held for review.
    expect(await review({ ipv4: '10.0.0.77' })).toBe(false)
    expect(await review({ ipv4: '203.0.113.5' })).toBe(true)

    const listed = (await server.call('GET', '/api/enrollments', supervisor.token)).body.value as Array<{ id: string; label: string; snapshots: number; lastUsedAt: string | null; revokedAt: string | null }>
    expect(listed.find((e) => e.id === created.id)).toMatchObject({ label: 'Lab probes', snapshots: 3, lastUsedAt: expect.any(String), revokedAt: null })
    expect(JSON.stringify(listed)).not.toContain(created.token)
    expect((await server.call('DELETE', `/api/enrollments/${created.id}`, supervisor.token)).status).toBe(200)
    expect((await send(machine({ serial, hostname: 'LT-LAB-01' }))).status).toBe(401)
    // One past its expiry is refused the same way.
    const old = (await server.call('POST', '/api/enrollments', supervisor.token, { label: 'Old' })).body.value as { id: string; token: string }
    await server.pool.query("UPDATE enrollment_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1", [old.id])
    expect((await send(machine({ serial, hostname: 'LT-LAB-01' }), old.token)).status).toBe(401)
    // A rename a supervisor accepts (the laptop really was renamed) reaches every desk.
    const fresh = (await server.call('POST', '/api/enrollments', supervisor.token, { label: 'Fresh' })).body.value as { token: string }
    const renamed = (await (await send(machine({ serial, hostname: 'LT-LAB-02' }), fresh.token)).json()) as { value: { id: string; needsReview: boolean } }
    expect(renamed.value.needsReview).toBe(true)
    expect((await server.call('POST', `/api/inventory/reviews/${renamed.value.id}`, supervisor.token, { accept: true })).body.value).toEqual({ accepted: true })
    const after = (await server.call('GET', '/api/inventory/snapshots?cursor=0&limit=500', agent.token)).body.value as { snapshots: Array<{ id: string }> }
    expect(after.snapshots.map((x) => x.id)).toContain(renamed.value.id)
  })

  it('lets only a supervisor fold two asset records into one by hand', async () => {
    const agent = await server.agent('agent')
    const supervisor = await server.agent('supervisor')
    const stamp = '1795000000000-0000-desk'
    const [a, b] = [`A-${uuidv7().slice(-6)}`, `02:00:00:${uuidv7().slice(-6, -4)}:${uuidv7().slice(-4, -2)}:${uuidv7().slice(-2)}`]
    const one = { id: uuidv7(), tag: 'AST-8101', identity: { serial: a, uuid: '', macs: [] }, fields: { location: 'Lab' }, clocks: { location: stamp } }
    const two = { id: uuidv7(), tag: 'AST-8102', identity: { serial: '', uuid: '', macs: [b] }, fields: { location: 'Store' }, clocks: { location: stamp } }
    await server.call('POST', '/api/assets', agent.token, { changes: [one, two] })
    const both = { id: uuidv7(), tag: 'AST-8103', identity: { serial: a, uuid: '', macs: [b] }, fields: {}, clocks: {} }
    const live = async () => ((await server.call('GET', '/api/assets?cursor=0&limit=500', agent.token)).body.value as { assets: Array<{ id: string; mergedInto: string | null }> }).assets.filter((x) => [one.id, two.id].includes(x.id) && x.mergedInto === null).length
    await server.call('POST', '/api/assets', agent.token, { changes: [both] })
    expect(await live()).toBe(2)
    await server.call('POST', '/api/assets', supervisor.token, { changes: [{ ...both, id: uuidv7() }] })
    expect(await live()).toBe(1)
  })

  it('refuses a bad asset push whole, with a typed error naming the problem, and stores none of it', async () => {
    const agent = await server.agent('agent')
    const good = { id: uuidv7(), tag: 'AST-7001', identity: { serial: 'GOOD-1', uuid: '', macs: [] }, fields: { location: 'Lab' }, clocks: { location: '1795000000000-0000-desk' } }
    const cases: Array<[string, unknown]> = [
      ['a field without its clock stamp', { ...good, id: uuidv7(), clocks: {} }],
      ['a MAC that is not one', { ...good, id: uuidv7(), identity: { ...good.identity, macs: ['-oProxyCommand=sh'] } }],
      ['a field the record does not have', { ...good, id: uuidv7(), fields: { role: 'admin' }, clocks: { role: '1795000000000-0000-desk' } }],
      ['a forged clock stamp', { ...good, id: uuidv7(), clocks: { location: 'tomorrow' } }]
    ]
    for (const [what, change] of cases) {
      const answer = await server.call('POST', '/api/assets', agent.token, { changes: [good, change] })
      expect([what, answer.status, (answer.body as { error: { code: string } }).error.code]).toEqual([what, 400, 'INVALID_INPUT'])
    }
    const stored = await server.pool.query("SELECT 1 FROM assets WHERE serial = 'GOOD-1'")
    expect(stored.rowCount).toBe(0)
  })

  it('merges field by field: the later clock wins each field, and the loser is told which', async () => {
    const a = await server.agent('agent')
    const b = await server.agent('specialist')
    const [clientA, clientB] = [uuidv7(), uuidv7()]
    const create = creation(1)
    await push(a.token, clientA, [create])
    // B edits urgency later; A's older edit of urgency arrives afterwards, together with a subject change.
    await push(b.token, clientB, [edit(1, create.tickets[0]!.id, stamp(t0 + 120_000, 0, clientB), { urgency: 'high', priority: 'P3' })])
    const late = await push(a.token, clientA, [edit(2, create.tickets[0]!.id, stamp(t0 + 60_000), { urgency: 'low', subject: 'Printer on 4F offline (tray 2)' })])
    expect(late.results).toEqual([{ seq: 2, status: 'applied', superseded: [{ ticketId: create.tickets[0]!.id, field: 'urgency', by: 'Test specialist' }] }])
    const ticket = (await pullAll(a.token)).tickets.find((t) => t.id === create.tickets[0]!.id)!
    expect(ticket.fields).toMatchObject({ urgency: 'high', priority: 'P3', subject: 'Printer on 4F offline (tray 2)' })
    // Desks get only the newest stamp (their clock moves past it); the merge above kept every field's.
    expect(Object.values(ticket.clocks)).toEqual([stamp(t0 + 120_000, 0, clientB)])
  })

  it('refuses, with a reason, what the role or the ticket does not allow, and keeps going', async () => {
    const agent = await server.agent('agent')
    const clientId = uuidv7()
    const create = creation(1)
    const override = edit(2, create.tickets[0]!.id, stamp(t0 + 1), { priority: 'P1', priority_overridden: 1 }, 'ticket.overridePriority')
    const close = edit(3, create.tickets[0]!.id, stamp(t0 + 2), { status: 'closed' }, 'ticket.setStatus')
    const resolve = edit(4, create.tickets[0]!.id, stamp(t0 + 3), { status: 'resolved', resolution_code: 'solved' }, 'ticket.setStatus')
    const closeNow = edit(5, create.tickets[0]!.id, stamp(t0 + 4), { status: 'closed' }, 'ticket.setStatus')
    const afterClose = edit(6, create.tickets[0]!.id, stamp(t0 + 5), { subject: 'too late' })
    // Calling a rename of a closed ticket a satisfaction survey does not make it one.
    const mislabelled = edit(7, create.tickets[0]!.id, stamp(t0 + 6), { subject: 'renamed', status: 'in_progress' }, 'ticket.recordSatisfaction')
    // A remote session that ran while the ticket was closed still gets its end on the timeline.
    const remote = { sessionId: uuidv7(), phase: 'ended', tool: 'FreeRDP', protocol: 'rdp', target: 'pc-0042', user: null, startedAt: new Date(t0).toISOString(), endedAt: new Date(t0 + 4).toISOString(), durationSeconds: 4, exitCode: 0 }
    const sessionEnd = { ...edit(8, create.tickets[0]!.id, stamp(t0 + 7), { updated_at: new Date(t0 + 4).toISOString() }, 'ticket.remoteSession'), events: [{ id: uuidv7(), ticketId: create.tickets[0]!.id, at: new Date(t0 + 4).toISOString(), authorId: null, kind: 'remote', data: JSON.stringify(remote), body: null }] }
    const answer = await push(agent.token, clientId, [create, override, close, resolve, closeNow, afterClose, mislabelled, sessionEnd])
    expect(answer.results.map((r) => [r.seq, r.status, r.code])).toEqual([
      [1, 'applied', undefined],
      [2, 'refused', 'FORBIDDEN'],
      [3, 'refused', 'ILLEGAL_TRANSITION'],
      [4, 'applied', undefined],
      [5, 'applied', undefined],
      [6, 'refused', 'CONFLICT'],
      [7, 'refused', 'CONFLICT'],
      [8, 'applied', undefined]
    ])
    expect(answer.results[2]!.reason).toBe('A ticket cannot go from new to closed.')
    expect(answer.results[1]!.reason).toBe("An agent cannot override a ticket's priority.")
    expect(answer.lastApplied).toBe(8)
    const ticket = (await pullAll(agent.token)).tickets.find((t) => t.id === create.tickets[0]!.id)!
    expect(ticket.fields).toMatchObject({ priority: 'P4', status: 'closed', subject: 'Printer on 4F offline' })
  })

  it('answers bad input with typed 4xx errors and writes nothing', async () => {
    const agent = await server.agent('agent')
    const other = await server.agent('agent')
    const clientId = uuidv7()
    await push(agent.token, clientId, [creation(1)])
    const before = (await server.pool.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', '/api/sync/push', '{"clientId": ', 400, 'INVALID_INPUT'],
      ['POST', '/api/sync/push', { clientId: 'not-a-uuid', mutations: [] }, 400, 'INVALID_INPUT'],
      ['POST', '/api/sync/push', { clientId, mutations: [{ ...creation(2), seq: 'two' }] }, 400, 'INVALID_INPUT'],
      ['POST', '/api/sync/push', 'x'.repeat(9 * 1024 * 1024), 400, 'INVALID_INPUT'],
      ['GET', '/api/sync/pull?cursor=-1', undefined, 400, 'INVALID_INPUT'],
      ['GET', '/api/nothing-here', undefined, 404, 'UNKNOWN_METHOD']
    ]
    for (const [method, path, body, status, code] of cases) {
      const answer = await server.call(method, path, agent.token, body)
      expect([path, answer.status, answer.body.error?.code]).toEqual([path, status, code])
    }
    // A change the server cannot read is refused alone, by its sequence, and the push is still answered.
    const unreadable = await push(agent.token, clientId, [
      { ...creation(2), tickets: [{ ...creation(2).tickets[0]!, fields: { password_hash: 'x' } as never }] },
      { ...creation(3), hlc: 'yesterday' },
      { ...creation(4), events: [{ ...creation(4).events[0]!, body: 'x'.repeat(20_001) }] }
    ])
    expect(unreadable.results.map((r) => [r.seq, r.status, r.code])).toEqual([
      [2, 'refused', 'INVALID_INPUT'],
      [3, 'refused', 'INVALID_INPUT'],
      [4, 'refused', 'INVALID_INPUT']
    ])
    expect(unreadable.results[1]!.reason).toMatch(/^Not a change the desk server can read \(hlc: Not a clock stamp\)\.$/)
    // A client id is bound to the account that first used it.
    const stolen = await server.call('POST', '/api/sync/push', other.token, { clientId, mutations: [creation(5)] })
    expect(stolen).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'This client id belongs to another account.' } } })
    expect((await server.pool.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n).toBe(before)
  })

  it('sends a large pull page gzip-compressed to a desk that takes it, and never inflates a compressed request body', async () => {
    const agent = await server.agent('agent')
    const clientId = uuidv7()
    for (let batch = 0; batch < 3; batch++) await push(agent.token, clientId, Array.from({ length: 100 }, (_, i) => creation(batch * 100 + i + 1)))
    const page = await fetch(`${server.url}/api/sync/pull?cursor=0`, { headers: { authorization: `Bearer ${agent.token}`, 'accept-encoding': 'gzip' } })
    expect(page.headers.get('content-encoding')).toBe('gzip')
    const pulled = ((await page.json()) as { value: PullResponse & { tickets: unknown[] } }).value
    expect(pulled.tickets.length).toBeGreaterThanOrEqual(300)
    // A desk that does not say it takes gzip gets the page as it is.
    const plain = await fetch(`${server.url}/api/sync/pull?cursor=0`, { headers: { authorization: `Bearer ${agent.token}`, 'accept-encoding': 'identity' } })
    expect(plain.headers.get('content-encoding')).toBeNull()

    // A few kilobytes of gzip that would unpack to 64 MiB: read as the bytes they are, refused, nothing written.
    const before = (await server.pool.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n
    const bomb = gzipSync(Buffer.concat([Buffer.from(`{"clientId":"${uuidv7()}","mutations":[`), Buffer.alloc(64 * 1024 * 1024, ' '), Buffer.from(']}')]))
    expect(bomb.length).toBeLessThan(128 * 1024)
    const answer = await fetch(`${server.url}/api/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: new Uint8Array(bomb) })
    expect(answer.status).toBe(400)
    expect(await answer.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect((await server.pool.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n).toBe(before)
  })

  it('keeps the live channel working after PostgreSQL drops its LISTEN connection', async () => {
    const agent = await server.agent('agent')
    const abort = new AbortController()
    const response = await fetch(`${server.url}/api/events`, { headers: { authorization: `Bearer ${agent.token}` }, signal: abort.signal })
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    const nextChange = async () => {
      for (;;) {
        const { value } = await reader.read()
        if (decoder.decode(value).includes('event: changed')) return true
      }
    }
    // As a PostgreSQL restart or failover would: the server's LISTEN connection is cut.
    const cut = await server.pool.query("SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE query LIKE 'LISTEN desk%'")
    expect(cut.rows).toEqual([{ done: true }])
    // Reconnected, it nudges at once (changes may have been missed), then on every commit again.
    expect(await nextChange()).toBe(true)
    await push(agent.token, uuidv7(), [creation(1)])
    expect(await nextChange()).toBe(true)
    abort.abort()
  })

  it('creates the first admin from the command line, password on stdin', async () => {
    const dir = tempDir('frontline-admin-')
    const run = promisify(execFile)
    const child = run(process.execPath, [resolve('out/main/server.js'), 'create-admin', '--email', 'lead@corp.example', '--name', 'Desk Lead'], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl }
    })
    child.child.stdin!.end('a long enough secret\n')
    const { stdout } = await child
    expect(stdout).toContain('Admin account created: lead@corp.example')
    const signedIn = await server.call('POST', '/api/session', undefined, { email: 'lead@corp.example', password: 'a long enough secret', deviceName: 'x' })
    expect(signedIn.body.value).toMatchObject({ account: { role: 'admin', name: 'Desk Lead' } })
    const short = run(process.execPath, [resolve('out/main/server.js'), 'create-admin', '--email', 'x@corp.example'], { env: { ...process.env, DATABASE_URL: server.databaseUrl } })
    short.child.stdin!.end('short\n')
    await expect(short).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('At least 12 characters.') })
    dir.remove()
  })

  it('says in one line, not a stack trace, that its port is taken', async () => {
    const port = new URL(server.url).port
    const taken = await promisify(execFile)(process.execPath, [resolve('out/main/server.js'), '--port', port], { env: { ...process.env, DATABASE_URL: server.databaseUrl } }).then(
      () => null,
      (error: { code: number; stderr: string }) => error
    )
    expect(taken?.code).toBe(1)
    expect(taken?.stderr.trim()).toBe(`frontline desk server: port ${port} on 127.0.0.1 is already in use (another copy running?); stop it, or start with --port N (0 picks a free port).`)
  })

  it('refuses a budget for first-sync pages that is not a whole number of megabytes, before it starts', async () => {
    const refused = await promisify(execFile)(process.execPath, [resolve('out/main/server.js'), '--port', '0'], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl, FRONTLINE_PREPARED_PAGES_MB: 'lots' }
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error
    )
    expect(refused?.code).toBe(2)
    expect(refused?.stderr).toContain('frontline server: FRONTLINE_PREPARED_PAGES_MB: a whole number of megabytes, 0 to 4096.')
  })
})

describe('the role matrix: every role against every endpoint', () => {
  let server: TestServer
  let ldap: Slapd
  let signer: { email: string }
  // A real directory, so the account routes answer for real: one to sync, and a requester with an account in it.
  const directoryId = uuidv7()
  let directory: Record<string, unknown>
  beforeAll(async () => {
    ;[server, ldap] = await Promise.all([startTestServer(), startSlapd()])
    signer = await server.agent('agent')
    directory = { name: 'Matrix LDAP', flavour: 'openldap', url: ldap.url, bindDn: ldap.bindDn, bindPassword: ldap.bindPassword, baseDns: [`ou=people,${ldap.baseDn}`], syncMinutes: 0 }
    const admin = await server.agent('admin')
    expect((await server.call('PUT', `/api/directories/${directoryId}`, admin.token, directory)).status).toBe(200)
    expect((await server.call('POST', `/api/directories/${directoryId}/sync`, admin.token)).status).toBe(200)
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    await ldap?.stop()
  })

  // Written out by hand, not derived from the server's table, so a changed permission fails here.
  const allowed: Record<string, Array<'anonymous' | 'agent' | 'specialist' | 'supervisor' | 'admin'>> = {
    'POST /api/session': ['anonymous', 'agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/health': ['anonymous', 'agent', 'specialist', 'supervisor', 'admin'],
    'DELETE /api/session': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/servers': ['agent', 'specialist', 'supervisor', 'admin'],
    'POST /api/sync/push': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/sync/pull': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/tickets/:id': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/tickets/search': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/events': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/team': ['supervisor', 'admin'],
    'GET /api/accounts': ['supervisor', 'admin'],
    'POST /api/accounts': ['admin'],
    'PATCH /api/accounts/:id': ['admin'],
    'POST /api/accounts/:id/password': ['admin'],
    'PUT /api/groups/:id': ['admin'],
    'DELETE /api/groups/:id': ['admin'],
    'PUT /api/team/policies': ['supervisor', 'admin'],
    'PUT /api/team/canned': ['supervisor', 'admin'],
    'PUT /api/team/synonyms': ['supervisor', 'admin'],
    'PUT /api/team/refresh': ['supervisor', 'admin'],
    'GET /api/audit': ['admin'],
    'DELETE /api/devices/:id': ['admin'],
    'POST /api/enrollments': ['supervisor', 'admin'],
    'GET /api/enrollments': ['supervisor', 'admin'],
    'DELETE /api/enrollments/:id': ['supervisor', 'admin'],
    'POST /api/inventory/snapshots': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/inventory/snapshots': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/inventory/reviews': ['supervisor', 'admin'],
    'POST /api/inventory/reviews/:id': ['supervisor', 'admin'],
    'POST /api/assets': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/assets': ['agent', 'specialist', 'supervisor', 'admin'],
    'POST /api/kb/versions': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/kb/versions': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/directories': ['admin'],
    'PUT /api/directories/:id': ['admin'],
    'POST /api/directories/:id/test': ['admin'],
    'POST /api/directories/:id/sync': ['admin'],
    'PUT /api/team/account-policy': ['admin'],
    'GET /api/people/:id/account': ['agent', 'specialist', 'supervisor', 'admin'],
    'POST /api/people/:id/account': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/mailboxes': ['admin'],
    'PUT /api/mailboxes/:id': ['admin'],
    'GET /api/mail/quarantine': ['admin'],
    'GET /api/team/mail-templates': ['admin'],
    'PUT /api/team/mail-templates': ['admin'],
    'GET /satisfaction/:token': ['anonymous', 'agent', 'specialist', 'supervisor', 'admin'],
    'POST /satisfaction/:token': ['anonymous', 'agent', 'specialist', 'supervisor', 'admin'],
    'POST /api/files/missing': ['agent', 'specialist', 'supervisor', 'admin'],
    'PUT /api/files/:sha256': ['agent', 'specialist', 'supervisor', 'admin'],
    'GET /api/files/:sha256': ['agent', 'specialist', 'supervisor', 'admin']
  }

  // What an allowed call answers: only this status counts as allowed (a 404 or a 500 is a failure, not a pass).
  const success: Record<string, number> = {
    'POST /api/session': 201,
    'GET /api/health': 200,
    'DELETE /api/session': 200,
    'GET /api/servers': 200,
    'POST /api/sync/push': 200,
    'GET /api/sync/pull': 200,
    'GET /api/tickets/:id': 200,
    'GET /api/tickets/search': 200,
    'GET /api/events': 200,
    'GET /api/team': 200,
    'GET /api/accounts': 200,
    'POST /api/accounts': 201,
    'PATCH /api/accounts/:id': 200,
    'POST /api/accounts/:id/password': 200,
    'PUT /api/groups/:id': 200,
    'DELETE /api/groups/:id': 200,
    'PUT /api/team/policies': 200,
    'PUT /api/team/canned': 200,
    'PUT /api/team/synonyms': 200,
    'PUT /api/team/refresh': 200,
    'GET /api/audit': 200,
    'DELETE /api/devices/:id': 200,
    'POST /api/enrollments': 201,
    'GET /api/enrollments': 200,
    'DELETE /api/enrollments/:id': 200,
    'POST /api/inventory/snapshots': 201,
    'GET /api/inventory/snapshots': 200,
    'GET /api/inventory/reviews': 200,
    'POST /api/inventory/reviews/:id': 200,
    'POST /api/assets': 200,
    'GET /api/assets': 200,
    'POST /api/kb/versions': 200,
    'GET /api/kb/versions': 200,
    'GET /api/directories': 200,
    'PUT /api/directories/:id': 200,
    'POST /api/directories/:id/test': 200,
    'POST /api/directories/:id/sync': 200,
    'PUT /api/team/account-policy': 200,
    'GET /api/people/:id/account': 200,
    'POST /api/people/:id/account': 200,
    'GET /api/mailboxes': 200,
    'PUT /api/mailboxes/:id': 200,
    'GET /api/mail/quarantine': 200,
    'GET /api/team/mail-templates': 200,
    'PUT /api/team/mail-templates': 200,
    'GET /satisfaction/:token': 200,
    'POST /satisfaction/:token': 200,
    'POST /api/files/missing': 200,
    'PUT /api/files/:sha256': 200,
    'GET /api/files/:sha256': 200
  }

  it('covers every route the server has: the role table, and every route registered on the running server (one the table lacks stops the server starting)', async () => {
    const { serverRoutes: routeRoles } = await import('../../src/shared/server-contract')
    expect(Object.keys(allowed).sort()).toEqual(Object.keys(routeRoles).sort())
    expect(Object.keys(success).sort()).toEqual(Object.keys(routeRoles).sort())
    // The server refuses to register a route the table lacks (it would throw here), and has every one the table names.
    const { createDeskServer } = await import('../../src/server/app')
    const app = createDeskServer({ pool: server.pool, onChange: () => () => undefined })
    expect(() => app.get('/api/unlisted', async () => 'anyone')).toThrow(/GET \/api\/unlisted has no entry in the server contract/)
    await app.ready()
    for (const route of Object.keys(routeRoles)) {
      const [method, url] = route.split(' ') as [string, string]
      expect(app.hasRoute({ method: method as 'GET', url }), route).toBe(true)
    }
    await app.close()
  })

  /**
   * Each change that carries a permission, sent under each innocent name a desk could give it, by each
   * role: the verdict follows what it does. Written by hand: FORBIDDEN for an agent, applied for the
   * roles above; a transition the workflow reserves and an edit of a closed ticket are refused for all.
   */
  it('decides on what a change does, whatever it is called: every permission-carrying change under every label, for every role', async () => {
    const labels = ['ticket.update', 'ticket.addNote', 'ticket.recordSatisfaction', 'ticket.remoteSession']
    const at = new Date(t0 + 60_000).toISOString()
    const contents: Record<string, { verdict: Record<Role, string>; make(id: string, other: { id: string; number: string }): Pick<Mutation, 'tickets' | 'events'> }> = {
      'priority_overridden set': {
        verdict: { agent: 'FORBIDDEN', specialist: 'applied', supervisor: 'applied', admin: 'applied' },
        make: (id) => ({ tickets: [{ id, fields: { priority: 'P1', priority_overridden: 1 } }], events: [] })
      },
      'merged_into set': {
        verdict: { agent: 'FORBIDDEN', specialist: 'applied', supervisor: 'applied', admin: 'applied' },
        make: (id, other) => ({ tickets: [{ id, fields: { merged_into: other.id } }], events: [] })
      },
      'a priority override event': {
        verdict: { agent: 'FORBIDDEN', specialist: 'applied', supervisor: 'applied', admin: 'applied' },
        make: (id) => ({
          tickets: [{ id, fields: { updated_at: at } }],
          events: [{ id: uuidv7(), ticketId: id, at, authorId: null, kind: 'priority', data: JSON.stringify({ from: 'P4', to: 'P1', impact: 'low', urgency: 'medium', override: true, reason: 'CEO' }), body: null }]
        })
      },
      'a merge event': {
        verdict: { agent: 'FORBIDDEN', specialist: 'applied', supervisor: 'applied', admin: 'applied' },
        make: (id, other) => ({
          tickets: [{ id, fields: { updated_at: at } }],
          events: [{ id: uuidv7(), ticketId: id, at, authorId: null, kind: 'merge', data: JSON.stringify({ other, direction: 'into' }), body: null }]
        })
      },
      'new → closed': {
        verdict: { agent: 'ILLEGAL_TRANSITION', specialist: 'ILLEGAL_TRANSITION', supervisor: 'ILLEGAL_TRANSITION', admin: 'ILLEGAL_TRANSITION' },
        make: (id) => ({ tickets: [{ id, fields: { status: 'closed' } }], events: [] })
      },
      'a closed ticket renamed and reopened': {
        verdict: { agent: 'CONFLICT', specialist: 'CONFLICT', supervisor: 'CONFLICT', admin: 'CONFLICT' },
        make: (id) => ({ tickets: [{ id, fields: { subject: 'Renamed after closing', status: 'in_progress' } }], events: [] })
      }
    }
    const table: string[][] = []
    for (const role of roles) {
      const account = await server.agent(role)
      const other = creation(1)
      const mutations: Mutation[] = [other]
      const cases: Array<[string, string, number]> = []
      for (const [what, content] of Object.entries(contents)) {
        for (const label of labels) {
          const ticket = creation(mutations.length + 1)
          const id = ticket.tickets[0]!.id
          mutations.push(ticket)
          if (what.startsWith('a closed ticket')) {
            mutations.push(edit(mutations.length + 1, id, stamp(t0, 1), { status: 'resolved', resolution_code: 'solved' }, 'ticket.setStatus'))
            mutations.push(edit(mutations.length + 1, id, stamp(t0, 2), { status: 'closed' }, 'ticket.setStatus'))
          }
          const seq = mutations.length + 1
          mutations.push({ seq, mutationId: uuidv7(), kind: label, hlc: stamp(t0, 3), people: [], ...content.make(id, { id: other.tickets[0]!.id, number: 'INC-1001' }) })
          cases.push([what, label, seq])
        }
      }
      const answer = await server.call('POST', '/api/sync/push', account.token, { clientId: uuidv7(), mutations })
      expect(answer.status).toBe(200)
      const results = new Map((answer.body.value as PushResponse).results.map((r) => [r.seq, r.status === 'applied' ? 'applied' : (r.code ?? r.status)]))
      for (const [what, label, seq] of cases) table.push([role, what, label, results.get(seq)!, contents[what]!.verdict[role]])
    }
    expect(table.filter(([, , , got, want]) => got !== want)).toEqual([])
    expect(table).toHaveLength(roles.length * Object.keys(contents).length * labels.length)
  })

  /** Something real for each route that names one: a device, an enrollment token, a snapshot waiting for review. */
  // Made once: creating an account hashes a password, and the walk needs these many times.
  let lead: ReturnType<TestServer['agent']> | undefined
  let boss: ReturnType<TestServer['agent']> | undefined
  let accountTicket = ''
  async function target(route: string): Promise<string> {
    if (route === 'PUT /api/groups/:id') return uuidv7()
    if (route.includes('/api/directories/')) return directoryId
    if (route === 'PUT /api/mailboxes/:id') return uuidv7()
    // A file the server holds (to download), and the same bytes to upload again.
    if (route.includes('/api/files/')) return storeFile(server.pool, matrixFile)
    if (route.includes('/satisfaction/')) {
      const ticket = creation(1)
      const admin = await (boss ??= server.agent('admin'))
      expect((await server.call('POST', '/api/sync/push', admin.token, { clientId: uuidv7(), mutations: [ticket] })).status).toBe(200)
      const client = await server.pool.connect()
      try {
        return encodeURIComponent(await issueToken(client, server.secretKey, ticket.tickets[0]!.id, Date.now()))
      } finally {
        client.release()
      }
    }
    if (route.includes('/api/people/')) {
      // A ticket for Maria, logged by hand with her directory address: her account is read through the synced person.
      const ticket = creation(1)
      ticket.people[0]!.email = 'maria.ortiz@corp.example'
      accountTicket = ticket.tickets[0]!.id
      const admin = await (boss ??= server.agent('admin'))
      expect((await server.call('POST', '/api/sync/push', admin.token, { clientId: uuidv7(), mutations: [ticket] })).status).toBe(200)
      return ticket.people[0]!.id
    }
    if (route === 'GET /api/tickets/:id') {
      const ticket = creation(1)
      const admin = await (boss ??= server.agent('admin'))
      expect((await server.call('POST', '/api/sync/push', admin.token, { clientId: uuidv7(), mutations: [ticket] })).status).toBe(200)
      return ticket.tickets[0]!.id
    }
    if (route === 'PATCH /api/accounts/:id' || route === 'POST /api/accounts/:id/password') return (await server.agent('agent')).accountId
    if (route === 'DELETE /api/groups/:id') {
      const id = uuidv7()
      const admin = await (boss ??= server.agent('admin'))
      expect((await server.call('PUT', `/api/groups/${id}`, admin.token, { name: `Matrix ${id.slice(-8)}`, tier: 'L2' })).status).toBe(200)
      return id
    }
    const supervisor = await (lead ??= server.agent('supervisor'))
    if (route === 'DELETE /api/devices/:id') return (await server.agent('agent')).deviceId
    const enrollment = (await server.call('POST', '/api/enrollments', supervisor.token, { label: 'Matrix' })).body.value as { id: string; token: string }
    if (route === 'DELETE /api/enrollments/:id') return enrollment.id
    // A known machine, then the same machine renamed by an enrollment token: that one waits for review.
    const serial = `MX-${uuidv7().slice(-8)}`
    await server.call('POST', '/api/inventory/snapshots', supervisor.token, { id: uuidv7(), snapshot: machine({ serial, hostname: 'KIOSK-1' }) })
    const pending = uuidv7()
    const sent = await fetch(`${server.url}/api/inventory/snapshots`, { method: 'POST', headers: { authorization: `Enroll ${enrollment.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: pending, snapshot: machine({ serial, hostname: 'ATTACKER-PC' }) }) })
    expect(sent.status).toBe(201)
    return pending
  }

  const matrixFile = Buffer.from('matrix attachment')
  const roles = ['agent', 'specialist', 'supervisor', 'admin'] as const
  type Caller = 'anonymous' | Role | 'enrollment token' | 'revoked enrollment token' | 'revoked device'
  // Written by hand too: a machine's enrollment token may only send snapshots, and a revoked credential is no credential.
  // The satisfaction page answers whoever holds its link, whatever else they send.
  const publicRoutes = ['POST /api/session', 'GET /api/health', 'GET /satisfaction/:token', 'POST /satisfaction/:token']
  function expected(who: Caller, route: string): number {
    if (who === 'enrollment token') return publicRoutes.includes(route) || route === 'POST /api/inventory/snapshots' ? success[route]! : 403
    if (who === 'revoked enrollment token') return publicRoutes.includes(route) ? success[route]! : route === 'POST /api/inventory/snapshots' ? 401 : 403
    if (who === 'revoked device') return publicRoutes.includes(route) ? success[route]! : 401
    return allowed[route]!.includes(who) ? success[route]! : who === 'anonymous' ? 401 : 403
  }

  /** The Authorization header each caller sends; a fresh device per call, so signing out in one row does not sign out the next. */
  async function credential(who: Caller, account: { email: string } | null): Promise<string | undefined> {
    const signIn = async (email: string) => (await server.call('POST', '/api/session', undefined, { email, password: 'correct horse battery', deviceName: 'matrix' })).body.value as { token: string; deviceId: string }
    if (account) return `Bearer ${(await signIn(account.email)).token}`
    if (who === 'anonymous') return undefined
    if (who === 'revoked device') {
      const admin = await (boss ??= server.agent('admin'))
      const device = await signIn(signer.email)
      expect((await server.call('DELETE', `/api/devices/${device.deviceId}`, admin.token)).status).toBe(200)
      return `Bearer ${device.token}`
    }
    const supervisor = await (lead ??= server.agent('supervisor'))
    const enrollment = (await server.call('POST', '/api/enrollments', supervisor.token, { label: 'Matrix kiosks' })).body.value as { id: string; token: string }
    if (who === 'revoked enrollment token') expect((await server.call('DELETE', `/api/enrollments/${enrollment.id}`, supervisor.token)).status).toBe(200)
    return `Enroll ${enrollment.token}`
  }

  for (const who of ['anonymous', ...roles, 'enrollment token', 'revoked enrollment token', 'revoked device'] as const) {
    it(`answers the ${who} caller as the table says`, async () => {
      const account = (roles as readonly string[]).includes(who) ? await server.agent(who as Role) : null
      const seen: Record<string, number> = {}
      let shared: string | undefined
      for (const route of Object.keys(allowed)) {
        const [method, template] = route.split(' ') as [string, string]
        // One credential for the whole walk; signing out gets its own, so it does not sign out the rest.
        const authorization = route === 'DELETE /api/session' ? await credential(who, account) : (shared ??= await credential(who, account))
        const path = /:(id|token|sha256)/.test(template) ? template.replace(/:(id|token|sha256)/, await target(route)) : route === 'GET /api/tickets/search' ? `${template}?q=printer` : template
        const body =
          route === 'POST /api/session'
            ? { email: signer.email, password: 'correct horse battery', deviceName: 'x' }
            : route === 'POST /api/sync/push'
              ? { clientId: uuidv7(), mutations: [creation(1)] }
              : route === 'POST /api/accounts'
                ? { email: `new-${uuidv7().slice(-6)}@corp.example`, name: 'New Agent', role: 'agent', password: 'twelve chars min' }
                : route === 'PATCH /api/accounts/:id'
                  ? { name: 'Renamed Agent' }
                  : route === 'PUT /api/groups/:id'
                    ? { name: `Matrix ${uuidv7().slice(-8)}`, tier: 'L2' }
                    : route === 'PUT /api/team/policies'
                      ? { calendar: officeWeek('Europe/Berlin'), sla: defaultSlaTargets }
                      : route === 'PUT /api/team/canned'
                        ? [{ id: uuidv7(), title: 'Acknowledge', body: 'We are on it.' }]
                        : route === 'PUT /api/team/synonyms'
                          ? [['pw', 'password']]
                          : route === 'PUT /api/team/refresh'
                            ? { laptop: 4, desktop: 5, server: 6, 'virtual machine': null, other: null }
                : route === 'PUT /api/directories/:id' || route === 'POST /api/directories/:id/test'
                  ? directory
                  : route === 'PUT /api/team/account-policy'
                    ? defaultAccountPolicy
                    : route === 'POST /api/people/:id/account'
                      ? { action: 'reset', ticketId: accountTicket, checks: defaultAccountPolicy.questions }
                      : route === 'POST /api/files/missing'
                        ? { hashes: [sha256Of(matrixFile)] }
                      : route === 'PUT /api/team/mail-templates'
                        ? defaultMailTemplates
                      : route === 'POST /satisfaction/:token'
                        ? { score: 5, comment: 'Quick and kind.' }
                      : route === 'PUT /api/mailboxes/:id'
                        ? { name: 'Matrix support', address: 'support@corp.example', host: '127.0.0.1', port: 1, tls: false, username: 'support', password: 'x', pollSeconds: 3600 }
                : route === 'POST /api/enrollments'
                  ? { label: 'Kiosks' }
                  : route === 'POST /api/inventory/reviews/:id'
                    ? { accept: true }
                  : route === 'POST /api/inventory/snapshots'
                    ? { id: uuidv7(), snapshot: machine() }
                    : route === 'POST /api/assets'
                      ? { changes: [{ id: uuidv7(), tag: 'AST-9001', identity: { serial: `M-${uuidv7()}`, uuid: '', macs: [] }, fields: {}, clocks: {} }] }
                      : route === 'POST /api/kb/versions'
                        ? { versions: [{ id: uuidv7(), articleId: uuidv7(), stamp: stamp(Date.now() - 60_000, 0, 'desk'), title: 'Matrix article', body: 'x', tags: [], category: '', appliesTo: { os: [], apps: [], models: [] }, status: 'published', visibility: 'internal', authorId: null, savedAt: '2026-11-23T10:00:00.000Z' }] }
                        : undefined
        if (route === 'GET /api/events') {
          const abort = new AbortController()
          const response = await fetch(`${server.url}${path}`, { headers: authorization ? { authorization } : {}, signal: abort.signal })
          seen[route] = response.status
          abort.abort()
          continue
        }
        const bytes = route === 'PUT /api/files/:sha256'
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: { ...(authorization ? { authorization } : {}), ...(bytes ? { 'content-type': 'application/octet-stream' } : body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(bytes ? { body: new Uint8Array(matrixFile) } : body === undefined ? {} : { body: JSON.stringify(body) })
        })
        seen[route] = response.status
      }
      for (const [route, status] of Object.entries(seen)) expect([route, status]).toEqual([route, expected(who, route)])
    })
  }
})
