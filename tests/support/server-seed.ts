import type { Pool } from 'pg'
import { seedServerHistory } from '../../src/server/seed-history'

/**
 * A team's history on the server: people, then each ticket followed by its timeline (logged, and its
 * status moves), in the order the changes happened. Nine in ten are long closed. The SQL lives in
 * src/server/seed-history.ts, shared with `npm run seed -- --server`.
 */
export async function seedTeamHistory(pool: Pool, tickets: number, people = 2_000): Promise<void> {
  await seedServerHistory(pool, { tickets, people })
}
