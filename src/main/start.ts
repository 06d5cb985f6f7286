import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { findElectron } from './electron-binary'
import { ensureElectronSqlite } from './electron-sqlite'
import { runWebHost } from './web-host/cli'

/** `npm start`: the real Electron window where the binary is available, else the same console in a browser. */
async function start(): Promise<void> {
  const outDir = import.meta.dirname
  const appRoot = join(outDir, '..', '..')
  const fallBack = (reason: string) => {
    console.log(`Electron is not available here (${reason}): serving the Frontline console through the browser host instead.`)
    return runWebHost(process.argv.slice(2), outDir)
  }

  const lookup = await findElectron()
  if (!lookup.ok) return fallBack(lookup.reason)
  let binding: string
  try {
    binding = await ensureElectronSqlite(appRoot, lookup.electron.version)
  } catch (error) {
    return fallBack(`SQLite could not be built for Electron: ${(error as Error).message.split('\n')[0]}`)
  }
  const child = spawn(lookup.electron.binary, [appRoot], {
    stdio: 'inherit',
    env: { ...process.env, FRONTLINE_SQLITE_BINDING: binding }
  })
  child.on('exit', (code) => process.exit(code ?? 0))
}

void start()
