import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inChangeOrder } from '../../src/server/assets'
import { pull } from '../../src/server/sync-service'
import { setTicketFields } from '../../src/server/ticket-records'
import { formatHlc } from '../../src/shared/hlc'
import { startTestServer, type TestServer } from '../support/desk-server'
import { seedTeamHistory } from '../support/server-seed'

let server: TestServer
let moved: string

beforeAll(async () => {
  server = await startTestServer()
  await seedTeamHistory(server.pool, 30, 12)
  // The first ticket is changed after the rest were filed: its row now lies past its own events.
  moved = (await server.pool.query<{ id: string }>('SELECT id FROM tickets ORDER BY change_seq LIMIT 1')).rows[0]!.id
  await inChangeOrder(server.pool, async (db) => {
    await setTicketFields(db, moved, { subject: 'Docking station replaced, monitors back' }, formatHlc({ wall: Date.now(), counter: 0, node: 'desk-server' }))
    return { value: null, changed: true }
  })
}, 120_000)
afterAll(() => server?.close())

describe('pull pages', () => {
  for (const window of [0, 36_500]) {
    it(`carry the ticket of every event they hold, and every ticket's requester, even when those rows lie further on (window ${window})`, async () => {
      const people = new Set<string>()
      const events: string[] = []
      let sawMoved = 0
      for (let cursor = 0, more = true; more; ) {
        const page = await pull(server.pool, cursor, 7, window)
        const tickets = new Map(page.tickets.map((t) => [t.id, t]))
        for (const p of page.people as Array<{ id: string }>) people.add(p.id)
        for (const e of page.events) expect(tickets.has(e.ticketId), `event ${e.kind} of ${e.ticketId} came without its ticket`).toBe(true)
        for (const t of page.tickets) expect(people.has(t.fields.requester_id as string), `ticket ${t.number} came before its requester`).toBe(true)
        if (tickets.has(moved)) {
          sawMoved++
          expect(tickets.get(moved)!.fields.subject).toBe('Docking station replaced, monitors back')
        }
        events.push(...page.events.map((e) => e.id))
        ;({ cursor, more } = page)
      }
      // Brought along with its first events, and again in its own place.
      expect(sawMoved).toBeGreaterThanOrEqual(2)
      const total = (await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_events')).rows[0]!.n
      expect(new Set(events).size).toBe(total)
    })
  }
})
