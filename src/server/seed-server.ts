import pg from 'pg'
import { z } from 'zod'
import { parseArgs } from '../main/cli/args'
import { migrate } from './schema'
import { longHistory, seedServerHistory } from './seed-history'
import { ensureTeamSettings } from './team'

const Args = z
  .object({
    server: z.string().regex(/^postgres(ql)?:\/\/\S+$/, { error: 'A PostgreSQL address: postgres://user:password@host:5432/database.' }),
    tickets: z.coerce.number().int().min(1).max(5_000_000).default(1_000_000),
    people: z.coerce.number().int().min(1).max(1_000_000).optional()
  })
  .strict()

/**
 * `npm run seed -- --server postgres://… [--tickets N] [--people N]`: a desk server's database filled
 * with a long team history for load tests (most tickets closed long ago, one in ten within 90 days).
 * Migrated first; refused when the database already holds tickets, so nobody's team is mixed with it.
 */
export async function runServerSeed(argv: string[]): Promise<void> {
  const parsed = parseArgs(Args, argv)
  if (!parsed.ok) {
    console.error(`frontline seed: ${parsed.message}`)
    console.error('usage: seed --server postgres://… [--tickets N] [--people N]')
    process.exitCode = 2
    return
  }
  const { server, tickets, people } = parsed.value
  // Set-based inserts of a million rows outlast any request's statement timeout.
  const pool = new pg.Pool({ connectionString: server, max: 2 })
  try {
    await migrate(pool)
    await ensureTeamSettings(pool, process.env.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone)
    const held = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM tickets')).rows[0]!.n)
    if (held > 0) {
      console.error(`frontline seed: that database already holds ${held.toLocaleString('en')} tickets; seed an empty one.`)
      process.exitCode = 2
      return
    }
    const started = performance.now()
    await seedServerHistory(pool, longHistory(tickets, people))
    // Statistics and the visibility map, as a server that has run a while has them: windowed pulls walk index-only.
    await pool.query('VACUUM ANALYZE')
    console.log(`seeded ${tickets.toLocaleString('en')} tickets on the desk server in ${Math.round(performance.now() - started)} ms`)
  } catch (error) {
    console.error(`frontline seed: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  } finally {
    await pool.end()
  }
}
