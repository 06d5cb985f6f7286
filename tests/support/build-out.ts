import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * vitest globalSetup: tests that run the built CLIs (out/main/*.js) need out/ to hold this source.
 * `npm test` builds first; a bare `npx vitest run` on a fresh clone, or after an edit, did not. This
 * builds when out/ is missing or older than src/ (a directory walk when it is fresh), under a lock
 * so two vitest runs in one checkout never build over each other.
 */
const checkout = resolve(import.meta.dirname, '../..')

/** Newest (or oldest) modification time of the files under these paths; undefined when one is missing. */
function mtimes(paths: string[], pick: (a: number, b: number) => number): number | undefined {
  let found: number | undefined
  const visit = (path: string): boolean => {
    if (!existsSync(path)) return false
    const stat = statSync(path)
    if (stat.isDirectory()) {
      const entries = readdirSync(path)
      if (!entries.length) return false
      return entries.every((entry) => visit(join(path, entry)))
    }
    found = found === undefined ? stat.mtimeMs : pick(found, stat.mtimeMs)
    return true
  }
  return paths.every(visit) ? found : undefined
}

export function outIsFresh(root = checkout): boolean {
  const built = mtimes(['out/main', 'out/preload', 'out/renderer'].map((p) => join(root, p)), Math.min)
  const source = mtimes(['src', 'electron.vite.config.ts', 'package.json'].map((p) => join(root, p)), Math.max)
  return built !== undefined && source !== undefined && built >= source
}

/** The lock is a directory (mkdir is atomic) holding its owner's pid; one left by a dead process is taken over. */
export async function withBuildLock<T>(root: string, work: () => T | Promise<T>): Promise<T> {
  const lock = join(root, 'out', '.build-lock')
  mkdirSync(join(root, 'out'), { recursive: true })
  for (;;) {
    try {
      mkdirSync(lock)
      writeFileSync(join(lock, 'pid'), String(process.pid))
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pidFile = join(lock, 'pid')
      const owner = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : NaN
      // No pid a minute after the lock was made: its owner died between mkdir and writing it.
      const orphaned = Number.isNaN(owner) && Date.now() - (existsSync(lock) ? statSync(lock).mtimeMs : 0) > 60_000
      if ((Number.isInteger(owner) && owner > 0 && !alive(owner)) || orphaned) rmSync(lock, { recursive: true, force: true })
      else await sleep(250)
    }
  }
  try {
    return await work()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export default async function setup(): Promise<void> {
  if (outIsFresh()) return
  await withBuildLock(checkout, () => {
    if (outIsFresh()) return // Another run built it while this one waited.
    // Its package exports do not include the bin, so it is found by path.
    const cli = join(checkout, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
    console.info('vitest: out/ is missing or older than src/; building it (electron-vite build)…')
    const build = spawnSync(process.execPath, [cli, 'build'], { cwd: checkout, stdio: 'inherit' })
    if (build.status !== 0) throw new Error(`electron-vite build failed (exit ${build.status ?? build.signal}); the tests that run out/main/*.js need it`)
  })
}
