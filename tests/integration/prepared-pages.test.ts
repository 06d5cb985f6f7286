import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { pull } from '../../src/server/sync-service'
import { pullPageSize } from '../../src/shared/sync'
import { testDesk } from '../support/desk'
import { startTestServer, type TestServer } from '../support/desk-server'
import { seedTeamHistory } from '../support/server-seed'

type Page = { cursor: number; more: boolean; tickets: Array<{ id: string; fields: { subject?: string; status?: string } }> }

/**
 * A new desk's first sync from pages the server made before anyone asked (prepared-pages.ts): the same
 * pages a pull would make, sent only to a signed-in desk, and never the reason a desk misses a change.
 */
describe('first-sync pages made ahead by the desk server', () => {
  let server: TestServer
  let reader: Awaited<ReturnType<TestServer['agent']>>
  const desks: Array<ReturnType<typeof testDesk>> = []

  beforeAll(async () => {
    server = await startTestServer({ preparedPagesBytes: 16 * 1_048_576 })
    // 1,500 tickets with three events each: three full pages made ahead, and a last one made as asked.
    await seedTeamHistory(server.pool, 1_500, 100)
    reader = await server.agent('agent')
    // The pages are made as the server starts listening.
    await server.restart()
    await vi.waitFor(async () => expect((await server.call('GET', '/api/health')).body.value).toEqual({ status: 'ok', preparedPages: 'ready' }), { timeout: 60_000, interval: 100 })
  }, 120_000)
  afterAll(async () => {
    await Promise.all(desks.map((d) => d.close()))
    await server.close()
  })

  /** The first page of a 90-day first sync; gzip taken (as every desk does) or not (then it is made as asked). */
  async function firstPage(encoding: 'gzip' | 'identity', token: string | null = reader.token) {
    const response = await fetch(`${server.url}/api/sync/pull?cursor=0&limit=${pullPageSize}&window=90`, {
      headers: { 'accept-encoding': encoding, ...(token ? { authorization: `Bearer ${token}` } : {}) }
    })
    return { status: response.status, body: (await response.json()) as { ok: boolean; value?: Page; error?: { code: string } } }
  }

  /** A desk signed in (its first sync done); the cursor of each pull it asked for is kept in `cursors`. */
  async function desk() {
    const cursors: number[] = []
    const watched: typeof fetch = (input, init) => {
      const asked = new URL(String(input))
      if (asked.pathname === '/api/sync/pull') cursors.push(Number(asked.searchParams.get('cursor')))
      return fetch(input, init)
    }
    const d = testDesk(undefined, { background: false, fetch: watched }, { realClock: true })
    desks.push(d)
    const account = await server.agent('agent')
    const signedIn = await d.call('sync.signIn', { serverUrl: server.url, email: account.email, password: 'correct horse battery' })
    return Object.assign(d, { signedIn, cursors })
  }

  it('sends the page a pull makes, to a signed-in desk only', async () => {
    const prepared = await firstPage('gzip')
    expect(prepared.body.value?.more).toBe(true)
    expect(prepared.body.value).toEqual(JSON.parse(JSON.stringify(await pull(server.pool, 0, pullPageSize, 90))))
    // A client that takes no gzip gets the same page, opened.
    expect((await firstPage('identity')).body).toEqual(prepared.body)
    // The bytes were made ahead, but who asks is checked as for any pull.
    expect(await firstPage('gzip', null)).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHORIZED' } } })
    expect(await firstPage('gzip', 'not-a-token')).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHORIZED' } } })
  })

  it('a desk that first-syncs from them holds every ticket, the team directory, and a change made after they were', async () => {
    const dana = await desk()
    const total = (await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).rows[0]!.n
    expect(dana.signedIn).toMatchObject({ state: 'online', lastError: null })
    expect(dana.signedIn.teamVersion).toBeGreaterThan(0)
    expect((await dana.call('desk.status', {})).ticketCount).toBe(total)

    // Dana renames an open ticket the first prepared page holds; the pages are not made again for one change.
    const early = (await firstPage('gzip')).body.value!.tickets.find((t) => t.fields.status === 'in_progress')!
    await dana.call('tickets.update', { id: early.id, subject: 'Printer on floor 2 prints blank pages since the toner swap' })
    expect(await dana.call('sync.now', {})).toMatchObject({ pending: 0, refused: [] })
    const stale = (await firstPage('gzip')).body.value!.tickets.find((t) => t.id === early.id)
    expect(stale?.fields.subject).toBe(early.fields.subject)

    // Made now, the first page would end one row later (the ticket moved past it); the prepared one ends where it did.
    const preparedEnd = (await firstPage('gzip')).body.value!.cursor
    expect((await pull(server.pool, 0, pullPageSize, 90)).cursor).not.toBe(preparedEnd)

    // Sam's first sync starts from that older page (his second pull asks from where it ends) and still ends with Dana's subject: the change comes in a later page.
    const sam = await desk()
    expect(sam.cursors.slice(0, 2)).toEqual([0, preparedEnd])
    expect((await sam.call('desk.status', {})).ticketCount).toBe(total)
    expect((await sam.call('tickets.get', { id: early.id })).ticket.subject).toBe('Printer on floor 2 prints blank pages since the toner swap')
    // Search, indexed once at the end of a first sync of several pages, finds the ticket by the words of its later row.
    expect((await sam.call('tickets.search', { query: 'toner swap', limit: 20 })).map((h) => h.ticket.id)).toEqual([early.id])
  })
})
