import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/desk-server'
import { seedTeamHistory } from '../support/server-seed'
import { tempDir } from '../support/temp-dir'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

// One pull page (5,000 changes): 1,190 tickets with three events each and 20 people, so every count between 0 and all comes from slices.
const TICKETS = 1_190

let server: TestServer
let host: HostProcess
let dir: ReturnType<typeof tempDir>
beforeAll(async () => {
  server = await startTestServer()
  await seedTeamHistory(server.pool, TICKETS, 20)
  dir = tempDir()
  // The built browser host as a real process: its core on a worker thread, as in the app.
  host = await startHostProcess(dir.path)
}, 120_000)
afterAll(async () => {
  await host?.stop()
  await server?.close()
  dir?.remove()
})

const invoke = async <T>(method: string, body: unknown): Promise<T> => {
  const response = await fetch(`${host.origin}/api/invoke/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` }, body: JSON.stringify(body) })
  const answer = (await response.json()) as { ok: boolean; value: T; error?: { message: string } }
  if (!answer.ok) throw new Error(answer.error?.message)
  return answer.value
}

it('answers the console while a first sync writes: the queue fills as tickets arrive, and the page keeps being served', { timeout: 120_000 }, async () => {
  const agent = await server.agent('agent')
  let signedIn = false
  // Signing in waits for the first sync to finish; the console goes on asking meanwhile.
  const signIn = invoke('sync.signIn', { serverUrl: server.url, email: agent.email, password: 'correct horse battery' }).finally(() => (signedIn = true))
  const counts: number[] = []
  let pages = 0
  while (!signedIn) {
    const [status, page] = await Promise.all([invoke<{ ticketCount: number }>('desk.status', {}), fetch(`${host.origin}/`)])
    counts.push(status.ticketCount)
    if (page.status === 200) pages++
  }
  expect(await signIn).toMatchObject({ state: 'online', pending: 0 })
  expect((await invoke<{ ticketCount: number }>('desk.status', {})).ticketCount).toBe(TICKETS)
  // The one page was written in slices, and the desk answered between them.
  const during = counts.filter((n) => n > 0 && n < TICKETS)
  expect(during.length).toBeGreaterThan(0)
  expect(counts).toEqual([...counts].sort((a, b) => a - b))
  expect(pages).toBe(counts.length)
  // A queue page now is the whole desk's first page.
  const queue = await invoke<{ total: number; tickets: unknown[] }>('tickets.list', {})
  expect(queue.total).toBe(TICKETS)
})
