import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDesk } from '../../src/main/core/store/database'
import { buildChildScript } from '../support/child-script'
import { tempDir } from '../support/temp-dir'

// 200 kills in CI; KILL_ITERATIONS=1000 for the long run.
const iterations = Number(process.env.KILL_ITERATIONS ?? 200)
let writer = ''

interface Ack {
  kind: 'ticket' | 'note'
  ticketId: string
  marker: string
}

/** Runs the writer until `killAfterMs` after its first acknowledged write, then SIGKILLs it. */
async function runAndKill(dataDir: string, killAfterMs: number): Promise<Ack[]> {
  const child = spawn(process.execPath, [writer, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  const acks: Ack[] = []
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [, kind, ticketId, marker] = line.split(' ')
    if (acks.length === 0) setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    acks.push({ kind: kind as Ack['kind'], ticketId: ticketId!, marker: marker! })
  })
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null]
  if (signal !== 'SIGKILL') throw new Error(`writer exited by itself (${code}): ${stderr}`)
  return acks
}

describe('a desk killed mid-write', () => {
  const dir = tempDir('frontline-kill-')
  beforeAll(async () => {
    writer = await buildChildScript('tests/support/kill-writer.ts')
  })
  afterAll(() => dir.remove())

  it(`keeps every acknowledged write, all or nothing, over ${iterations} SIGKILLs`, { timeout: iterations * 3_000 }, async () => {
    const dataDir = join(dir.path, 'desk')
    const acknowledged: Ack[] = []
    for (let i = 0; i < iterations; i++) {
      acknowledged.push(...(await runAndKill(dataDir, Math.floor(Math.random() * 60))))

      const { db, recovery } = openDesk(join(dataDir, 'desk.sqlite'))
      try {
        expect(recovery).toBeNull()
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
        const subjects = new Set(db.prepare('SELECT subject FROM tickets').pluck().all() as string[])
        const notes = new Set(db.prepare("SELECT json_extract(data, '$.body') FROM ticket_events WHERE kind = 'note'").pluck().all() as string[])
        for (const ack of acknowledged) {
          if (ack.kind === 'ticket') expect(subjects.has(`Kill test ${ack.marker}`), ack.marker).toBe(true)
          else expect(notes.has(`note ${ack.marker}`), ack.marker).toBe(true)
        }
        // All or nothing: every ticket has its timeline start and its outbox entry; every note its time and outbox entry.
        const count = (sql: string) => db.prepare(sql).pluck().get() as number
        const tickets = count('SELECT count(*) FROM tickets')
        expect(count("SELECT count(*) FROM ticket_events WHERE kind = 'created'")).toBe(tickets)
        expect(count("SELECT count(*) FROM outbox WHERE kind = 'ticket.create'")).toBe(tickets)
        const noteCount = count("SELECT count(*) FROM ticket_events WHERE kind = 'note'")
        expect(count("SELECT count(*) FROM ticket_events WHERE kind = 'time'")).toBe(noteCount)
        expect(count("SELECT count(*) FROM outbox WHERE kind = 'ticket.comment'")).toBe(noteCount)
      } finally {
        db.close()
      }
    }
    expect(acknowledged.length).toBeGreaterThan(iterations)
  })
})
