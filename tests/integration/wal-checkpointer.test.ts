import { statSync } from 'node:fs'
import { setImmediate } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import type { Database } from 'better-sqlite3'
import { openDesk, refetchable } from '../../src/main/core/store/database'
import { WalCheckpointer } from '../../src/main/core/store/wal-checkpointer'
import { tempDir } from '../support/temp-dir'

const dirs: Array<ReturnType<typeof tempDir>> = []
afterEach(() => dirs.splice(0).forEach((d) => d.remove()))

function deskFile(): Database {
  const dir = tempDir()
  dirs.push(dir)
  const { db } = openDesk(`${dir.path}/desk.sqlite`)
  db.exec('CREATE TABLE bulk (id INTEGER PRIMARY KEY, body BLOB)')
  return db
}

/** Writes as a pull does, slice after slice (each about 100 pages of 4 KB), and says how large the log grew. */
async function writeSlices(db: Database, copier: WalCheckpointer | null, slices: number): Promise<number> {
  const insert = db.prepare('INSERT INTO bulk (body) VALUES (randomblob(4000))')
  let largest = 0
  for (let i = 0; i < slices; i++) {
    await setImmediate()
    await copier?.keepUp()
    refetchable(db, () => db.transaction(() => Array.from({ length: 100 }, () => insert.run()))())
    copier?.written()
    largest = Math.max(largest, statSync(`${db.name}-wal`).size)
  }
  return largest
}

describe('the write-ahead log copied off the core thread during a pull', () => {
  it('keeps the log file bounded while slices are written, and leaves the desk checkpointing for itself', async () => {
    const db = deskFile()
    const copier = WalCheckpointer.begin(db)!
    expect(copier).not.toBeNull()
    // Once the worker has the file open, the writer no longer copies inside its commits.
    await expect.poll(() => db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    // 300 slices of ~100 pages: about 120 MB through the log.
    const largest = await writeSlices(db, copier, 300)
    await copier.end()
    // Bounded near its 4,000-page limit plus a few slices in flight, not the 120 MB written.
    expect(largest).toBeLessThan(24 * 1_048_576)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    // Everything written was copied into the file: nothing is left for the writer's own next commit.
    const [left] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>
    expect(left!.checkpointed).toBe(left!.log)
    expect(db.prepare('SELECT count(*) FROM bulk').pluck().get()).toBe(30_000)
    db.close()
  })

  it('falls back to the writer checkpointing when its worker cannot open the file, and never hangs the pull', async () => {
    const db = deskFile()
    const copier = WalCheckpointer.begin(db, '/nowhere/better_sqlite3.node')!
    const largest = await writeSlices(db, copier, 120)
    await copier.end()
    // The worker failed at once; the writer's own checkpoints kept the log small.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect(largest).toBeLessThan(24 * 1_048_576)
    expect(db.prepare('SELECT count(*) FROM bulk').pluck().get()).toBe(12_000)
    db.close()
  })

  it('is not used for a desk in memory, which has no log', () => {
    const { db } = openDesk(':memory:')
    expect(WalCheckpointer.begin(db)).toBeNull()
    db.close()
  })

  it('lets go of the file when the desk closes under it', async () => {
    const db = deskFile()
    const copier = WalCheckpointer.begin(db)!
    await writeSlices(db, copier, 20)
    db.close()
    // The pull's round ends after the desk closed: nothing touches the closed connection, and the worker exits.
    await copier.end()
  })
})
