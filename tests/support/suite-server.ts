import { afterAll, beforeAll } from 'vitest'
import { startTestServer, type TestServer } from './desk-server'

/**
 * One real desk server for the tests of the describe block that calls this: started before them,
 * closed after. What it returns reads the started server, so use it inside tests and hooks.
 */
export function suiteServer(): TestServer {
  let started: TestServer | undefined
  beforeAll(async () => {
    started = await startTestServer()
  }, 60_000)
  afterAll(async () => {
    await started?.close()
  })
  const server = (): TestServer => {
    if (!started) throw new Error('The suite’s server is read before it started: read it inside a test or a hook.')
    return started
  }
  return {
    get url() {
      return server().url
    },
    get databaseUrl() {
      return server().databaseUrl
    },
    get pool() {
      return server().pool
    },
    get secretKey() {
      return server().secretKey
    },
    agent: (role) => server().agent(role),
    restart: () => server().restart(),
    call: (method, path, token, body) => server().call(method, path, token, body),
    close: () => server().close()
  }
}
