import BetterSqlite3 from 'better-sqlite3'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openFrontlineCore } from '../../src/main/core/frontline-core'
import { syncedFields } from '../../src/shared/sync'
import { startTestServer, type TestServer } from '../support/desk-server'
import { startFaultProxy } from '../support/fault-proxy'
import { buildChildScript } from '../support/child-script'
import { tempDir } from '../support/temp-dir'

// CI runs a short profile; FAULT_CLIENTS=5 FAULT_MUTATIONS=1200 FAULT_RATE=20 is the full minute.
const clients = Number(process.env.FAULT_CLIENTS ?? 3)
const perClient = Number(process.env.FAULT_MUTATIONS ?? 40)
const rate = Number(process.env.FAULT_RATE ?? 20)
let client = ''

interface Run {
  child: ChildProcess
  acks: string[]
  done: Promise<boolean>
}

function startClient(dataDir: string, url: string, email: string, run: string, skewMs: number): Run {
  const child = spawn(process.execPath, [client, dataDir, url, email, 'correct horse battery', String(perClient), String(rate), run, String(skewMs)], { stdio: ['ignore', 'pipe', 'pipe'] })
  const acks: string[] = []
  let stderr = ''
  let finished = false
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('ack ')) acks.push(line.slice(4))
    if (line === 'done') finished = true
  })
  const done = once(child, 'exit').then(([code, signal]) => {
    if (signal === 'SIGKILL') return false
    if (code !== 0 || !finished) throw new Error(`sync client ${email} exited ${code}: ${stderr}`)
    return true
  })
  return { child, acks, done }
}

/** One canonical digest of tickets (number and every synced field) and timeline event ids. */
function digest(tickets: Array<{ id: string; number: string; fields: Record<string, unknown> }>, events: string[]): string {
  const hash = createHash('sha256')
  for (const t of [...tickets].sort((a, b) => a.id.localeCompare(b.id))) {
    hash.update(`${t.id}|${t.number}|${syncedFields.map((f) => JSON.stringify(t.fields[f] ?? null)).join('|')}\n`)
  }
  for (const id of [...events].sort()) hash.update(`${id}\n`)
  return hash.digest('hex')
}

describe('sync under faults: lost answers, duplicates, reordering, a killed desk, a server restart, a skewed clock', () => {
  let server: TestServer
  const dir = tempDir('frontline-faults-')
  beforeAll(async () => {
    client = await buildChildScript('tests/support/sync-client.ts')
    server = await startTestServer()
  }, 120_000)
  afterAll(async () => {
    await server?.close()
    dir.remove()
  })

  it(`${clients} desks × ${perClient} changes: every acknowledged change lands exactly once, in order, and all converge`, { timeout: 600_000 }, async () => {
    const proxy = await startFaultProxy(server.url)
    const accounts = await Promise.all(Array.from({ length: clients }, (_, i) => server.agent(i === 0 ? 'specialist' : 'agent')))
    // The last desk's clock runs ten minutes fast.
    const skew = (i: number) => (i === clients - 1 ? 600_000 : 0)
    const desks = accounts.map((_, i) => join(dir.path, `desk-${i}`))
    const runs: Run[][] = accounts.map((a, i) => [startClient(desks[i]!, proxy.url, a.email, 'r1', skew(i))])

    // Kill the first desk mid-run (mid-push, as likely as not), then start it again on the same folder.
    const first = runs[0]![0]!
    while (first.acks.length < perClient / 3) await new Promise((r) => setTimeout(r, 20))
    first.child.kill('SIGKILL')
    expect(await first.done).toBe(false)
    runs[0]!.push(startClient(desks[0]!, proxy.url, accounts[0]!.email, 'r2', 0))

    // Restart the server while the others are still pushing.
    while (runs[1]![0]!.acks.length < perClient / 2) await new Promise((r) => setTimeout(r, 20))
    proxy.setUpstream(await server.restart())

    for (const list of runs) expect(await list.at(-1)!.done).toBe(true)

    // Every desk pulls once more (the network calm now), then all are compared.
    proxy.setFaults(false)
    const hashes: string[] = []
    for (const desk of desks) {
      const core = openFrontlineCore({ dataDir: desk, sync: { background: false } })
      const result = await core.dispatch('sync.now', {})
      expect(result).toMatchObject({ ok: true, value: { state: 'online', pending: 0, refused: [] } })
      core.close()
      const db = new BetterSqlite3(join(desk, 'desk.sqlite'), { readonly: true })
      const tickets = (db.prepare(`SELECT id, number, ${syncedFields.join(', ')} FROM tickets`).all() as Array<Record<string, unknown>>).map((row) => ({
        id: row.id as string,
        number: row.number as string,
        fields: row
      }))
      hashes.push(digest(tickets, db.prepare('SELECT id FROM ticket_events').pluck().all() as string[]))
      db.close()
    }
    await proxy.close()
    const serverTickets = (await server.pool.query<{ id: string; number: string; fields: Record<string, unknown> }>('SELECT id, number, fields FROM tickets')).rows
    const serverEvents = (await server.pool.query<{ id: string }>('SELECT id FROM ticket_events')).rows.map((r) => r.id)
    const serverHash = digest(serverTickets, serverEvents)

    // Exactly once: every acknowledged note is on the server once; none twice.
    const notes = (await server.pool.query<{ body: string; n: number }>("SELECT body, count(*)::int AS n FROM ticket_events WHERE kind = 'note' GROUP BY body")).rows
    const onServer = new Map(notes.map((r) => [r.body.replace(/^note /, ''), r.n]))
    const acknowledged = runs.flat().flatMap((r) => r.acks)
    const missing = acknowledged.filter((m) => !onServer.has(m))
    const doubled = notes.filter((r) => r.n > 1).map((r) => r.body)
    // Per desk and run, the server holds the notes in the order they were written.
    const order = (await server.pool.query<{ body: string }>("SELECT body FROM ticket_events WHERE kind = 'note' ORDER BY change_seq")).rows.map((r) => r.body.replace(/^note /, ''))
    const outOfOrder = runs.flat().filter((r) => {
      const seen = order.filter((m) => r.acks.includes(m))
      return seen.join() !== r.acks.filter((m) => seen.includes(m)).join()
    }).length

    console.log(
      [
        `sync under faults: ${clients} desks, ${acknowledged.length} acknowledged notes (plus tickets and edits), ${serverTickets.length} tickets, ${serverEvents.length} events on the server`,
        `faults injected: ${proxy.counts.droppedAfterCommit} answers dropped after commit, ${proxy.counts.duplicated} requests sent twice, ${proxy.counts.delayed} held back, 1 desk SIGKILLed, 1 server restart, 1 clock 10 min fast`,
        `duplicates suppressed by the server: ${proxy.counts.duplicatesSuppressed}`,
        `final hash equal on every desk and the server: ${hashes.every((h) => h === serverHash) ? 'yes' : 'no'}`
      ].join('\n')
    )
    expect(missing).toEqual([])
    expect(doubled).toEqual([])
    expect(outOfOrder).toBe(0)
    expect(proxy.counts.droppedAfterCommit + proxy.counts.duplicated).toBeGreaterThan(0)
    expect(hashes).toEqual(hashes.map(() => serverHash))
  })
})
