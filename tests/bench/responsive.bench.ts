import { resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { it } from 'vitest'
import { startCoreThread } from '../../src/main/core-thread/core-thread'
import { openFrontlineCore, type FrontlineCore } from '../../src/main/core/frontline-core'
import { startTestServer } from '../support/desk-server'
import { serverProcess } from '../support/server-process'
import { seedTeamHistory } from '../support/server-seed'
import { tempDir } from '../support/temp-dir'
import { helpArticles } from './help-desk-corpus'
import { percentiles, ratio } from './figures'

const TICKETS = Number(process.env.BENCH_RESPONSIVE_TICKETS ?? 110_000)
const ARTICLES = 5_000

/** Core where the host used to run it (the baseline), and on its own thread as the hosts run it now. */
const ways = {
  'core on the main loop (baseline)': (dataDir: string) => Promise.resolve(openFrontlineCore({ dataDir, sync: { background: false } })),
  'core on its own thread': (dataDir: string) => startCoreThread({ entry: resolve('out/main/core-thread.js'), dataDir, background: false })
}

/**
 * While `work` runs: the host's event-loop delay (what a window, ipc or the page's server would wait
 * for) and the console's queue page, asked every 20 ms, timed from asking to answer.
 */
async function meanwhile<T>(core: FrontlineCore, work: () => Promise<T>) {
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  const queue: number[] = []
  let done = false
  const start = performance.now()
  const running = work().finally(() => (done = true))
  while (!done) {
    const asked = performance.now()
    const page = await core.dispatch('tickets.list', { open: true })
    if (!page.ok) throw new Error(page.error.message)
    queue.push(performance.now() - asked)
    await new Promise((r) => setTimeout(r, 20))
  }
  const result = await running
  delay.disable()
  return { result, seconds: (performance.now() - start) / 1000, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, queue: { ...percentiles(queue), max: Math.max(...queue) }, pages: queue.length }
}

it('the desk stays responsive during a first sync and a knowledge import', { timeout: 1_800_000 }, async () => {
  const lines: string[] = []
  const line = (name: string, value: string, unit: string) => lines.push(`${name.padEnd(78)} ${value.padStart(10)} ${unit}`)
  const server = await startTestServer()
  const remote = await serverProcess(server.databaseUrl)
  const dirs: Array<ReturnType<typeof tempDir>> = []
  try {
    await seedTeamHistory(server.pool, TICKETS)
    const reader = await server.agent('agent')
    const files = helpArticles(ARTICLES).map((a) => a.file)
    const p99: Record<string, { sync: number; kb: number }> = {}
    for (const [way, open] of Object.entries(ways)) {
      const dir = tempDir()
      dirs.push(dir)
      const core = await open(dir.path)
      try {
        // The whole history, as the goal is stated: the 90-day window has its own bench.
        await core.dispatch('sync.setWindow', { days: 0 })
        const sync = await meanwhile(core, () => core.dispatch('sync.signIn', { serverUrl: remote.url, email: reader.email, password: 'correct horse battery' }))
        const status = await core.dispatch('desk.status', {})
        if (!status.ok || (status.value as { ticketCount: number }).ticketCount !== TICKETS) throw new Error(`first sync incomplete: ${JSON.stringify(status).slice(0, 300)}`)
        line(`${way}: first sync of ${TICKETS.toLocaleString('en')} tickets (absolute)`, sync.seconds.toFixed(1), 's')
        line('  host event-loop delay p99 (goal < 20 ms) / max', `${sync.p99.toFixed(1)} / ${sync.max.toFixed(0)}`, 'ms')
        line(`  queue page meanwhile, ${sync.pages} asked: p50 / p95 (goal < 50 ms) / max`, `${sync.queue.p50.toFixed(1)} / ${sync.queue.p95.toFixed(1)} / ${sync.queue.max.toFixed(0)}`, 'ms')
        const kb = await meanwhile(core, () => core.dispatch('kb.import', { files }))
        if (!kb.result.ok) throw new Error(kb.result.error.message)
        line(`${way}: knowledge import of ${ARTICLES.toLocaleString('en')} files (absolute)`, kb.seconds.toFixed(1), 's')
        line('  host event-loop delay p99 (goal < 20 ms) / max', `${kb.p99.toFixed(1)} / ${kb.max.toFixed(0)}`, 'ms')
        line(`  queue page meanwhile, ${kb.pages} asked: p50 / p95 / max`, `${kb.queue.p50.toFixed(1)} / ${kb.queue.p95.toFixed(1)} / ${kb.queue.max.toFixed(0)}`, 'ms')
        p99[way] = { sync: sync.p99, kb: kb.p99 }
      } finally {
        await core.close()
      }
    }
    const [baseline, thread] = Object.values(p99) as [{ sync: number; kb: number }, { sync: number; kb: number }]
    line('event-loop delay p99, ratio (baseline / own thread): first sync', ratio(baseline.sync / thread.sync), '')
    line('event-loop delay p99, ratio (baseline / own thread): knowledge import', ratio(baseline.kb / thread.kb), '')
  } finally {
    await remote.stop()
    await server.close()
    dirs.forEach((d) => d.remove())
  }
  console.log(`\n${lines.join('\n')}\n`)
})
