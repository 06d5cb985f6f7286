import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { createAccount } from '../../src/server/accounts'
import { createDeskServer, type DeskServerOptions } from '../../src/server/app'
import { listenForChanges } from '../../src/server/changes'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/server/embedded'
import { migrate } from '../../src/server/schema'
import { ensureTeamSettings } from '../../src/server/team'
import type { Role } from '../../src/shared/sync'
import { tempDir } from './temp-dir'

export interface TestServer {
  url: string
  databaseUrl: string
  pool: pg.Pool
  /** The key sealing this server's stored secrets (directory bind passwords). */
  secretKey: Buffer
  /** A new account of the role, signed in: its token and ids. */
  agent(role: Role): Promise<{ token: string; accountId: string; deviceId: string; email: string }>
  /** Stops the HTTP server and starts a fresh one on the same database; returns its new address. */
  restart(): Promise<string>
  call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }>
  close(): Promise<void>
}

/** A real desk server: embedded PostgreSQL in a temp folder, migrated, fastify on a free loopback port; `options` add to the server's. */
export async function startTestServer(options: Pick<DeskServerOptions, 'preparedPagesBytes'> = {}): Promise<TestServer> {
  const dir = tempDir('frontline-server-')
  const db: EmbeddedDatabase = await startEmbeddedPostgres(dir.path)
  const pool = new pg.Pool({ connectionString: db.url, max: 10 })
  // Stopping PostgreSQL at the end terminates idle connections; that is expected here.
  pool.on('error', () => undefined)
  await migrate(pool)
  await ensureTeamSettings(pool, 'Europe/Berlin')
  const changes = await listenForChanges(db.url)
  // The server's sealing key for this run only (a real server reads FRONTLINE_SECRET_KEY or its key file).
  const secretKey = randomBytes(32)
  let app: FastifyInstance = createDeskServer({ pool, onChange: changes.onChange, onRevoke: changes.onRevoke, secretKey, ...options })
  let url = await app.listen({ port: 0, host: '127.0.0.1' })
  const call: TestServer['call'] = async (method, path, token, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) })
    })
    return { status: response.status, body: (await response.json()) as Awaited<ReturnType<TestServer['call']>>['body'] }
  }
  return {
    get url() {
      return url
    },
    async restart() {
      await app.close()
      app = createDeskServer({ pool, onChange: changes.onChange, onRevoke: changes.onRevoke, secretKey, ...options })
      url = await app.listen({ port: 0, host: '127.0.0.1' })
      return url
    },
    databaseUrl: db.url,
    pool,
    secretKey,
    call,
    async agent(role) {
      const email = `${role}-${uuidv7().slice(-8)}@corp.example`
      const account = await createAccount(pool, { email, name: `Test ${role}`, role, password: 'correct horse battery' })
      let signedIn = await call('POST', '/api/session', undefined, { email, password: 'correct horse battery', deviceName: 'test laptop' })
      // Many accounts made at once from this one address: the server lets a few sign in at a time.
      for (let i = 0; signedIn.status === 429 && i < 100; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100))
        signedIn = await call('POST', '/api/session', undefined, { email, password: 'correct horse battery', deviceName: 'test laptop' })
      }
      const value = signedIn.body.value as { token: string; deviceId: string }
      return { token: value.token, deviceId: value.deviceId, accountId: account.id, email }
    },
    async close() {
      await app.close()
      await changes.close()
      await pool.end()
      await db.stop()
      dir.remove()
    }
  }
}
