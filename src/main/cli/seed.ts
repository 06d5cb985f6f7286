import { z } from 'zod'
import { seedDesk } from '../core/sample/seed-desk'
import { openDesk } from '../core/store/database'
import { Directory } from '../core/store/directory'
import { join } from 'node:path'
import { parseArgs } from './args'

const Args = z
  .object({
    tickets: z.coerce.number().int().min(1).max(2_000_000).default(100_000),
    people: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
    'data-dir': z.string().min(1, { error: 'Say where the seeded desk goes.' })
  })
  .strict()

/** `npm run seed -- --tickets 100000 --people 50000 --data-dir DIR`: a big realistic desk for benchmarks. */
export function runSeed(argv: string[]): void {
  const parsed = parseArgs(Args, argv)
  if (!parsed.ok) {
    console.error(`frontline seed: ${parsed.message}`)
    console.error('usage: seed --data-dir DIR [--tickets N] [--people N]  (or: seed --server postgres://… [--tickets N] [--people N])')
    process.exitCode = 2
    return
  }
  const { tickets, people, 'data-dir': dataDir } = parsed.value
  const { db } = openDesk(join(dataDir, 'desk.sqlite'))
  const existing = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n
  if (existing > 0) {
    console.error(`frontline seed: ${dataDir} already holds ${existing} tickets; seed an empty folder.`)
    db.close()
    process.exitCode = 2
    return
  }
  const directory = new Directory(db)
  directory.ensureDefaults()
  const started = performance.now()
  seedDesk(db, directory, {
    tickets,
    people,
    now: new Date(),
    onProgress: (done, total) => process.stdout.write(`\rseeding ${done.toLocaleString('en')} of ${total.toLocaleString('en')} tickets`)
  })
  db.close()
  console.log(`\nseeded ${tickets.toLocaleString('en')} tickets and ${people.toLocaleString('en')} people in ${Math.round(performance.now() - started)} ms`)
}
