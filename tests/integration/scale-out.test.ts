import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PushResponse } from '../../src/shared/sync'
import { startTestServer, type TestServer } from '../support/desk-server'
import { testDesk } from '../support/desk'
import { freePort } from '../support/free-port'
import { serverProcess, type ServerProcess } from '../support/server-process'

type Desk = ReturnType<typeof testDesk>

/**
 * Scale-out, proven: two built desk-server processes on one PostgreSQL, each told the other's address
 * (--peers), desks on each. A change pushed through one reaches a desk on the other by its live channel
 * (LISTEN/NOTIFY between the servers; the desks' timers are ten minutes, so only a nudge can do it).
 * Then one server is killed with SIGKILL the moment it has committed a desk's batch and before the desk
 * hears the answer, with more of that desk's changes still unsent: the desk moves to the other server
 * with the same token and every change arrives there exactly once; a desk whose live channel was on
 * the dead server moves by itself and hears nudges again.
 */
describe('two desk servers on one PostgreSQL', () => {
  let db: TestServer
  let serverA: ServerProcess
  let serverB: ServerProcess
  const desks: Desk[] = []
  // Background sync on, but its timer far away: whatever arrives within the test came by a nudge.
  const live = { background: true, intervalMs: 600_000 }

  beforeAll(async () => {
    db = await startTestServer()
    const [portA, portB] = [await freePort(), await freePort()]
    const at = (port: number) => `http://127.0.0.1:${port}`
    // Instances of one team share the key that seals its secrets, as they share the database.
    const env = { FRONTLINE_SECRET_KEY: randomBytes(32).toString('base64') }
    ;[serverA, serverB] = await Promise.all([
      serverProcess(db.databaseUrl, { args: ['--port', String(portA), '--peers', at(portB)], env }),
      serverProcess(db.databaseUrl, { args: ['--port', String(portB), '--peers', at(portA)], env })
    ])
  }, 60_000)

  afterAll(async () => {
    await Promise.all(desks.splice(0).map((d) => d.close()))
    await Promise.all([serverA?.stop(), serverB?.stop()])
    await db?.close()
  }, 60_000)

  /** A desk signed in to `serverUrl` as a new agent; `fetch` sees (and may interfere with) its traffic. */
  async function deskOn(serverUrl: string, sync: { background: boolean; intervalMs?: number }, fetchVia: typeof fetch = fetch) {
    const desk = testDesk(undefined, { ...sync, fetch: fetchVia }, { realClock: true })
    desks.push(desk)
    const account = await db.agent('agent')
    const status = await desk.call('sync.signIn', { serverUrl, email: account.email, password: 'correct horse battery' })
    expect(status).toMatchObject({ state: 'online', serverUrl })
    return desk
  }

  /** A fetch that resolves `open` once the desk's live channel is answered (the server listens for it from then on). */
  function liveWatch(): { fetch: typeof fetch; open: Promise<void> } {
    let opened!: () => void
    const open = new Promise<void>((resolve) => (opened = resolve))
    return {
      open,
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        if (String(input).includes('/api/events') && response.ok) opened()
        return response
      }
    }
  }

  let dana: Desk
  let sam: Desk
  let danaLive: ReturnType<typeof liveWatch>

  it('a change pushed through server A reaches a desk on server B by its live channel', async () => {
    danaLive = liveWatch()
    const samLive = liveWatch()
    dana = await deskOn(serverA.url, live, danaLive.fetch)
    sam = await deskOn(serverB.url, live, samLive.fetch)
    await Promise.all([danaLive.open, samLive.open])

    const ticket = await dana.call('tickets.create', { subject: 'Scale-out: VPN drops every hour', channel: 'phone', requester: { name: 'Olu Adeyemi' } })
    await expect.poll(async () => (await dana.call('sync.status', {})).pending, { timeout: 10_000 }).toBe(0)
    await expect.poll(async () => (await sam.call('tickets.list', { limit: 50, sort: 'updated' })).tickets.map((t) => t.id), { timeout: 10_000 }).toContain(ticket.id)
    expect((await sam.call('tickets.get', { id: ticket.id })).ticket.subject).toBe('Scale-out: VPN drops every hour')
    expect((await dana.call('sync.status', {})).serverUrl).toBe(serverA.url)
    expect((await sam.call('sync.status', {})).serverUrl).toBe(serverB.url)
  })

  it('kill -9 server A with a desk’s batch committed but unanswered and more unsent: the desk moves to B, every change exactly once', async () => {
    let armed = false
    let answeredBeforeKill: number | null = null
    const onB: PushResponse[] = []
    const kaiFetch: typeof fetch = async (input, init) => {
      const url = String(input)
      const response = await fetch(input, init)
      if (armed && url.startsWith(serverA.url) && url.endsWith('/api/sync/push')) {
        armed = false
        // A has committed the batch and written its answer; it dies before the desk reads it, so the
        // desk is told what a connection reset tells it. The worst moment for exactly-once.
        answeredBeforeKill = response.status
        await response.arrayBuffer()
        await serverA.kill()
        throw new TypeError('fetch failed', { cause: new Error('read ECONNRESET') })
      }
      if (url.startsWith(serverB.url) && url.endsWith('/api/sync/push')) onB.push(((await response.clone().json()) as { value: PushResponse }).value)
      return response
    }
    const kai = await deskOn(serverA.url, { background: false }, kaiFetch)
    // Server A named B when kai signed in: the link beside the desk file knows both.
    const link = JSON.parse(readFileSync(join(kai.dir.path, 'desk-link.json'), 'utf8')) as { servers: string }
    expect(JSON.parse(link.servers)).toEqual([serverA.url, serverB.url])

    // 250 changes offline: two push batches (200 + 50).
    const tickets: string[] = []
    for (let t = 0; t < 50; t++) {
      const ticket = await kai.call('tickets.create', { subject: `Kai failover ${String(t).padStart(2, '0')}`, channel: 'walk-in', requester: { name: `Walk-in ${t % 7}` } })
      tickets.push(ticket.id)
      for (let n = 0; n < 4; n++) await kai.call('tickets.comment', { id: ticket.id, visibility: 'internal', body: `kai-note-${t}-${n}` })
    }
    expect((await kai.call('sync.status', {})).pending).toBe(250)

    armed = true
    const synced = await kai.call('sync.now', {})
    expect(answeredBeforeKill).toBe(200)
    expect(serverA.child.signalCode).toBe('SIGKILL')
    expect(synced).toMatchObject({ state: 'online', serverUrl: serverB.url, pending: 0, refused: [], lastError: null })
    // B saw the first batch again and called it what it was; the rest it applied.
    const statuses = onB.flatMap((answer) => answer.results.map((r) => r.status))
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(200)
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(50)

    // Exactly once in PostgreSQL: every ticket and every note, none twice.
    const { rows: ticketRows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM tickets WHERE fields->>'subject' LIKE 'Kai failover %'")
    expect(ticketRows[0]!.n).toBe(50)
    const { rows: notes } = await db.pool.query<{ body: string; n: number }>("SELECT body, count(*)::int AS n FROM ticket_events WHERE body LIKE 'kai-note-%' GROUP BY body")
    expect(notes).toHaveLength(200)
    expect(notes.every((row) => row.n === 1)).toBe(true)

    // Dana's live channel was on A: it dropped, her desk moved to B by itself and listens there now.
    await expect.poll(async () => (await dana.call('sync.status', {})).serverUrl, { timeout: 15_000 }).toBe(serverB.url)
    const fromSam = await sam.call('tickets.create', { subject: 'Scale-out: after the failover', channel: 'phone', requester: { name: 'Olu Adeyemi' } })
    await expect.poll(async () => (await dana.call('tickets.list', { limit: 100, sort: 'updated' })).tickets.map((t) => t.id), { timeout: 10_000 }).toContain(fromSam.id)

    // And the desk that stayed on B got all of kai's work, each note once.
    await expect.poll(async () => (await sam.call('tickets.list', { limit: 200, sort: 'updated' })).tickets.filter((t) => tickets.includes(t.id)).length, { timeout: 15_000 }).toBe(50)
    for (const id of tickets) {
      const notesSeen = (await sam.call('tickets.get', { id })).timeline.filter((e) => e.data.kind === 'note')
      expect(notesSeen).toHaveLength(4)
    }
  })

  it('judges the peers a server names as hostile input, and an answer that refuses (not silence) never moves a desk', async () => {
    let refuse = false
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
    const lea = await deskOn(serverB.url, { background: false }, async (input, init) => {
      const url = String(input)
      // What a compromised or misconfigured server (or whoever sits on plain http) could say.
      if (url.endsWith('/api/servers')) return json(200, { ok: true, value: { peers: ['http://evil.example:8080', 'https://desk-c.corp.example/', 'https://x:y@desk-d.corp.example', 'javascript:alert(1)'] } })
      if (refuse && url.includes('/api/sync/pull')) return json(503, { ok: false, error: { code: 'UNAVAILABLE', message: 'Down for maintenance.' } })
      return fetch(input, init)
    })
    const status = await lea.call('sync.status', {})
    expect(status.lastError).toMatch(/named 3 addresses this desk will not move to/)
    const link = JSON.parse(readFileSync(join(lea.dir.path, 'desk-link.json'), 'utf8')) as { servers: string }
    expect(JSON.parse(link.servers)).toEqual([serverB.url, 'https://desk-c.corp.example'])

    // B answers, if only to refuse: the desk stays with B rather than try desk-c.
    refuse = true
    expect(await lea.call('sync.now', {})).toMatchObject({ state: 'offline', serverUrl: serverB.url, lastError: 'Down for maintenance.' })
  })
})
