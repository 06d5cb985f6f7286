import { execFileSync, spawnSync } from 'node:child_process'
import { it } from 'vitest'
import { probeThisMachine } from '../../src/main/core/inventory/probe'
import { testDesk } from '../support/desk'
import { machine } from '../support/snapshot'
import { percentiles, time } from './figures'

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
  const quick = await time(RUNS, () => probeThisMachine({ stage: 'quick' }))
  const full = await time(RUNS, () => probeThisMachine({ stage: 'full' }))
  const inxi = tool('inxi') ? await time(RUNS, () => execFileSync('inxi', ['-F', '-c', '0'], { stdio: 'ignore' })) : null
  const lshw = tool('lshw') ? await time(RUNS, () => execFileSync('lshw', ['-json'], { stdio: 'ignore', maxBuffer: 64 * 1024 * 1024 })) : null
  line('quick', quick)
  line('full', full)
  line('inxi', inxi)
  line('lshw', lshw)
  lines.push(`probe cold   ${(cold[0]! / 1000).toFixed(2).padStart(6)} seconds (first full probe in this process; goal for quick < 3 s)`)
  if (inxi) lines.push(`full probe vs inxi -F: ${(percentiles(inxi).p50 / percentiles(full).p50).toFixed(1)}x; vs lshw -json: ${lshw ? (percentiles(lshw).p50 / percentiles(full).p50).toFixed(1) : '-'}x (above 1 means ours is faster)`)
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
    const record = (performance.now() - start) / n
    const all = await time(20, () => desk.call('inventory.fleet', {}))
    const flagged = await time(20, () => desk.call('inventory.fleet', { flags: ['battery worn'], text: 'pc-1' }))
    const csv = await time(5, () => desk.call('inventory.exportCsv', {}))
    desk.close()
    return { record, all, flagged, csv }
  }
  const small = await fleetOf(50)
  const big = await fleetOf(FLEET)
  const row = (name: string, ours: number[], base: number[]) =>
    lines.push(`${name.padEnd(52)} p50 ${percentiles(ours).p50.toFixed(1).padStart(7)} ms  p95 ${percentiles(ours).p95.toFixed(1).padStart(7)} ms  (50 machines: ${percentiles(base).p50.toFixed(1)} ms)`)
  lines.push(`record a snapshot (${FLEET.toLocaleString('en')} machines, mean)`.padEnd(52) + `     ${big.record.toFixed(2).padStart(7)} ms`)
  row(`fleet view, all ${FLEET.toLocaleString('en')} machines with flags`, big.all, small.all)
  row('fleet view, filtered by flag and text', big.flagged, small.flagged)
  row(`CSV export of ${FLEET.toLocaleString('en')} machines`, big.csv, small.csv)
  console.log(`\n${lines.join('\n')}\n`)
})
