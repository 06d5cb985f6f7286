/** Shared by the benchmarks: percentiles, a timer, interleaved rounds, and the `name p50 p95 ratio` lines they print. */
export function percentiles(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return { p50: at(0.5), p95: at(0.95) }
}

/** Runs `fn` and times it; a function may return its own end instant when the measured part ends earlier. */
export async function time(runs: number, fn: (i: number) => unknown, from = 0): Promise<number[]> {
  const samples: number[] = []
  for (let i = from; i < from + runs; i++) {
    const start = performance.now()
    const end = await fn(i)
    samples.push((typeof end === 'number' ? end : performance.now()) - start)
  }
  return samples
}

/** One side of a comparison: how many samples in all, and one sample (`i` counts that side's samples from 0). */
export interface Side {
  runs: number
  fn: (i: number) => unknown
}

/**
 * Times the sides in `rounds` rounds, each side's samples spread evenly over them, and the order turned
 * round every round (A B, B A, A B…): warm-up and the load on a shared machine then fall on every side
 * alike instead of favouring whichever always ran first or last. Returns each side's samples, in order.
 */
export async function interleaved<S extends Side[]>(rounds: number, ...sides: S): Promise<{ [K in keyof S]: number[] }> {
  const samples = sides.map(() => [] as number[])
  for (let r = 0; r < rounds; r++) {
    const order = sides.map((_, k) => k)
    if (r % 2 === 1) order.reverse()
    for (const k of order) {
      const { runs, fn } = sides[k]!
      const from = Math.floor((runs * r) / rounds)
      samples[k]!.push(...(await time(Math.floor((runs * (r + 1)) / rounds) - from, fn, from)))
    }
  }
  return samples as unknown as { [K in keyof S]: number[] }
}

/** A ratio with two significant figures however small (0.034x, not 0.0x). */
export function ratio(r: number): string {
  return `${r >= 10 ? r.toFixed(0) : r.toPrecision(2)}x`
}

const LEGEND = 'ratio = baseline p50 / this p50, both measured in this run in alternating rounds (above 1: this is faster); "absolute": no baseline'

/**
 * A report: lines of `name p50 p95 ratio-vs-baseline` (or `absolute` where there is no baseline, or
 * `baseline` for the baseline's own line), plus free-form lines, printed at the end.
 */
export function figures(): {
  lines: string[]
  report(name: string, ours: number[], baseline?: number[], unit?: string): void
  baseline(name: string, samples: number[], unit?: string): void
} {
  const lines: string[] = []
  const push = (name: string, samples: number[], label: string, unit: string) => {
    if (!lines.includes(LEGEND)) lines.push(LEGEND)
    const o = percentiles(samples)
    const n = (v: number) => v.toFixed(2).padStart(8)
    lines.push(`${name.padEnd(58)} p50 ${n(o.p50)} ${unit}  p95 ${n(o.p95)} ${unit}  ${label}`)
  }
  return {
    lines,
    report(name, ours, baseline, unit = 'ms') {
      push(name, ours, baseline ? `${ratio(percentiles(baseline).p50 / percentiles(ours).p50)} vs baseline` : 'absolute', unit)
    },
    baseline(name, samples, unit = 'ms') {
      push(name, samples, 'baseline', unit)
    }
  }
}
