import { execFileSync, spawnSync } from 'node:child_process'
import { it } from 'vitest'
import { probeThisMachine } from '../../src/main/core/inventory/probe'
import { testDesk } from '../support/desk'
import { machine } from '../support/snapshot'
import { interleaved, percentiles, ratio, time } from './figures'

const RUNS = Number(process.env.BENCH_PROBE_RUNS ?? 5)

/** inxi and lshw are the tools a Linux technician would reach for; installed from Debian for the bench only. */
function tool(name: string): boolean {
  if (spawnSync('which', [name]).status === 0) return true
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false
  return spawnSync('apt-get', ['install', '-y', name], { stdio: 'ignore', timeout: 300_000 }).status === 0
}

it('probe times against inxi and lshw', { timeout: 900_000 }, async () => {
  const lines: string[] = []
  const line = (name: string, samples: number[] | null) =>
    lines.push(`probe ${name.padEnd(6)} ${samples ? (percentiles(samples).p50 / 1000).toFixed(2).padStart(6) : '   n/a'} seconds${samples ? ` (median of ${samples.length}; p95 ${(percentiles(samples).p95 / 1000).toFixed(2)} s)` : ' (not available on this machine)'}`)
  // One cold probe first: systeminformation and the OS cache what they read once.
  const cold = await time(1, () => probeThisMachine({ stage: 'full' }))
  // The full probe and the tools it is compared with take turns, in an order turned round every round.
  const tools = [tool('inxi') ? ['-F', '-c', '0'] : null, tool('lshw') ? ['-json'] : null] as const
  const [quick, full, ...measured] = await interleaved(
    RUNS,
    { runs: RUNS, fn: () => probeThisMachine({ stage: 'quick' }) },
    { runs: RUNS, fn: () => probeThisMachine({ stage: 'full' }) },
    ...tools.map((args, k) => ({ runs: args ? RUNS : 0, fn: () => execFileSync(k === 0 ? 'inxi' : 'lshw', args!, { stdio: 'ignore', maxBuffer: 64 * 1024 * 1024 }) }))
  )
  const [inxi = null, lshw = null] = measured.map((samples, k) => (tools[k] ? samples : null))
  line('quick', quick)
  line('full', full)
  line('inxi', inxi)
  line('lshw', lshw)
  lines.push(`probe cold   ${(cold[0]! / 1000).toFixed(2).padStart(6)} seconds (first full probe in this process; goal for quick < 3 s)`)
  const against = (samples: number[] | null) => (samples ? ratio(percentiles(samples).p50 / percentiles(full).p50) : 'n/a')
  lines.push(`full probe vs inxi -F: ${against(inxi)}; vs lshw -json: ${against(lshw)} (same run, alternating rounds; above 1 means ours is faster); quick and cold are absolute`)
  console.log(`\n${lines.join('\n')}\n`)
})

const FLEET = Number(process.env.BENCH_FLEET ?? 5_000)

it('the fleet view over many machines, against a 50-machine fleet in the same run', { timeout: 900_000 }, async () => {
  const lines: string[] = []
  const fleetOf = async (n: number) => {
    const desk = testDesk('2026-11-23T10:00:00Z')
    const start = performance.now()
    for (let i = 0; i < n; i++) {
      const hex = i.toString(16).padStart(4, '0')
      await desk.call('inventory.record', { snapshot: machine({ hostname: `PC-${i}`, serial: `SN${i}`, macs: [`3c:52:82:00:${hex.slice(0, 2)}:${hex.slice(2)}`], batteryHealth: i % 7 === 0 ? 50 : 90 }) })
    }
    return { desk, record: (performance.now() - start) / n }
  }
  const small = await fleetOf(50)
  const big = await fleetOf(FLEET)
  // Each operation on both fleets in alternating rounds, the 50-machine fleet the baseline.
  const both = (runs: number, fn: (desk: typeof big.desk) => unknown) => interleaved(5, { runs, fn: () => fn(big.desk) }, { runs, fn: () => fn(small.desk) })
  const all = await both(20, (desk) => desk.call('inventory.fleet', {}))
  const flagged = await both(20, (desk) => desk.call('inventory.fleet', { flags: ['battery worn'], text: 'pc-1' }))
  const csv = await both(5, (desk) => desk.call('inventory.exportCsv', {}))
  big.desk.close()
  small.desk.close()
  const row = (name: string, [ours, base]: number[][]) =>
    lines.push(
      `${name.padEnd(52)} p50 ${percentiles(ours!).p50.toFixed(1).padStart(7)} ms  p95 ${percentiles(ours!).p95.toFixed(1).padStart(7)} ms  ` +
        `(50 machines, same run: ${percentiles(base!).p50.toFixed(1)} ms; ${ratio(percentiles(base!).p50 / percentiles(ours!).p50)} vs baseline)`
    )
  lines.push(`record a snapshot (${FLEET.toLocaleString('en')} machines, mean)`.padEnd(52) + `     ${big.record.toFixed(2).padStart(7)} ms  absolute`)
  row(`fleet view, all ${FLEET.toLocaleString('en')} machines with flags`, all)
  row('fleet view, filtered by flag and text', flagged)
  row(`CSV export of ${FLEET.toLocaleString('en')} machines`, csv)
  console.log(`\n${lines.join('\n')}\n`)
})
