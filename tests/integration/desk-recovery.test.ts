import BetterSqlite3 from 'better-sqlite3'
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openFrontlineCore, type FrontlineCore } from '../../src/main/core/frontline-core'
import { DeskLink } from '../../src/main/core/sync/desk-link'
import { FileSecretStore } from '../../src/main/core/sync/secret-store'
import type { Method, MethodInput, MethodOutput } from '../../src/shared/contract'
import { once } from 'node:events'
import { damageOnePage, damageWalFrame, damageWalHeader } from '../support/damage'
import { startTestServer } from '../support/desk-server'
import { startGate } from '../support/gate'
import { startHostProcess } from '../support/web-host-process'
import { machine } from '../support/snapshot'
import { tempDir } from '../support/temp-dir'

const cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

function desk(dataDir: string) {
  const core: FrontlineCore = openFrontlineCore({ dataDir, sync: { background: false } })
  cleanup.push(() => core.close())
  const call = async <M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const result = await core.dispatch(method, input)
    if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.message}`), { code: result.error.code })
    return result.value as MethodOutput<M>
  }
  return { core, call }
}

function folder(): string {
  const dir = tempDir()
  cleanup.push(() => dir.remove())
  return dir.path
}

/** The desk's files as a crash would leave them: the log not yet folded into the file. */
function crashCopy(from: string): string {
  const to = folder()
  for (const suffix of ['', '-wal']) copyFileSync(join(from, 'desk.sqlite' + suffix), join(to, 'desk.sqlite' + suffix))
  return to
}

async function deskWithWork(tickets = 20) {
  const dir = folder()
  const { core, call } = desk(dir)
  for (let i = 0; i < tickets; i++) await call('tickets.create', { subject: `Offline ticket ${i}`, channel: 'walk-in', requester: { name: `Person ${i}` }, description: 'x'.repeat(1_500) })
  await core.verified
  return { dir, call }
}

describe('a damaged write-ahead log', () => {
  it('is detected and kept aside, never opened as an empty desk', async () => {
    const { dir } = await deskWithWork()
    const whole = crashCopy(dir)
    const damaged = crashCopy(dir)
    damageWalHeader(join(damaged, 'desk.sqlite'))
    const walBytes = readFileSync(join(damaged, 'desk.sqlite-wal'))

    // The same crash with its log intact opens with every ticket: the test is not passing on an empty desk.
    expect(await desk(whole).call('desk.status', {})).toMatchObject({ ticketCount: 20, pendingChanges: 20, recovery: null })

    const status = await desk(damaged).call('desk.status', {})
    expect(status.recovery).toMatchObject({ reason: expect.stringMatching(/write-ahead log’s header/), damagedFile: expect.stringMatching(/desk\.damaged-.*\.sqlite$/) })
    // Kept byte for byte beside it, for whoever repairs it.
    expect(readFileSync(`${status.recovery!.damagedFile}-wal`).equals(walBytes)).toBe(true)
  })

  it('is detected when a frame in the middle is damaged, which would drop every commit after it', async () => {
    const { dir } = await deskWithWork()
    const damaged = crashCopy(dir)
    damageWalFrame(join(damaged, 'desk.sqlite'), 3)
    expect((await desk(damaged).call('desk.status', {})).recovery).toMatchObject({ reason: expect.stringMatching(/damaged at frame 4 of \d+/) })
  })

  it('is detected when its header belongs to another log', async () => {
    const { dir } = await deskWithWork()
    const other = await deskWithWork(3)
    const damaged = crashCopy(dir)
    const wal = join(damaged, 'desk.sqlite-wal')
    const foreignHeader = readFileSync(join(crashCopy(other.dir), 'desk.sqlite-wal')).subarray(0, 32)
    const fd = openSync(wal, 'r+')
    writeSync(fd, foreignHeader, 0, 32, 0)
    closeSync(fd)
    expect((await desk(damaged).call('desk.status', {})).recovery).toMatchObject({ reason: expect.stringMatching(/does not match its own frames/) })
  })
})

describe('a damaged desk file on a desk that is not signed in', () => {
  it('carries every row that can still be read into the new file, not only the changes', async () => {
    const dir = folder()
    const first = desk(dir)
    const ticket = await first.call('tickets.create', { subject: 'Laptop will not charge', channel: 'walk-in', requester: { name: 'Nadia Petrova', email: 'nadia@corp.example' } })
    await first.call('tickets.comment', { id: ticket.id, visibility: 'internal', body: 'Battery swollen; do not charge.' })
    await first.call('kb.save', { title: 'Swollen battery: what to do', body: 'Stop charging. Book a replacement.', status: 'published' })
    await first.call('inventory.record', { snapshot: machine({ hostname: 'LT-NADIA', serial: 'S-NADIA' }), ownerId: (await first.call('tickets.get', { id: ticket.id })).requester.id })
    const before = await first.call('desk.status', {})
    // Closed after its own check has let go of the file, so the close folds the log into it:
    // a reader still open would leave the tickets' pages in the log, and the damage below unseen.
    await first.core.verified
    await first.core.close()
    cleanup.pop()
    expect(existsSync(join(dir, 'desk.sqlite-wal'))).toBe(false)
    // The tickets' own pages are lost; everything else is readable.
    const file = join(dir, 'desk.sqlite')
    const probe = new BetterSqlite3(file, { readonly: true })
    const pages = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'tickets'").pluck().all() as number[]
    const pageSize = probe.pragma('page_size', { simple: true }) as number
    probe.close()
    const fd = openSync(file, 'r+')
    for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (page - 1) * pageSize)
    closeSync(fd)

    const again = desk(dir)
    await again.core.verified
    const status = await again.call('desk.status', {})
    expect(status.recovery).toMatchObject({ salvagedChanges: before.pendingChanges, carriedRows: expect.any(Number) })
    expect(status.recovery!.carriedRows).toBeGreaterThan(before.pendingChanges)
    expect(status.peopleCount).toBe(before.peopleCount)
    // The ticket's own page was lost; its creation and note were among the unsent changes, so it is rebuilt whole.
    expect(status.ticketCount).toBe(before.ticketCount)
    const rebuilt = await again.call('tickets.get', { id: ticket.id })
    expect(rebuilt.ticket).toMatchObject({ subject: 'Laptop will not charge', number: ticket.number, requester: { name: 'Nadia Petrova' } })
    expect(rebuilt.timeline.map((e) => e.data.kind)).toEqual(['created', 'status', 'note'])
    expect((await again.call('kb.search', { text: 'swollen battery' })).map((hit) => hit.title)).toEqual(['Swollen battery: what to do'])
    expect((await again.call('inventory.fleet', {})).assets.map((a) => a.identity.hostname)).toEqual(['LT-NADIA'])
    const db = new BetterSqlite3(join(dir, 'desk.sqlite'), { readonly: true })
    expect(db.prepare("SELECT body FROM ticket_events WHERE kind = 'note'").pluck().all()).toEqual(['Battery swollen; do not charge.'])
    db.close()
  })
})

describe('the desk’s files are this user’s alone', () => {
  it('creates the desk file, its log and shared memory, the secrets and the link mode 0600, and tightens an existing 0644 file', async () => {
    const dir = folder()
    writeFileSync(join(dir, 'desk.sqlite'), '', { mode: 0o644 })
    const { call } = desk(dir)
    await call('tickets.create', { subject: 'VPN drops', channel: 'phone', requester: { name: 'Sam' } })
    new FileSecretStore(dir).set('token', 'x'.repeat(64))
    new DeskLink(dir).save('https://desk.corp.example', { id: '0190a0b0-0000-7000-8000-000000000001', name: 'Sam', email: 'sam@corp.example', role: 'agent' })
    for (const name of ['desk.sqlite', 'desk.sqlite-wal', 'desk.sqlite-shm', 'secrets.json', 'desk-link.json']) {
      expect(existsSync(join(dir, name)), name).toBe(true)
      expect((statSync(join(dir, name)).mode & 0o777).toString(8), name).toBe('600')
    }
  })

  it('keeps the server and account beside the desk file, and moves them there from an older desk file', async () => {
    const dir = folder()
    mkdirSync(dir, { recursive: true })
    const first = desk(dir)
    await first.core.close()
    cleanup.pop()
    const db = new BetterSqlite3(join(dir, 'desk.sqlite'))
    const account = { id: '0190a0b0-0000-7000-8000-000000000002', name: 'Priya Shah', email: 'priya@corp.example', role: 'agent' }
    db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?), (?, ?)').run('server_url', 'https://desk.corp.example', 'account', JSON.stringify(account))
    db.close()
    new FileSecretStore(dir).set('token', 'y'.repeat(64))
    const again = desk(dir)
    expect(await again.call('sync.status', {})).toMatchObject({ serverUrl: 'https://desk.corp.example', account, state: 'offline' })
    expect(new DeskLink(dir).account()).toEqual(account)
    const after = new BetterSqlite3(join(dir, 'desk.sqlite'), { readonly: true })
    expect(after.prepare("SELECT count(*) FROM sync_state WHERE key IN ('server_url', 'account')").pluck().get()).toBe(0)
    after.close()
  })
})

describe('a damaged desk file on a signed-in desk', () => {
  it('after a crash and a damaged page: the host stays up, says so, keeps the link, pushes the waiting changes and pulls every ticket back', async () => {
    const server = await startTestServer()
    cleanup.push(() => server.close())
    const gate = await startGate(server.url)
    cleanup.push(() => gate.close())
    const agent = await server.agent('agent')
    const dataDir = folder()
    let host = await startHostProcess(dataDir)
    cleanup.push(() => host.stop())
    const call = async (method: string, body: unknown = {}) => {
      const response = await fetch(`${host.origin}/api/invoke/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` }, body: JSON.stringify(body) })
      const answer = (await response.json()) as { ok: boolean; value: Record<string, unknown> & { pending: number; ticketCount: number; id: string } }
      if (!answer.ok) throw new Error(`${method}: ${JSON.stringify(answer)}`)
      return answer.value
    }
    const settled = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 400 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50))
      expect(await check()).toBe(true)
    }

    // Thirty tickets reach the server; the host stops cleanly, so they sit in the file itself.
    await call('sync.signIn', { serverUrl: gate.url, email: agent.email, password: 'correct horse battery' })
    for (let i = 0; i < 30; i++) await call('tickets.create', { subject: `Shared ticket ${i}`, channel: 'email', requester: { name: `Requester ${i}` }, description: 'Reported by email. '.repeat(60) })
    await settled(async () => (await call('sync.now')).pending === 0)
    await host.stop()

    for (let round = 1; round <= 2; round++) {
      // Offline: the next changes wait on the desk; then the process is killed outright.
      host = await startHostProcess(dataDir)
      gate.shut()
      const waiting = await call('tickets.create', { subject: `Logged offline, round ${round}`, channel: 'walk-in', requester: { name: 'Walk-in visitor' } })
      await call('tickets.comment', { id: waiting.id, visibility: 'internal', body: `Note written offline in round ${round}.` })
      expect((await call('sync.status')).pending).toBe(2)
      host.child.kill('SIGKILL')
      await once(host.child, 'exit')
      damageOnePage(join(dataDir, 'desk.sqlite'), 'tickets')
      gate.open()

      host = await startHostProcess(dataDir)
      await settled(async () => (await call('desk.status')).recovery !== null)
      const status = await call('desk.status')
      expect(status.recovery).toMatchObject({ reason: expect.stringMatching(/integrity check|write-ahead log|cannot be read/), salvagedChanges: 2 })
      const sync = await call('sync.status')
      expect(sync).toMatchObject({ serverUrl: gate.url, account: { email: agent.email } })
      expect(sync.state).not.toBe('local')
      // Without signing in again: the two waiting changes reach the server, and every ticket comes back.
      await settled(async () => (await call('sync.now')).pending === 0 && (await call('desk.status')).ticketCount === 30 + round)
      const onServer = await server.pool.query("SELECT e.body FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE e.kind = 'note' AND t.fields->>'subject' = $1", [`Logged offline, round ${round}`])
      expect(onServer.rows.map((r: { body: string }) => r.body)).toEqual([`Note written offline in round ${round}.`])
      expect(host.child.exitCode).toBeNull()
      await host.stop()
    }
  })
})
