import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { methodNames } from '../../src/shared/contract'
import { testDesk } from '../support/desk'

/** A small deterministic generator of hostile-but-plausible values. */
function generator(seed: number) {
  let state = seed
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  return { random, pick }
}

describe('the contract under 1,000 random calls', () => {
  it('answers every bad call with a typed error and leaves the desk exactly as it was', async () => {
    const desk = testDesk()
    await desk.call('desk.loadSample', {})
    const { tickets } = await desk.call('tickets.list', { limit: 10 })
    const { groups, agents } = await desk.call('desk.directory', {})
    const ids = [...tickets.map((t) => t.id), ...groups.map((g) => g.id), ...agents.map((a) => a.id), '0190a2b4-0000-7000-8000-000000000000']
    const { random, pick } = generator(20261123)
    const keys = ['id', 'subject', 'status', 'channel', 'requester', 'query', 'limit', 'body', 'visibility', 'minutes', 'groupId', 'handoff', 'priority', 'reason', 'otherId', 'intoId', 'score', 'impact', 'urgency', 'resolution', 'assigneeId', '__proto__', 'constructor']
    const value = (depth: number): unknown => {
      switch (Math.floor(random() * 11)) {
        case 0: return pick(ids)
        case 1: return pick(['', ' ', 'x'.repeat(25_000), '<img src=x onerror=alert(1)>', "'; DROP TABLE tickets; --", 'NEAR(" *', 'pending', 'resolved', 'closed', 'phone', 'public', 'P1', 'high'])
        case 2: return pick([0, -1, 1, 5, 61, 1e9, Number.MAX_SAFE_INTEGER, 2.5, Number.NaN])
        case 3: return pick([true, false, null])
        case 4: return depth > 2 ? null : Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1))
        default: return depth > 2 ? 'deep' : Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [pick(keys), value(depth + 1)]))
      }
    }
    const snapshot = () => {
      const db = new BetterSqlite3(desk.core.dataFile, { readonly: true })
      const state = db
        .prepare(`SELECT (SELECT group_concat(id || status || priority || updated_at) FROM tickets) || '|' ||
                         (SELECT count(*) FROM ticket_events) || '|' || (SELECT count(*) FROM outbox) || '|' || (SELECT count(*) FROM people)`)
        .pluck()
        .get() as string
      db.close()
      return state
    }

    let refused = 0
    let before = snapshot()
    for (let i = 0; i < 1_000; i++) {
      const method = random() < 0.9 ? pick(methodNames) : pick(['tickets.drop', '', 'constructor'])
      const result = await desk.core.dispatch(method, value(0))
      const after = snapshot()
      if (!result.ok) {
        refused++
        expect(result.error.code, `${method}: ${result.error.message}`).not.toBe('INTERNAL')
        expect(after, `${method} was refused but changed the desk`).toBe(before)
      }
      before = after
    }
    expect(refused).toBeGreaterThan(900)
    desk.close()
  })
})
