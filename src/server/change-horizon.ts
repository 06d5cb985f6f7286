import type { Pool } from 'pg'

/**
 * How far a pull may read: the newest change sequence below which no writer is still running.
 *
 * Writers take change sequences (change_seq_next, migration 16) without a lock, so a later sequence
 * may commit before an earlier one; a pull that read up to the later one would never come back for
 * the earlier. So a pull reads the sequence's last value L first, then, in a later statement, which
 * transactions hold a transaction id: every writer holding a sequence at or below L took its id
 * before it, so it is among them or has ended. Once none of them holds its id any more, every row up
 * to L is visible to the next statement, and L is the horizon.
 *
 * Running writers are read from pg_stat_activity, not from a snapshot: a snapshot lists only ids
 * below the newest one completed, and a writer younger than that is running but not listed.
 *
 * A push takes milliseconds. A writer still running after `waitMs` (a directory sync, a stalled disk)
 * is remembered as slow, and pulls answer at once with the last horizon this server proved (which
 * never moves back) until it ends; its commit nudges every desk, which then pulls the rest.
 */
interface PoolHorizon {
  proved: number
  slow: Set<string>
}
const byPool = new WeakMap<Pool, PoolHorizon>()

const runningSql = `SELECT coalesce(array_agg(pid || ':' || backend_xid), '{}') AS running FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()`

export async function changeHorizon(pool: Pool, { waitMs = 1_000 } = {}): Promise<number> {
  const state = byPool.get(pool) ?? { proved: 0, slow: new Set<string>() }
  byPool.set(pool, state)
  // Two statements in one round trip, in this order: the sequence first, then who is running.
  const [last, active] = (await pool.query(`SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END::text AS last FROM change_seq; ${runningSql}`)) as unknown as [
    { rows: Array<{ last: string }> },
    { rows: Array<{ running: string[] }> }
  ]
  let running = active.rows[0]!.running
  for (const writer of state.slow) if (!running.includes(writer)) state.slow.delete(writer)
  const deadline = performance.now() + waitMs
  while (running.length > 0) {
    if (running.some((writer) => state.slow.has(writer))) return state.proved
    if (performance.now() > deadline) {
      running.forEach((writer) => state.slow.add(writer))
      return state.proved
    }
    await new Promise((wake) => setTimeout(wake, 2))
    running = (await pool.query<{ running: string[] }>(`${runningSql} AND (pid || ':' || backend_xid) = ANY($1)`, [running])).rows[0]!.running
  }
  state.proved = Math.max(state.proved, Number(last.rows[0]!.last))
  return state.proved
}
