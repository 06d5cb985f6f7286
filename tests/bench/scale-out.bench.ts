import { availableParallelism } from 'node:os'
import { v7 as uuidv7 } from 'uuid'
import { it } from 'vitest'
import type { PushResponse } from '../../src/shared/sync'
import { startTestServer } from '../support/desk-server'
import { serverProcess, type ServerProcess } from '../support/server-process'
import { creation } from './creations'
import { figures, percentiles, ratio } from './figures'

const CLIENTS = Number(process.env.BENCH_SCALE_CLIENTS ?? 50)
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 20)
const BATCH = Number(process.env.BENCH_SCALE_BATCH ?? 10)
/** Each layout is measured this many times, in turn (one, two, one, two…), so warm-up and fuller tables fall on both alike. */
const REPEATS = Number(process.env.BENCH_SCALE_REPEATS ?? 2)

/**
 * Scale-out throughput: CLIENTS lightweight sync clients (the desk's push, without a desk file) each push
 * ROUNDS batches of BATCH new tickets as fast as answers come back, all against one desk-server process,
 * then spread over two processes on the same PostgreSQL (half each, the same tokens valid on both). The
 * baseline is one process, measured in this run. No timing is asserted; every change is counted into
 * PostgreSQL exactly once, or the run fails.
 *
 * On a two-core machine, the second process shares the cores with the first, PostgreSQL and this
 * process's fifty clients: a ratio near 1 is the expected result here, and what this proves is that two
 * processes serve the same desks correctly, not that they are faster. Scale-out buys throughput only
 * where the extra process gets cores of its own (and PostgreSQL has headroom for the extra pool).
 */
it('scale-out: one desk-server process against two', { timeout: 600_000 }, async () => {
  const { lines } = figures()
  const line = (name: string, value: number | string, unit: string) => lines.push(`${name.padEnd(66)} ${String(value).padStart(12)} ${unit}`)
  const db = await startTestServer()
  const spawned: ServerProcess[] = []
  try {
    spawned.push(...(await Promise.all([serverProcess(db.databaseUrl), serverProcess(db.databaseUrl)])))
    const [a, b] = spawned as [ServerProcess, ServerProcess]
    // Signed in one after another, before any clock starts (the sign-in guard lets a few in at a time).
    const accounts: Array<{ token: string }> = []
    for (let c = 0; c < CLIENTS; c++) accounts.push(await db.agent('agent'))
    const tickets = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).rows[0]!.n
    // Each run starts from a settled database: the checkpoint and autovacuum one run owes must not land on the next.
    const settle = async () => {
      await db.pool.query('CHECKPOINT')
      await db.pool.query('VACUUM ANALYZE')
    }

    const run = async (servers: string[]) => {
      const before = await tickets()
      const latencies: number[] = []
      const start = performance.now()
      await Promise.all(
        accounts.map(async (account, c) => {
          // Desks spread over the servers as sign-ins spread them: round robin.
          const url = servers[c % servers.length]!
          const clientId = uuidv7()
          let seq = 0
          for (let r = 0; r < ROUNDS; r++) {
            const batch = Array.from({ length: BATCH }, () => creation(++seq, `scale-${c}`, `Scale-out ticket ${seq}`))
            const sent = performance.now()
            const answer = await fetch(`${url}/api/sync/push`, {
              method: 'POST',
              headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ clientId, mutations: batch })
            })
            if (answer.status !== 200) throw new Error(`push to ${url}: HTTP ${answer.status} ${await answer.text()}`)
            const { value } = (await answer.json()) as { value: PushResponse }
            if (value.results.some((result) => result.status !== 'applied')) throw new Error(`push to ${url}: not all applied: ${JSON.stringify(value.results.filter((result) => result.status !== 'applied'))}`)
            latencies.push(performance.now() - sent)
          }
        })
      )
      const seconds = (performance.now() - start) / 1000
      const changes = CLIENTS * ROUNDS * BATCH
      // No change lost, none doubled: every pushed ticket is in PostgreSQL once.
      const arrived = (await tickets()) - before
      if (arrived !== changes) throw new Error(`${changes} changes pushed to ${servers.length} process(es), ${arrived} tickets arrived`)
      await settle()
      return { rate: changes / seconds, latencies }
    }

    // A warm-up on each process (plans prepared, pools filled), not counted.
    await run([a.url, b.url])
    const one: Array<Awaited<ReturnType<typeof run>>> = []
    const two: Array<Awaited<ReturnType<typeof run>>> = []
    for (let r = 0; r < REPEATS; r++) {
      // One, two, then two, one: neither layout always runs on the emptier tables.
      if (r % 2 === 0) {
        one.push(await run([a.url]))
        two.push(await run([a.url, b.url]))
      } else {
        two.push(await run([a.url, b.url]))
        one.push(await run([a.url]))
      }
    }
    const mean = (runs: typeof one) => runs.reduce((sum, x) => sum + x.rate, 0) / runs.length
    const p = (runs: typeof one) => percentiles(runs.flatMap((x) => x.latencies))
    const total = CLIENTS * ROUNDS * BATCH
    lines.push(`${CLIENTS} desks × ${ROUNDS} pushes of ${BATCH} new tickets (${total.toLocaleString('en')} changes a run), ${REPEATS} runs per layout, ${availableParallelism()} cores`)
    line('one server process (baseline): changes/s, mean', Math.round(mean(one)).toLocaleString('en'), 'changes/s')
    line('  each run', one.map((x) => Math.round(x.rate).toLocaleString('en')).join(' / '), 'changes/s')
    line('  push latency p50 / p95', `${p(one).p50.toFixed(0)} / ${p(one).p95.toFixed(0)}`, 'ms')
    line(`two server processes, desks split between them: changes/s; ${ratio(mean(two) / mean(one))} vs one`, Math.round(mean(two)).toLocaleString('en'), 'changes/s')
    line('  each run', two.map((x) => Math.round(x.rate).toLocaleString('en')).join(' / '), 'changes/s')
    line('  push latency p50 / p95', `${p(two).p50.toFixed(0)} / ${p(two).p95.toFixed(0)}`, 'ms')
    lines.push('every run: every change counted into PostgreSQL exactly once')
    if (availableParallelism() <= 2) lines.push(`on ${availableParallelism()} cores the processes, PostgreSQL and the clients share the same CPUs: this shows correctness, not a speed-up`)
  } finally {
    await Promise.all(spawned.map((s) => s.stop()))
    await db.close()
  }
  console.log(`\n${lines.join('\n')}\n`)
})
