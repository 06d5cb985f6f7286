import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { inChangeOrder } from '../../src/server/assets'
import { seedServerHistory } from '../../src/server/seed-history'
import { appendEvents, setTicketFields } from '../../src/server/ticket-records'
import { formatHlc } from '../../src/shared/hlc'
import type { PullResponse } from '../../src/shared/sync'
import { testDesk } from '../support/desk'
import { startTestServer } from '../support/desk-server'
import { suiteServer } from '../support/suite-server'

type Desk = ReturnType<typeof testDesk>
const DAY = 86_400_000

/**
 * Issue 22: a desk keeps its window of closed tickets (90 days by default); older closed ones stay on
 * the server until opened or searched for. The server's history is seeded relative to its now(): 200
 * tickets a day and a minute apart (the last logged now), every tenth still open, the rest closed;
 * the minute keeps every ticket clear of a window's edge, whenever the test runs.
 */
describe('the pull window: old closed tickets stay on the server until asked for', () => {
  const server = suiteServer()
  const desks: Desk[] = []
  afterEach(async () => {
    for (const desk of desks.splice(0)) await desk.close()
  })
  beforeAll(async () => {
    await seedServerHistory(server.pool, { tickets: 200, people: 50, spacingMinutes: 1441 })
  })

  /** Ticket g of the seed: its id and number. */
  const seeded = async (g: number) => (await server.pool.query<{ id: string; number: string }>('SELECT id, number FROM tickets WHERE number = $1', [`INC-${100000 + g}`])).rows[0]!
  /** What a desk with this window should hold, judged here from the seed's own dates. */
  const inWindow = async (days: number) =>
    Number(
      (
        await server.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM tickets WHERE $1 = 0 OR fields->>'status' <> 'closed' OR (fields->>'updated_at')::timestamptz >= now() - $1 * interval '1 day'`,
          [days]
        )
      ).rows[0]!.n
    )

  async function desk(window?: number, fetcher?: typeof fetch) {
    const d = testDesk(undefined, { background: false, ...(fetcher ? { fetch: fetcher } : {}) }, { realClock: true })
    desks.push(d)
    if (window !== undefined) await d.call('sync.setWindow', { days: window })
    const account = await server.agent('agent')
    await d.call('sync.signIn', { serverUrl: server.url, email: account.email, password: 'correct horse battery' })
    return Object.assign(d, { account })
  }
  const count = async (d: Desk) => (await d.call('desk.status', {})).ticketCount

  it('pulls open tickets and those closed within 90 days, not older closed ones nor their events; the cursor still reaches the end', async () => {
    const dana = await desk()
    expect(await dana.call('sync.window', {})).toEqual({ days: 90 })
    const expected = await inWindow(90)
    expect(expected).toBeGreaterThan(100)
    expect(expected).toBeLessThan(200)
    expect(await count(dana)).toBe(expected)
    // Ticket 51 closed 149 days ago: not here. Ticket 151 closed 49 days ago, and ticket 40, open for 160 days: here.
    const old = await seeded(51)
    await expect(dana.call('tickets.list', { statuses: ['closed'], limit: 500 })).resolves.toMatchObject({ total: expected - 20 })
    const list = await dana.call('tickets.list', { limit: 500, sort: 'created' })
    expect(list.tickets.map((t) => t.number)).not.toContain(old.number)
    expect(list.tickets.map((t) => t.number)).toEqual(expect.arrayContaining(['INC-100151', 'INC-100040']))

    // Page by page, as small as pages go: no skipped ticket or its events, and the last page ends at the newest change.
    const top = Number((await server.pool.query<{ n: string }>('SELECT max(change_seq) AS n FROM ticket_events')).rows[0]!.n)
    const seen = { tickets: new Set<string>(), events: [] as Array<{ ticketId: string }> }
    let cursor = 0
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(200)
      const page = (await server.call('GET', `/api/sync/pull?cursor=${cursor}&limit=7&window=90`, dana.account.token)).body.value as PullResponse
      for (const t of page.tickets) seen.tickets.add(t.id)
      seen.events.push(...page.events)
      expect(page.cursor).toBeGreaterThanOrEqual(cursor)
      cursor = page.cursor
      if (!page.more) break
    }
    expect(cursor).toBeGreaterThanOrEqual(top)
    expect(seen.tickets.size).toBe(expected)
    expect(seen.tickets.has(old.id)).toBe(false)
    expect(seen.events.filter((e) => e.ticketId === old.id)).toEqual([])
    expect(seen.events).toHaveLength(expected * 3)
    // Asked again from the end: nothing, and nothing walked again.
    const after = (await server.call('GET', `/api/sync/pull?cursor=${cursor}&window=90`, dana.account.token)).body.value as PullResponse
    expect(after).toMatchObject({ cursor, more: false, tickets: [], events: [] })
  })

  it('pulls everything with window 0, and a wider window later fetches what the narrower one left', async () => {
    const all = await desk(0)
    expect(await count(all)).toBe(await inWindow(0))

    const sam = await desk(30)
    expect(await count(sam)).toBe(await inWindow(30))
    expect(await sam.call('sync.setWindow', { days: 120 })).toEqual({ days: 120 })
    await sam.call('sync.now', {})
    expect(await count(sam)).toBe(await inWindow(120))
    // Narrower again: what the desk holds stays (nothing is deleted), and nothing new is skipped wrongly.
    await sam.call('sync.setWindow', { days: 7 })
    await sam.call('sync.now', {})
    expect(await count(sam)).toBe(await inWindow(120))
    const ticket = await seeded(101)
    expect((await sam.call('tickets.get', { id: ticket.id })).timeline.map((e) => e.data.kind)).toEqual(['created', 'status', 'status'])
  })

  it('opens an old ticket from the server with its whole timeline, and keeps it', async () => {
    const dana = await desk()
    const before = await count(dana)
    const old = await seeded(21)
    const opened = await dana.call('tickets.get', { id: old.id })
    expect(opened.ticket).toMatchObject({ number: old.number, status: 'closed', subject: 'Printer 21 prints blank pages' })
    expect(opened.requester).toMatchObject({ name: expect.stringMatching(/^Requester /) })
    expect(opened.timeline.map((e) => e.data.kind)).toEqual(['created', 'status', 'status'])
    expect(await count(dana)).toBe(before + 1)
    // No such ticket anywhere: said so, typed.
    await expect(dana.call('tickets.get', { id: uuidv7() })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('or on the desk server') })
  })

  it('finds old tickets on the server when searching, marked as such, and opening one fetches it', async () => {
    const dana = await desk()
    const old = await seeded(31)
    const hits = await dana.call('tickets.search', { query: 'printer 31' })
    expect(hits.map((h) => [h.ticket.number, h.onServer ?? false])).toEqual([[old.number, true]])
    expect(hits[0]!.snippet.some((s) => s.hit)).toBe(true)
    // The look left nothing behind: not on the desk until opened.
    expect(await count(dana)).toBe(await inWindow(90))
    const byNumber = await dana.call('tickets.search', { query: 'inc-100033' })
    expect(byNumber.map((h) => [h.ticket.number, h.onServer])).toEqual([['INC-100033', true]])
    // Tickets the desk holds come from the desk, unmarked; a recent one is not asked for twice.
    const recent = await dana.call('tickets.search', { query: 'printer 190' })
    expect(recent.map((h) => [h.ticket.number, h.onServer])).toEqual([['INC-100190', undefined]])

    const opened = await dana.call('tickets.get', { id: hits[0]!.ticket.id })
    expect(opened.timeline).toHaveLength(3)
    expect((await dana.call('tickets.search', { query: 'printer 31' })).map((h) => [h.ticket.number, h.onServer])).toEqual([[old.number, undefined]])
  })

  it('a server slower than the search waits: the desk’s hits come first, then the console is told and the same search shows the old ticket', async () => {
    let slow = false
    const lagging: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init)
      if (slow && String(input).includes('/api/tickets/search')) await new Promise((r) => setTimeout(r, 2_500))
      return answer
    }
    const dana = await desk(undefined, lagging)
    const old = await seeded(41)
    slow = true
    const told = new Promise<{ ids: string[] }>((resolve) => dana.core.events.on('tickets.changed', resolve))
    expect(await dana.call('tickets.search', { query: 'printer 41' })).toEqual([])
    expect(await told).toEqual({ ids: [] })
    // Asked again (as the console does when told): the late answer, without waiting on the server again.
    const again = await dana.call('tickets.search', { query: 'printer 41' })
    expect(again.map((h) => [h.ticket.number, h.onServer])).toEqual([[old.number, true]])
    // Typed over: the console is told once, for the search on screen; the earlier one's late answer is dropped.
    let told52 = () => {}
    const toldOnce = new Promise<void>((resolve) => (told52 = resolve))
    let tellings = 0
    dana.core.events.on('tickets.changed', () => {
      tellings++
      told52()
    })
    await Promise.all([dana.call('tickets.search', { query: 'printer 51' }), dana.call('tickets.search', { query: 'printer 52' })])
    await toldOnce
    await new Promise((r) => setTimeout(r, 1_000))
    expect(tellings).toBe(1)
    expect((await dana.call('tickets.search', { query: 'printer 52' })).map((h) => [h.ticket.number, h.onServer])).toEqual([['INC-100052', true]])
  })

  it('offline, an old ticket cannot open and says why; the search answers with the desk’s own', async () => {
    let offline = false
    const flaky: typeof fetch = (input, init) => (offline ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init))
    const dana = await desk(undefined, flaky)
    offline = true
    const old = await seeded(11)
    await expect(dana.call('tickets.get', { id: old.id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/older ticket kept on the desk server/) })
    // Printers 111 to 119 match too (a number is also a prefix); none from the server.
    const local = await dana.call('tickets.search', { query: 'printer 11' })
    expect(local.length).toBeGreaterThan(0)
    expect(local.filter((h) => h.onServer || h.ticket.id === old.id)).toEqual([])
    offline = false
    expect((await dana.call('tickets.get', { id: old.id })).ticket.number).toBe(old.number)
  })

  it('a closed ticket changed again after the window left it arrives at the next sync, with its earlier timeline', async () => {
    const dana = await desk()
    const old = await seeded(61)
    expect((await dana.call('tickets.list', { limit: 500 })).tickets.map((t) => t.id)).not.toContain(old.id)
    // An admin's correction on the server (as the server's own jobs write): back in progress, now.
    await inChangeOrder(
      server.pool,
      async (db) => {
        const at = new Date().toISOString()
        await setTicketFields(db, old.id, { status: 'in_progress', updated_at: at, resolved_at: null }, formatHlc({ wall: Date.now(), counter: 0, node: 'desk-server' }))
        await appendEvents(db, old.id, at, [{ kind: 'status', from: 'closed', to: 'in_progress', pendingReason: null, resolutionCode: null, resolutionNotes: null }])
        return { value: null, changed: true }
      },
      { tickets: [old.id] }
    )
    await dana.call('sync.now', {})
    const detail = await dana.call('tickets.get', { id: old.id })
    expect(detail.ticket.status).toBe('in_progress')
    expect(detail.timeline.map((e) => e.data.kind)).toEqual(['created', 'status', 'status', 'status'])
    expect((await dana.call('sync.status', {})).quarantined).toBe(0)
  })

  it('a ticket closed on a desk carries its closing time to every event; aged out, it stays on that desk and skips a new one', async () => {
    const dana = await desk()
    const logged = await dana.call('tickets.create', { subject: 'Scanner jams on duplex', channel: 'phone', requester: { name: 'Olu Adeyemi' } })
    await dana.call('tickets.comment', { id: logged.id, visibility: 'internal', body: 'Cleaned the rollers.' })
    await dana.call('tickets.setStatus', { id: logged.id, status: 'resolved', resolution: { code: 'solved', notes: 'Rollers replaced.' } })
    await dana.call('tickets.setStatus', { id: logged.id, status: 'closed' })
    await dana.call('sync.now', {})
    const marks = async () =>
      (await server.pool.query<{ closed: string | null; marked: string | null }>('SELECT t.closed_since AS closed, e.ticket_closed_since AS marked FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.id = $1', [logged.id])).rows
    const closed = await marks()
    expect(closed.length).toBeGreaterThanOrEqual(4)
    expect(closed.every((r) => r.closed !== null && r.marked === r.closed)).toBe(true)
    // The history moves 200 days back, as if it closed then (the trigger carries it to the events too).
    const aged = new Date(Date.now() - 200 * DAY).toISOString()
    await server.pool.query(`UPDATE tickets SET fields = fields || jsonb_build_object('updated_at', $2::text) WHERE id = $1`, [logged.id, aged])
    expect((await marks()).every((r) => r.marked === aged)).toBe(true)
    await dana.call('sync.now', {})
    expect((await dana.call('tickets.get', { id: logged.id })).ticket.status).toBe('closed')
    const sam = await desk()
    expect((await sam.call('tickets.list', { limit: 500 })).tickets.map((t) => t.id)).not.toContain(logged.id)
    const all = await desk(0)
    expect((await all.call('tickets.get', { id: logged.id })).timeline.some((e) => e.data.kind === 'note')).toBe(true)
  })

  it('refuses hostile input with typed errors, and the ticket routes anyone not signed in', async () => {
    const dana = testDesk(undefined, { background: false }, { realClock: true })
    desks.push(dana)
    for (const days of [3, 6, 3651, -1, 1.5]) await expect(dana.call('sync.setWindow', { days })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(await dana.call('sync.window', {})).toEqual({ days: 90 })
    // Not signed in, not on this desk: as before.
    await expect(dana.call('tickets.get', { id: uuidv7() })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/No such ticket on this desk\.$/) })

    const { token } = await server.agent('agent')
    const old = await seeded(5)
    for (const path of [`/api/tickets/${old.id}`, '/api/tickets/search?q=printer']) {
      expect(await server.call('GET', path)).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHORIZED' } } })
    }
    for (const path of [
      '/api/tickets/not-an-id',
      "/api/tickets/1'%20OR%201=1",
      '/api/tickets/search',
      '/api/tickets/search?q=',
      `/api/tickets/search?q=${'x'.repeat(201)}`,
      '/api/tickets/search?q=printer&window=0',
      '/api/tickets/search?q=printer&limit=21',
      '/api/tickets/search?q=printer&extra=1',
      '/api/sync/pull?window=3651',
      '/api/sync/pull?window=-1',
      '/api/sync/pull?window=ninety'
    ]) {
      expect(await server.call('GET', path, token), path).toMatchObject({ status: 400, body: { ok: false, error: { code: 'INVALID_INPUT' } } })
    }
    expect(await server.call('GET', `/api/tickets/${uuidv7()}`, token)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
    // Search text is words, never SQL or tsquery syntax.
    for (const q of ["printer' OR 1=1 --", 'printer & | ! :*', '((', '\\']) {
      const answer = await server.call('GET', `/api/tickets/search?q=${encodeURIComponent(q)}`, token)
      expect(answer.status, q).toBe(200)
    }
    const found = (await server.call('GET', `/api/tickets/${old.id}`, token)).body.value as PullResponse
    expect(found.tickets).toHaveLength(1)
    expect(found.events).toHaveLength(3)
    expect(Date.now() - Date.parse((found.tickets[0]!.fields as { updated_at: string }).updated_at)).toBeGreaterThan(150 * DAY)
  })
})

describe('npm run seed -- --server', () => {
  it('fills an empty desk server database with a long history, and refuses one that holds tickets or an address that is not PostgreSQL', async () => {
    const run = promisify(execFile)
    const seed = (...args: string[]) => run(process.execPath, [resolve('out/main/seed.js'), ...args]).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr })
    )
    const server = await startTestServer()
    try {
      expect(await seed('--server', server.databaseUrl, '--tickets', '2000')).toMatchObject({ code: 0, out: expect.stringContaining('seeded 2,000 tickets') })
      const { rows } = await server.pool.query<{ n: number; recent: number; open: number; events: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE created_at > now() - interval '90 days')::int AS recent,
                count(*) FILTER (WHERE fields->>'status' <> 'closed')::int AS open, (SELECT count(*)::int FROM ticket_events) AS events FROM tickets`
      )
      expect(rows[0]).toMatchObject({ n: 2000, events: 6000 })
      // One in ten within 90 days (give or take the edge), and only recent ones still open.
      expect(rows[0]!.recent).toBeGreaterThanOrEqual(199)
      expect(rows[0]!.recent).toBeLessThanOrEqual(201)
      expect(rows[0]!.open).toBeGreaterThan(0)
      expect(rows[0]!.open).toBeLessThan(rows[0]!.recent)
      expect(await seed('--server', server.databaseUrl, '--tickets', '10')).toMatchObject({ code: 2, err: expect.stringContaining('already holds 2,000 tickets') })
      expect(await seed('--server', 'http://example.com', '--tickets', '10')).toMatchObject({ code: 2, err: expect.stringContaining('A PostgreSQL address') })
      expect(await seed('--server', server.databaseUrl, '--tickets', '-5')).toMatchObject({ code: 2 })
    } finally {
      await server.close()
    }
  }, 60_000)
})
