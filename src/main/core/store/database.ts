import BetterSqlite3 from 'better-sqlite3'
import type { Database } from 'better-sqlite3'
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrate } from './migrations'

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running ABI (Electron's differs from Node's). */
  nativeBinding?: string
  /**
   * Skip the page-by-page quick_check here because the caller runs it off the main thread
   * (core does, so the first queue page does not wait for it). Damage found while opening is
   * still handled here.
   */
  deferCheck?: boolean
}

export interface Recovery {
  damagedFile: string
  salvagedChanges: number
}

export interface OpenedDesk {
  db: Database
  /** Set when the file was damaged: it was kept aside and its pending changes carried over. */
  recovery: Recovery | null
}

interface OutboxRow {
  mutation_id: string
  kind: string
  payload: string
  created_at: string
}

function connect(file: string, options: OpenOptions, readonly = false): Database {
  const db = new BetterSqlite3(file, { readonly, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) })
  if (!readonly) {
    // WAL + synchronous=FULL: a commit that returned survives the process or the machine dying.
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
  }
  db.pragma('busy_timeout = 5000')
  return db
}

function isDamage(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? ''
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || error instanceof DamagedDesk
}

class DamagedDesk extends Error {}

/** For tests and tools: a plain connection with the schema applied. */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  return openDesk(file, options).db
}

/**
 * Opens the desk file, checking it first. A damaged file is never opened as if empty: it is kept
 * aside, whatever pending changes can still be read are carried into a fresh file, and the caller
 * is told, so the technician can be told.
 */
export function openDesk(file: string, options: OpenOptions = {}): OpenedDesk {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  let db: Database | undefined
  try {
    db = connect(file, options)
    if (!options.deferCheck) {
      const check = db.pragma('quick_check', { simple: true })
      if (check !== 'ok') throw new DamagedDesk(String(check))
    }
    migrate(db)
    return { db, recovery: null }
  } catch (error) {
    db?.close()
    if (!isDamage(error) || !existsSync(file)) throw error
    return recoverDesk(file, options)
  }
}

/** Keeps the damaged file aside and starts a fresh one holding whatever pending changes could be read. */
export function recoverDesk(file: string, options: OpenOptions = {}): OpenedDesk {
  const damagedFile = file.replace(/(\.sqlite)?$/, `.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`)
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, damagedFile + suffix)
  }
  const salvaged = salvageOutbox(damagedFile, options)
  const db = connect(file, options)
  migrate(db)
  const insert = db.prepare('INSERT OR IGNORE INTO outbox (mutation_id, kind, payload, created_at) VALUES (@mutation_id, @kind, @payload, @created_at)')
  db.transaction(() => salvaged.forEach((row) => insert.run(row)))()
  return { db, recovery: { damagedFile, salvagedChanges: salvaged.length } }
}

/** Reads outbox rows in order until the damage stops the read; what was read is kept. */
function salvageOutbox(file: string, options: OpenOptions): OutboxRow[] {
  const rows: OutboxRow[] = []
  let db: Database | undefined
  try {
    db = connect(file, options, true)
    for (const row of db.prepare('SELECT mutation_id, kind, payload, created_at FROM outbox ORDER BY seq').iterate()) {
      rows.push(row as OutboxRow)
    }
  } catch {
    // Past this point the file cannot be read; the rows before it are saved.
  } finally {
    db?.close()
  }
  return rows
}
