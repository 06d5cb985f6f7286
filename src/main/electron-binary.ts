import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

const nodeRequire = createRequire(import.meta.url)
const run = promisify(execFile)

export interface ElectronInstall {
  binary: string
  version: string
}

export type ElectronLookup = { ok: true; electron: ElectronInstall } | { ok: false; reason: string }

/** The binary already on disk, read the way the electron package does, without its download side effect. */
export function installedElectron(packageDir: string): ElectronInstall | null {
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(binary)) return null
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }
  return { binary, version }
}

/**
 * Electron downloads its binary on first use (its install.js). Where that is switched off with
 * ELECTRON_SKIP_BINARY_DOWNLOAD or cannot reach the network, say why in one line instead.
 */
export async function findElectron(env: NodeJS.ProcessEnv = process.env): Promise<ElectronLookup> {
  let packageDir: string
  try {
    packageDir = dirname(nodeRequire.resolve('electron/package.json'))
  } catch {
    return { ok: false, reason: 'the electron package is not installed' }
  }
  const present = installedElectron(packageDir)
  if (present) return { ok: true, electron: present }
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { ok: false, reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' }

  console.log('Frontline: downloading the Electron binary (first start only)…')
  try {
    await run(process.execPath, [join(packageDir, 'install.js')], { cwd: packageDir, timeout: 10 * 60_000 })
  } catch (error) {
    const lines = String((error as { stderr?: string }).stderr || (error as Error).message).split('\n')
    const detail = (lines.find((line) => /error/i.test(line)) ?? lines[0] ?? '').trim()
    return { ok: false, reason: `the Electron download failed (${detail})` }
  }
  const fetched = installedElectron(packageDir)
  return fetched ? { ok: true, electron: fetched } : { ok: false, reason: 'the Electron download left no binary' }
}
