import { setImmediate } from 'node:timers/promises'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { it } from 'vitest'
import { pullPageSize as pullPage, type PullPage } from '../../src/shared/sync'
import { pull } from '../../src/server/sync-service'
import { testDesk } from '../support/desk'
import { startTestServer } from '../support/desk-server'
import { refetchable } from '../../src/main/core/store/database'
import { pageSlices } from '../../src/main/core/sync/page-slices'
import { WalCheckpointer } from '../../src/main/core/store/wal-checkpointer'
import { pullDesk } from '../support/pull-desk'
import { serverProcess, untilPrepared } from '../support/server-process'
import { seedTeamHistory as seed } from '../support/server-seed'
import { ratio } from './figures'

// Memory is measured from what is live, not from whatever garbage seeding left behind.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const TICKETS = Number(process.env.BENCH_FIRST_SYNC_TICKETS ?? 110_000)

it('first sync of a big desk', { timeout: 1_800_000 }, async () => {
  const lines: string[] = []
  const line = (name: string, value: string, unit: string) => lines.push(`${name.padEnd(70)} ${value.padStart(10)} ${unit}`)
  const server = await startTestServer()
  let spawned: Awaited<ReturnType<typeof serverProcess>> | undefined
  try {
    await seed(server.pool, TICKETS)
    const reader = await server.agent('agent')
    const total = (await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).rows[0]!.n
    const events = (await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_events')).rows[0]!.n

    /** What a new technician waits for: sign in, and every ticket pulled, through the real client and server. */
    async function firstSync(url: string) {
      const desk = testDesk(new Date(), { background: false })
      gc()
      const before = process.memoryUsage()
      let peak = before.rss
      let peakHeap = before.heapUsed
      const sampler = setInterval(() => {
        const now = process.memoryUsage()
        peak = Math.max(peak, now.rss)
        peakHeap = Math.max(peakHeap, now.heapUsed)
      }, 25)
      // The whole history, as the goal is stated: the 90-day window has its own bench.
      await desk.call('sync.setWindow', { days: 0 })
      const start = performance.now()
      const signedIn = await desk.call('sync.signIn', { serverUrl: url, email: reader.email, password: 'correct horse battery' })
      const seconds = (performance.now() - start) / 1000
      clearInterval(sampler)
      const local = (await desk.call('desk.status', {})).ticketCount
      if (local < total) {
        const Database = (await import('better-sqlite3')).default
        const file = new Database(desk.core.dataFile, { readonly: true })
        console.log(JSON.stringify(file.prepare('SELECT kind, reason, count(*) AS n FROM sync_quarantine GROUP BY 1, 2').all()))
        file.close()
      }
      gc()
      const live = process.memoryUsage().heapUsed - before.heapUsed
      await desk.close()
      if (signedIn.state !== 'online' || local < total) throw new Error(`first sync incomplete: ${local} of ${total} ${JSON.stringify(signedIn).slice(0, 600)}`)
      return { seconds, peak: peak - before.rss, peakHeap: peakHeap - before.heapUsed, live }
    }

    // 1. The built server in its own process, as in production (its work and the desk's overlap), once it
    // has made its first-sync pages ahead; then, as the baseline, one that makes every page as asked.
    const prepared = (spawned = await serverProcess(server.databaseUrl))
    const madeIn = await untilPrepared(prepared.url)
    const ahead = await firstSync(prepared.url)
    await spawned.stop()
    const asked = (spawned = await serverProcess(server.databaseUrl, { env: { FRONTLINE_PREPARED_PAGES_MB: '0' } }))
    const baseline = await firstSync(asked.url)
    line(`first sync, sign-in to last page, ${total.toLocaleString('en')} tickets and ${events.toLocaleString('en')} events (absolute)`, ahead.seconds.toFixed(2), 's')
    line('  rate (goal ≥ 15,000)', Math.round(total / ahead.seconds).toLocaleString('en'), 'tickets/s')
    line('  peak RSS above where it started (goal < 150 MB)', (ahead.peak / 1_048_576).toFixed(0), 'MB')
    line('    of which JS heap in use, at its peak', (ahead.peakHeap / 1_048_576).toFixed(0), 'MB')
    line('  JS heap still live after the sync (the rest was garbage)', (ahead.live / 1_048_576).toFixed(0), 'MB')
    line("  the server's pages made ahead, from its start (before the desk signs in)", madeIn.toFixed(2), 's')
    line('the same first sync, every page made as asked (baseline)', baseline.seconds.toFixed(2), 's')
    line('  rate', Math.round(total / baseline.seconds).toLocaleString('en'), 'tickets/s')
    line('  ratio (baseline time / time with pages made ahead)', ratio(baseline.seconds / ahead.seconds), '')
    const remote = asked

    // 2. The desk's share alone: the same pages, as the server sends them, applied row by row (the desk
    // before batching: the baseline) and batched, each into a fresh desk file.
    const pages: PullPage[] = []
    const fetchStart = performance.now()
    for (let cursor = 0; ; ) {
      const answer = await fetch(`${remote.url}/api/sync/pull?cursor=${cursor}&limit=${pullPage}`, { headers: { authorization: `Bearer ${reader.token}` } })
      const page = ((await answer.json()) as { value: PullPage }).value
      pages.push(page)
      cursor = page.cursor
      if (!page.more) break
    }
    line(`the server's ${pages.length} pages alone, fetched one after another (absolute)`, ((performance.now() - fetchStart) / 1000).toFixed(2), 's')
    const queryStart = performance.now()
    for (let cursor = 0, more = true; more; ) ({ cursor, more } = await pull(server.pool, cursor, pullPage))
    line("  of which the server's queries (its pull() called directly, no HTTP)", ((performance.now() - queryStart) / 1000).toFixed(2), 's')
    const applied: Record<'row by row' | 'batched', number> = { 'row by row': 0, batched: 0 }
    for (const how of ['row by row', 'batched'] as const) {
      const fresh = pullDesk()
      const t = performance.now()
      for (const page of pages) fresh.applier.apply(page, new Map(), how)
      applied[how] = (performance.now() - t) / 1000
      const count = fresh.db.prepare('SELECT count(*) FROM tickets').pluck().get() as number
      if (count !== total) throw new Error(`${how}: ${count} of ${total} tickets applied`)
      fresh.close()
    }
    // As a sync writes them: slices of 200 tickets, each its own transaction, committed without waiting for the disk,
    // the log copied into the file on its own thread (as a pull of several pages does); the writer's own
    // checkpoints, inside its commits, as the baseline.
    const sliced: Record<'writer' | 'copier', number> = { writer: 0, copier: 0 }
    for (const how of ['writer', 'copier', 'writer', 'copier'] as const) {
      const slicedDesk = pullDesk()
      const copier = how === 'copier' ? WalCheckpointer.begin(slicedDesk.db) : null
      const slicedStart = performance.now()
      for (const page of pages)
        for (const slice of pageSlices(page, 200)) {
          await setImmediate()
          await copier?.keepUp()
          refetchable(slicedDesk.db, () => slicedDesk.applier.apply(slice, new Map()))
          copier?.written()
        }
      await copier?.end()
      // The better of two rounds each, taken in turn: this machine's speed drifts over a run.
      const seconds = (performance.now() - slicedStart) / 1000
      sliced[how] = sliced[how] ? Math.min(sliced[how], seconds) : seconds
      slicedDesk.close()
    }
    line(`applying the ${pages.length} pages row by row (baseline)`, Math.round(total / applied['row by row']).toLocaleString('en'), 'tickets/s')
    line('applying them batched', Math.round(total / applied.batched).toLocaleString('en'), 'tickets/s')
    line('  ratio (baseline time / batched time)', ratio(applied['row by row'] / applied.batched), '')
    line('batched in slices of 200 tickets, a transaction each, the writer checkpointing (baseline)', Math.round(total / sliced.writer).toLocaleString('en'), 'tickets/s')
    line('  the same with the log copied on its own thread (as a sync does)', Math.round(total / sliced.copier).toLocaleString('en'), 'tickets/s')
    line('  ratio (baseline time / time with the log copied on its own thread)', ratio(sliced.writer / sliced.copier), '')
  } finally {
    await spawned?.stop()
    await server.close()
  }
  console.log(`\n${lines.join('\n')}\n`)
})
