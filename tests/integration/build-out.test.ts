import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { outIsFresh, withBuildLock } from '../support/build-out'
import { tempDir } from '../support/temp-dir'

const dirs: Array<ReturnType<typeof tempDir>> = []
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove()
})

/** A checkout with these files, each with its modification time (seconds since the epoch). */
function checkout(files: Record<string, number>): string {
  const dir = tempDir('frontline-build-out-')
  dirs.push(dir)
  for (const [path, seconds] of Object.entries(files)) {
    const file = join(dir.path, path)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, '')
    utimesSync(file, seconds, seconds)
  }
  return dir.path
}

const sources = { 'src/main/index.ts': 1_000, 'src/shared/domain.ts': 1_000, 'electron.vite.config.ts': 1_000, 'package.json': 1_000 }
const built = (at: number) => ({ 'out/main/index.js': at, 'out/preload/index.cjs': at, 'out/renderer/index.html': at })

describe('the build vitest runs first (globalSetup)', () => {
  it('builds when out/ is missing, partly missing or older than any source, and not when it is newer', () => {
    expect(outIsFresh(checkout(sources))).toBe(false)
    expect(outIsFresh(checkout({ ...sources, 'out/main/index.js': 2_000 }))).toBe(false)
    expect(outIsFresh(checkout({ ...sources, ...built(2_000), 'src/renderer/app.tsx': 3_000 }))).toBe(false)
    expect(outIsFresh(checkout({ ...sources, ...built(2_000) }))).toBe(true)
  })

  it('lets one run build at a time, and takes over a lock its dead owner left', async () => {
    const root = checkout(sources)
    const order: string[] = []
    let release!: () => void
    const first = withBuildLock(root, () => new Promise<void>((resolve) => ((release = resolve), order.push('first in'))).then(() => void order.push('first out')))
    const second = withBuildLock(root, () => void order.push('second in'))
    await expect.poll(() => order).toEqual(['first in'])
    release()
    await Promise.all([first, second])
    expect(order).toEqual(['first in', 'first out', 'second in'])

    // A lock whose owner died (a pid no longer running) does not hold the next run up.
    const dead = spawn(process.execPath, ['-e', ''])
    await once(dead, 'exit')
    mkdirSync(join(root, 'out', '.build-lock'))
    writeFileSync(join(root, 'out', '.build-lock', 'pid'), String(dead.pid))
    expect(await withBuildLock(root, () => 'built')).toBe('built')
  })
})
