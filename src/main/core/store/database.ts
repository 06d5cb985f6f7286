import BetterSqlite3 from 'better-sqlite3'
import type { Database } from 'better-sqlite3'
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrate } from './migrations'
import { walDamage } from './wal-check'

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
  reason: string
  salvagedChanges: number
  carriedRows: number
  rebuiltTickets: number
}

export interface OpenedDesk {
  db: Database
  /** Set when the file was damaged: it was kept aside and its pending changes carried over. */
  recovery: Recovery | null
}

/** The desk and its WAL and shared-memory files are this user's alone (SQLite gives the latter two the desk file's mode). */
function keepPrivate(file: string): void {
  if (file === ':memory:') return
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600)
}

function connect(file: string, options: OpenOptions, readonly = false): Database {
  if (!readonly) keepPrivate(file)
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

/**
 * Runs `write` with its commit not waiting for the disk (synchronous=NORMAL), then back to FULL. For
 * what can be fetched again, a pulled slice: a power cut loses at most the last slices (the WAL keeps
 * commits in order, so the pull cursor written after them goes too) and they are pulled again. The next
 * FULL commit, a technician's own save, takes them to the disk with it.
 */
export function refetchable<T>(db: Database, write: () => T): T {
  db.pragma('synchronous = NORMAL')
  try {
    return write()
  } finally {
    db.pragma('synchronous = FULL')
  }
}

/** Damage a read at open may meet (a bad page, not a desk file, an I/O error): the desk still opens, and the background check deals with it. */
export function isOpenTimeDamage(error: unknown): boolean {
  return /^SQLITE_(CORRUPT|NOTADB|IOERR)/.test((error as { code?: string }).code ?? '')
}

function isDamage(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? ''
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || error instanceof DamagedDesk
}

class DamagedDesk extends Error {}

/** quick_check's report in words: its first line that says something ("*** in database main ***" does not). */
export function integrityReason(report: string): string {
  const line = report.split('\n').find((l) => l.trim() && !/^\*\*\* in database/.test(l))
  return `the integrity check found damaged pages${line ? ` (${line.trim().slice(0, 120)})` : ''}`
}

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
    const wal = file === ':memory:' ? null : walDamage(file)
    if (wal) throw new DamagedDesk(wal)
    db = connect(file, options)
    if (!options.deferCheck) {
      const check = db.pragma('quick_check', { simple: true })
      if (check !== 'ok') throw new DamagedDesk(integrityReason(String(check)))
    }
    migrate(db)
    return { db, recovery: null }
  } catch (error) {
    db?.close()
    if (!isDamage(error) || !existsSync(file)) throw error
    return recoverDesk(file, options, error instanceof DamagedDesk ? error.message : 'the file cannot be read as a database')
  }
}

/**
 * Keeps the damaged file aside and starts a fresh one holding every row that can still be read: the
 * outbox, and on a desk that is not signed in, everything else too. Sync bookkeeping (client id,
 * clock, cursors) starts over, so the desk pushes what it carried under a new client id and pulls
 * everything again; the server takes each change and event once, by id.
 */
export function recoverDesk(file: string, options: OpenOptions = {}, reason = 'the integrity check found damage'): OpenedDesk {
  const damagedFile = file.replace(/(\.sqlite)?$/, `.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`)
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, damagedFile + suffix)
  }
  const db = connect(file, options)
  migrate(db)
  const carried = carryReadableRows(damagedFile, db, options)
  return { db, recovery: { damagedFile, reason, salvagedChanges: carried.outbox ?? 0, carriedRows: Object.values(carried).reduce((n, c) => n + c, 0), rebuiltTickets: 0 } }
}

/** Our ordinary tables in the fresh file, without sync bookkeeping or search indexes (triggers rebuild those). */
function tablesToCarry(db: Database): string[] {
  return (db.pragma('table_list') as Array<{ name: string; type: string; schema: string }>)
    .filter((t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_') && t.name !== 'sync_state')
    .map((t) => t.name)
}

/**
 * Copies each table row by row until the damage stops the read. Foreign keys are off while it copies,
 * so a row whose parent was lost is still kept (a signed-in desk's pull brings the parent back); a
 * ticket or machine whose person was lost gets a stand-in, so it still shows.
 */
function carryReadableRows(damagedFile: string, into: Database, options: OpenOptions): Record<string, number> {
  const carried: Record<string, number> = {}
  let from: Database
  try {
    from = connect(damagedFile, options, true)
  } catch {
    return carried
  }
  into.pragma('foreign_keys = OFF')
  try {
    let theirs: Set<string>
    try {
      theirs = new Set((from.pragma('table_list') as Array<{ name: string }>).map((t) => t.name))
    } catch {
      return carried // Not readable as a database at all.
    }
    for (const table of tablesToCarry(into).filter((t) => theirs.has(t))) {
      let columns: string[]
      try {
        const available = new Set((from.pragma(`table_info("${table}")`) as Array<{ name: string }>).map((c) => c.name))
        columns = (into.pragma(`table_info("${table}")`) as Array<{ name: string }>).map((c) => c.name).filter((c) => available.has(c))
      } catch {
        continue
      }
      const list = columns.map((c) => `"${c}"`).join(', ')
      const insert = into.prepare(`INSERT OR IGNORE INTO "${table}" (${list}) VALUES (${columns.map(() => '?').join(', ')})`)
      let count = 0
      into.transaction(() => {
        try {
          for (const row of from.prepare(`SELECT ${list} FROM "${table}"`).raw().iterate()) {
            try {
              count += insert.run(...(row as unknown[])).changes
            } catch {
              // A row this schema cannot take stays in the file kept aside.
            }
          }
        } catch {
          // The damage stops the read here; the rows before it are kept.
        }
      })()
      if (count) carried[table] = count
    }
    into.exec(`
      INSERT OR IGNORE INTO people (id, name)
        SELECT DISTINCT requester_id, 'Requester (lost with the damaged desk file)' FROM tickets WHERE requester_id NOT IN (SELECT id FROM people)
        UNION SELECT DISTINCT owner_id, 'Owner (lost with the damaged desk file)' FROM assets WHERE owner_id IS NOT NULL AND owner_id NOT IN (SELECT id FROM people);
      INSERT OR IGNORE INTO agents (id, name)
        SELECT DISTINCT assignee_id, 'Technician (lost with the damaged desk file)' FROM tickets WHERE assignee_id IS NOT NULL AND assignee_id NOT IN (SELECT id FROM agents);
    `)
  } finally {
    from.close()
    into.pragma('foreign_keys = ON')
  }
  return carried
}
