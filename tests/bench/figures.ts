/** Shared by the benchmarks: percentiles, a timer, and the `name p50 p95 ratio` lines they print. */
export function percentiles(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return { p50: at(0.5), p95: at(0.95) }
}

/** Runs `fn` and times it; a function may return its own end instant when the measured part ends earlier. */
export async function time(runs: number, fn: (i: number) => unknown): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const end = await fn(i)
    samples.push((typeof end === 'number' ? end : performance.now()) - start)
  }
  return samples
}

/** A report: lines of `name p50 p95 ratio-vs-baseline`, plus free-form lines, printed at the end. */
export function figures(): { lines: string[]; report(name: string, ours: number[], baseline?: number[], unit?: string): void } {
  const lines: string[] = []
  return {
    lines,
    report(name, ours, baseline, unit = 'ms') {
      const o = percentiles(ours)
      const ratio = baseline ? `${(percentiles(baseline).p50 / o.p50).toFixed(1)}x vs baseline` : '-'
      const n = (v: number) => v.toFixed(2).padStart(8)
      lines.push(`${name.padEnd(58)} p50 ${n(o.p50)} ${unit}  p95 ${n(o.p95)} ${unit}  ${ratio}`)
    }
  }
}
