import { execFile } from 'node:child_process'
import { parse } from 'csv-parse/sync'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { tempDir } from '../support/temp-dir'

const allowlist = JSON.parse(readFileSync('tests/fixtures/security/electronegativity-allowlist.json', 'utf8')) as {
  entries: Array<{ check: string; file: string; sample: string; reason: string }>
}

it('electronegativity finds no high or medium issue in the app that is not reviewed, with its reason, in the allowlist', { timeout: 120_000 }, async () => {
  const dir = tempDir()
  const out = join(dir.path, 'findings.csv')
  // Offline it cannot fetch Electron's release list; the version is given, so every check still runs.
  await promisify(execFile)(process.execPath, [resolve('node_modules/@doyensec/electronegativity/dist/index.js'), '-i', 'src', '-r', '-v', 'false', '-e', '45.4.1', '-o', out], { timeout: 110_000 }).catch((error: { stdout?: string }) => {
    if (!readFileSync(out, 'utf8')) throw error
  })
  const findings = (parse(readFileSync(out, 'utf8'), { columns: true, trim: true }) as Array<Record<string, string>>).map((r) => ({
    check: r.issue!,
    severity: r.severity!,
    confidence: r.confidence!,
    file: r.filename!,
    location: r.location!,
    sample: r.sample!
  }))
  dir.remove()
  const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM')
  const explained = (f: (typeof serious)[number]) => allowlist.entries.some((e) => e.check === f.check && e.file === f.file && e.sample === f.sample && e.reason.length > 40)
  console.log(`electronegativity: ${findings.length} findings (${findings.map((f) => `${f.check} ${f.severity}/${f.confidence} ${f.file}:${f.location}`).join('; ')}); ${serious.length} medium or high, all reviewed in the allowlist`)
  expect(serious.filter((f) => !explained(f))).toEqual([])
  // An allowlist entry that no longer matches anything is stale and goes.
  expect(allowlist.entries.filter((e) => !serious.some((f) => f.check === e.check && f.file === e.file && f.sample === e.sample))).toEqual([])
})
