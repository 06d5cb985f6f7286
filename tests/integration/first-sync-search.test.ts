import { afterAll, beforeAll, expect, it } from 'vitest'
import { pullPageSize } from '../../src/shared/sync'
import { testDesk } from '../support/desk'
import { startTestServer, type TestServer } from '../support/desk-server'
import { seedTeamHistory } from '../support/server-seed'

// The directory first (a page of people alone, and half the next, whose rest are tickets), then the tickets: five pages.
const PEOPLE = 3_000
const TICKETS = 1_500

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
  await seedTeamHistory(server.pool, TICKETS, PEOPLE)
}, 120_000)
afterAll(() => server?.close())

it('a first sync makes the requester search once the directory has landed, before its last page, and every search at its end', { timeout: 120_000 }, async () => {
  expect(PEOPLE).toBeGreaterThan(pullPageSize)
  expect(PEOPLE).toBeLessThan(2 * pullPageSize)
  expect(PEOPLE + 4 * TICKETS).toBeGreaterThan(3 * pullPageSize)
  const agent = await server.agent('agent')
  // The third page is held until the test has asked the desk, so the sync is still under way then.
  let asked = 0
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  let reached!: () => void
  const atThirdPage = new Promise<void>((resolve) => (reached = resolve))
  const fetcher: typeof fetch = async (input, init) => {
    if (String(input).includes('/api/sync/pull') && ++asked === 3) {
      reached()
      await held
    }
    return fetch(input, init)
  }
  const desk = testDesk(undefined, { background: false, fetch: fetcher }, { realClock: true })
  try {
    await desk.call('sync.setWindow', { days: 0 })
    const signIn = desk.call('sync.signIn', { serverUrl: server.url, email: agent.email, password: 'correct horse battery' })
    // Should the test fail while it waits, the desk closes under the sync: that is not a second failure.
    signIn.catch(() => undefined)
    await atThirdPage
    // The second page's tickets have begun: its writing gives way between slices, so wait for one.
    await expect.poll(async () => (await desk.call('desk.status', {})).ticketCount, { timeout: 30_000 }).toBeGreaterThan(0)
    // Requester 2999 came in the second page, ahead of its tickets: the picker finds them mid-sync by a word of
    // their address (the word search; a name's beginning is found without it).
    const during = await desk.call('people.search', { query: 'requester2999', limit: 50 })
    expect(during.map((p) => p.name)).toEqual(['Requester 2999'])
    release()
    expect(await signIn).toMatchObject({ state: 'online' })
    expect((await desk.call('desk.status', {})).ticketCount).toBe(TICKETS)
    expect((await desk.call('people.search', { query: `Requester ${PEOPLE}`, limit: 50 })).map((p) => p.name)).toContain(`Requester ${PEOPLE}`)
    const hits = await desk.call('tickets.search', { query: `Printer ${TICKETS} prints blank`, limit: 5 })
    // Found on this desk, not on the server it falls through to.
    expect(hits.filter((h) => !h.onServer).map((h) => h.ticket.number)).toContain(`INC-${100000 + TICKETS}`)
  } finally {
    release()
    await desk.close()
  }
})
