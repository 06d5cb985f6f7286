import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

const nodeRequire = createRequire(import.meta.url)
const run = promisify(execFile)

/**
 * better-sqlite3 in node_modules is built for Node (vitest, the browser host). Electron needs its own
 * ABI, so a second copy built for Electron is kept beside it and `nativeBinding` points at it.
 * First the published prebuilt for this Electron, else a compile against Electron's headers.
 */
export async function ensureElectronSqlite(appRoot: string, electronVersion: string): Promise<string> {
  const moduleDir = join(appRoot, 'node_modules', '.cache', 'frontline-electron-native', electronVersion, 'better-sqlite3')
  const binding = join(moduleDir, 'build', 'Release', 'better_sqlite3.node')
  if (existsSync(binding)) return binding

  console.log(`Frontline: preparing SQLite for Electron ${electronVersion} (first start only)…`)
  const source = dirname(nodeRequire.resolve('better-sqlite3/package.json'))
  mkdirSync(dirname(moduleDir), { recursive: true })
  cpSync(source, moduleDir, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) })

  const target = ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch]
  try {
    const prebuildInstall = nodeRequire.resolve('prebuild-install/bin.js', { paths: [source] })
    await run(process.execPath, [prebuildInstall, ...target], { cwd: moduleDir })
  } catch {
    // npm ships node-gyp: <prefix>/lib/node_modules/npm on Unix, <prefix>/node_modules/npm on Windows.
    const npmDirs = [join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'), join(dirname(process.execPath), 'node_modules', 'npm')]
    const nodeGyp = nodeRequire.resolve('node-gyp/bin/node-gyp.js', { paths: [source, ...npmDirs] })
    await run(
      process.execPath,
      [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'],
      { cwd: moduleDir }
    )
  }
  if (!existsSync(binding)) throw new Error('no Electron build of better-sqlite3 was produced')
  return binding
}
