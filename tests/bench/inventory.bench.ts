import { execFileSync, spawnSync } from 'node:child_process'
import { it } from 'vitest'
import { probeThisMachine } from '../../src/main/core/inventory/probe'
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
