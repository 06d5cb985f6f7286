import BetterSqlite3 from 'better-sqlite3'
import { closeSync, openSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openFrontlineCore } from '../../src/main/core/frontline-core'
import { openDatabase, openDesk } from '../../src/main/core/store/database'
import { migrate, migrations } from '../../src/main/core/store/migrations'
import { Mutation } from '../../src/shared/sync'
import { testDesk } from '../support/desk'

/** Scribbles over the tickets' own pages, as a dying disk might; the outbox pages stay readable. */
function damageTicketPages(file: string): void {
  const probe = new BetterSqlite3(file, { readonly: true })
  const pageSize = probe.pragma('page_size', { simple: true }) as number
  const pages = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'tickets'").pluck().all() as number[]
  probe.close()
  const fd = openSync(file, 'r+')
  for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (page - 1) * pageSize)
  closeSync(fd)
}

const walkIn = { subject: 'Laptop will not charge', channel: 'walk-in', requester: { name: 'Nadia Petrova', email: 'nadia@corp.example' } } as const

describe('the local desk file', () => {
  let desk: ReturnType<typeof testDesk>
  beforeEach(() => {
    desk = testDesk()
  })
  afterEach(() => desk.close())

  it('keeps a ticket and its timeline after the app closes and opens again', async () => {
    const created = await desk.call('tickets.create', walkIn)
    await desk.call('tickets.comment', { id: created.id, visibility: 'internal', body: 'Battery swollen; do not charge.' })
    desk.reopen()
    const detail = await desk.call('tickets.get', { id: created.id })
    expect(detail.ticket).toMatchObject({ subject: 'Laptop will not charge', status: 'new', channel: 'walk-in', requester: { name: 'Nadia Petrova' } })
    expect(detail.ticket.number).toMatch(/^INC-~[0-9a-f]{4}$/)
    expect(detail.timeline.map((e) => e.data.kind)).toEqual(['created', 'status', 'note'])
  })

  it('writes every change and its outbox entry in the same transaction', async () => {
    const created = await desk.call('tickets.create', walkIn)
    await desk.call('tickets.logTime', { id: created.id, minutes: 10 })
    const db = new BetterSqlite3(desk.core.dataFile, { readonly: true })
    const rows = db.prepare('SELECT seq, mutation_id, kind, payload FROM outbox ORDER BY seq').all() as Array<{ seq: number; mutation_id: string; kind: string; payload: string }>
    db.close()
    // Each entry is what the server merges: the fields set and events appended, per ticket, with a clock stamp.
    const [create, logTime] = rows.map((r) => Mutation.parse({ seq: r.seq, mutationId: r.mutation_id, kind: r.kind, ...JSON.parse(r.payload) }))
    expect(create).toMatchObject({ kind: 'ticket.create', people: [{ name: 'Nadia Petrova' }], tickets: [{ id: created.id, created: { provisionalNumber: created.number }, fields: { subject: walkIn.subject, status: 'new', channel: 'walk-in' } }] })
    expect(create!.events.map((e) => e.kind)).toEqual(['created', 'status'])
    expect(logTime).toMatchObject({ kind: 'ticket.logTime', tickets: [{ id: created.id, fields: { updated_at: expect.any(String) } }], events: [{ kind: 'time' }] })
    expect(logTime!.hlc > create!.hlc).toBe(true)
    expect(await desk.call('desk.status', {})).toMatchObject({ pendingChanges: 2 })
  })

  it('leaves nothing behind when a write fails halfway: no requester, no event, no outbox entry', async () => {
    const db = new BetterSqlite3(desk.core.dataFile)
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON tickets BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
    db.close()
    await expect(desk.call('tickets.create', walkIn)).rejects.toMatchObject({ code: 'INTERNAL' })
    expect(await desk.call('desk.status', {})).toMatchObject({ ticketCount: 0, peopleCount: 0, pendingChanges: 0 })
  })

  it('refuses to rewrite history: the timeline is append-only in the file itself', async () => {
    const created = await desk.call('tickets.create', walkIn)
    const db = new BetterSqlite3(desk.core.dataFile)
    expect(() => db.prepare('UPDATE ticket_events SET data = ? WHERE ticket_id = ?').run('{}', created.id)).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM ticket_events').run()).toThrow(/append-only/)
    db.close()
  })

  it('reuses a known requester by email instead of creating a duplicate', async () => {
    const first = await desk.call('tickets.create', walkIn)
    const second = await desk.call('tickets.create', { ...walkIn, subject: 'Charger replaced, still nothing', requester: { name: 'N. Petrova', email: 'NADIA@corp.example' } })
    expect(second.requester.id).toBe(first.requester.id)
  })

  it('shows a saved ticket to another connection before the desk is closed (the file is in WAL mode)', async () => {
    await desk.call('tickets.create', walkIn)
    // No close(): the commit is in the file and its log, not held by this connection. Durability across a
    // crash is the kill test's (kill-durability) and the settings' (desk-connections).
    const other = new BetterSqlite3(desk.core.dataFile, { readonly: true })
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(other.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(1)
    other.close()
  })
})

describe('opening a desk file', () => {
  let desk: ReturnType<typeof testDesk>
  beforeEach(() => {
    desk = testDesk()
  })
  afterEach(() => desk.close())

  it('applies migrations once and refuses a file written by a newer Frontline', () => {
    const file = join(desk.dir.path, 'other.sqlite')
    openDatabase(file).close()
    const again = openDatabase(file)
    expect(again.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version)
    again.pragma('user_version = 99')
    again.close()
    expect(() => openDatabase(file)).toThrow(/newer Frontline/)
  })

  it('upgrades a file from the first schema in place', () => {
    const file = join(desk.dir.path, 'v1.sqlite')
    const v1 = new BetterSqlite3(file)
    migrate(v1, migrations.slice(0, 1))
    v1.close()
    const upgraded = openDatabase(file)
    expect(upgraded.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version)
    expect(upgraded.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'ticket_seen'").get()).toEqual({ n: 1 })
    upgraded.close()
  })

  it('keeps a damaged file aside, carries its pending changes over, and says so', async () => {
    for (let i = 0; i < 40; i++) await desk.call('tickets.create', { ...walkIn, subject: `Offline ticket ${i}`, description: 'x'.repeat(2_000) })
    const pending = (await desk.call('desk.status', {})).pendingChanges
    desk.core.close()
    const file = desk.core.dataFile
    damageTicketPages(file)

    const { db, recovery } = openDesk(file)
    expect(recovery?.damagedFile).toMatch(/desk\.damaged-.*\.sqlite$/)
    expect(recovery?.salvagedChanges).toBe(pending)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(recovery?.salvagedChanges)
    expect(statSync(recovery!.damagedFile).size).toBeGreaterThan(0)
    db.close()
  })

  it('serves the first page at once, then moves to a recovered file when the background check finds damage', async () => {
    for (let i = 0; i < 40; i++) await desk.call('tickets.create', { ...walkIn, subject: `Offline ticket ${i}`, description: 'x'.repeat(2_000) })
    await desk.core.verified
    const { pendingChanges } = await desk.call('desk.status', {})
    desk.core.close()
    damageTicketPages(desk.core.dataFile)

    const core = openFrontlineCore({ dataDir: desk.dir.path })
    const refreshed = new Promise((resolve) => core.events.on('tickets.changed', resolve))
    await core.verified
    await refreshed
    const status = await core.dispatch('desk.status', {})
    // The tickets' pages were lost; this desk's own unsent changes rebuild them.
    expect(status).toMatchObject({ ok: true, value: { ticketCount: 40, pendingChanges, recovery: { salvagedChanges: pendingChanges } } })
    core.close()
  })

  it('keeps a file that is not a database at all aside instead of overwriting it', () => {
    const file = join(desk.dir.path, 'garbage.sqlite')
    const fd = openSync(file, 'w')
    writeSync(fd, Buffer.from('this is a spreadsheet, not a desk'.repeat(200)))
    closeSync(fd)
    const { db, recovery } = openDesk(file)
    expect(recovery).toMatchObject({ salvagedChanges: 0 })
    db.close()
  })
})
