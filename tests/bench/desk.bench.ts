import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { it } from 'vitest'
import { openFrontlineCore, type FrontlineCore } from '../../src/main/core/frontline-core'
import { seedDesk } from '../../src/main/core/desk/seed-desk'
import { openDesk } from '../../src/main/core/store/database'
import { Directory } from '../../src/main/core/store/directory'
import { tempDir } from '../support/temp-dir'
import { figures, time } from './figures'

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000)
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 50_000)

const { report, lines } = figures()

it(`desk at scale: ${TICKETS.toLocaleString('en')} tickets, ${PEOPLE.toLocaleString('en')} people`, async () => {
  const dir = tempDir('frontline-bench-')
  const file = join(dir.path, 'desk.sqlite')
  const seeded = openDesk(file).db
  const directory = new Directory(seeded)
  directory.ensureDefaults('Europe/Berlin')
  const seedStart = performance.now()
  seedDesk(seeded, directory, { tickets: TICKETS, people: PEOPLE, now: new Date() })
  lines.push(`seeded in ${Math.round(performance.now() - seedStart)} ms`)
  const groupId = directory.groups().find((g) => g.tier === 'L1')!.id
  seeded.close()

  // Cold open to the first queue page, through the contract.
  const check = new BetterSqlite3(file, { readonly: true })
  report('  of which quick_check', await time(3, () => check.pragma('quick_check')))
  check.close()
  const verifiedAfter: number[] = []
  const cold = await time(5, async () => {
    const start = performance.now()
    const core = openFrontlineCore({ dataDir: dir.path })
    await core.dispatch('tickets.list', { open: true, limit: 50 })
    const shown = performance.now()
    await core.verified
    verifiedAfter.push(performance.now() - start)
    core.close()
    return shown
  })
  report('cold open → first queue page (50 rows)', cold)
  report('  integrity check done (worker thread, page already shown)', verifiedAfter)

  const core: FrontlineCore = openFrontlineCore({ dataDir: dir.path })
  const raw = new BetterSqlite3(file, { readonly: true })
  const queries = {
    'all open': { open: true },
    'in progress': { statuses: ['in_progress' as const] },
    'open in a group': { open: true, groupId },
    'open P1/P2': { open: true, priorities: ['P1' as const, 'P2' as const] },
    'open unassigned': { open: true, assignee: 'none' as const }
  }
  const page: number[] = []
  for (const [name, query] of Object.entries(queries)) {
    const samples = await time(40, () => core.dispatch('tickets.list', { ...query, limit: 50 }))
    report(`  queue page: ${name}`, samples)
    page.push(...samples)
  }
  // Baseline: the same rows read from the table, then filtered and sorted in JS.
  type Row = { status: string; group_id: string; sla_due_at: string | null }
  const allRows = raw.prepare('SELECT id, status, group_id, priority, assignee_id, sla_due_at FROM tickets')
  const open = new Set(['new', 'assigned', 'in_progress', 'pending'])
  const jsFilter = await time(20, () =>
    (allRows.all() as Row[])
      .filter((row) => open.has(row.status) && row.group_id === groupId)
      .sort((a, b) => (a.sla_due_at ?? '9999').localeCompare(b.sla_due_at ?? '9999'))
      .slice(0, 50)
  )
  report('queue page: 50 rows, filtered, by SLA due (tickets.list)', page, jsFilter)

  const words = ['vpn 809', 'fuser', 'certificate', 'docking station', 'outlook password', 'firmware']
  const search = await time(120, (i) => core.dispatch('tickets.search', { query: words[i % words.length]!, limit: 20 }))
  // Baseline: what search costs without an index, over the same text (subjects, descriptions, timeline).
  const like = raw.prepare(`
    SELECT id FROM tickets WHERE subject LIKE @w OR description LIKE @w
    UNION SELECT ticket_id FROM ticket_events WHERE body LIKE @w`)
  const scan = await time(6, (i) => like.all({ w: `%${words[i % words.length]!.split(' ')[0]}%` }))
  report('full-text search with snippets (FTS5, bm25)', search, scan)

  const prefixes = ['ma', 'chen', 'ok', 'ingrid b', 'lu', 'sato']
  const typeahead = await time(300, (i) => core.dispatch('people.search', { query: prefixes[i % prefixes.length]! }))
  const people = raw.prepare('SELECT id, name, email FROM people').all() as Array<{ name: string }>
  const jsPeople = await time(30, (i) => people.filter((p) => p.name.toLowerCase().includes(prefixes[i % prefixes.length]!)).slice(0, 8))
  report(`requester type-ahead over ${PEOPLE.toLocaleString('en')} people`, typeahead, jsPeople)

  const ticketIds = (raw.prepare("SELECT id FROM tickets WHERE status = 'in_progress' LIMIT 200").all() as Array<{ id: string }>).map((r) => r.id)
  const writes = await time(200, (i) => core.dispatch('tickets.logTime', { id: ticketIds[i % ticketIds.length]!, minutes: 5 }))
  report('local write: time spent + event + outbox, one transaction', writes)

  lines.push('query plans:')
  for (const sql of [
    "SELECT id FROM tickets t WHERE t.status IN ('new','assigned','in_progress','pending') ORDER BY coalesce(t.sla_due_at, '9999'), t.seq LIMIT 50",
    "SELECT id FROM tickets t WHERE t.group_id = 'x' ORDER BY coalesce(t.sla_due_at, '9999'), t.seq LIMIT 50"
  ]) {
    const plan = raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>
    lines.push(`  ${sql.slice(0, 60)}… → ${plan.map((p) => p.detail).join(' | ')}`)
  }
  raw.close()
  core.close()
  dir.remove()
  console.log(`\n${lines.join('\n')}\n`)
})
