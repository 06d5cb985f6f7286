import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Database } from 'better-sqlite3'

// Plain CommonJS evaluated in a worker, as the integrity check's: no bundle entry to locate.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.file, { fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) })
parentPort.postMessage('ready')
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close()
    parentPort.close()
    return
  }
  let answer
  try {
    // PASSIVE: copies what it can without waiting for the writer or any reader, and never holds them up.
    const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)')
    answer = { log, checkpointed }
  } catch (error) {
    answer = { error: String(error && error.message) }
  }
  parentPort.postMessage(answer)
})
`

/** SQLite's own default, which the desk keeps outside a pull. */
const autoCheckpointPages = 1000
/**
 * How far the log may run ahead before the writer waits for the copy to catch up so that its next
 * transaction starts the log over: bounds the -wal file (4 KB pages) while a first sync writes.
 */
const logLimitPages = 4000

interface Answer {
  log?: number
  checkpointed?: number
  error?: string
}

/**
 * Copies the write-ahead log into the desk file on a connection of its own, in a worker thread, while a
 * pull writes: SQLite otherwise checkpoints inside the commit that crosses 1,000 pages, on the core
 * thread, where it took about a sixth of a first sync's writing and held up the queue page that waited.
 */
export class WalCheckpointer {
  private readonly worker: Worker
  private inFlight: Promise<Answer> | null = null
  /** A slice committed while a copy ran: one more copy once it ends. */
  private again = false
  private last: Answer = {}
  /** The worker has its connection: until then the writer checkpoints for itself. */
  private ready = false
  /** The worker failed or stopped: the writer checkpoints for itself, as outside a pull. */
  private failed = false
  private readonly exited: Promise<void>

  private constructor(
    private readonly db: Database,
    file: string,
    nativeBinding: string | undefined
  ) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3')
    this.worker = new Worker(workerSource, { eval: true, workerData: { file, module, nativeBinding } })
    // A worker that could not open the file (or stopped) is reported by its exit.
    this.worker.on('error', () => undefined)
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.fallBack()
        resolve()
      })
    )
    // Only once the worker has opened the file: a worker slow to start, or failing to, left the log growing
    // unchecked meanwhile (37 MB in wal-checkpointer.test with both cores busy).
    this.worker.once('message', () => {
      if (this.failed || !db.open) return
      this.ready = true
      db.pragma('wal_autocheckpoint = 0')
    })
  }

  /** While a pull writes; null for a desk in memory, which has no log. */
  static begin(db: Database, nativeBinding?: string): WalCheckpointer | null {
    if (db.memory || String(db.pragma('journal_mode', { simple: true })) !== 'wal') return null
    return new WalCheckpointer(db, db.name, nativeBinding)
  }

  /** After each committed slice. */
  written(): void {
    if (!this.ready || this.failed) return
    if (this.inFlight) this.again = true
    else void this.copy()
  }

  /**
   * Before the next slice: once the log has run past its limit, waits (without blocking the thread) for
   * a copy of all of it, so that the next transaction writes the log from its start.
   */
  async keepUp(): Promise<void> {
    if (!this.ready || this.failed) return
    const reported = this.last.log ?? 0
    // Past half the limit, at most one copy runs beside the writer, so the log runs at most two slices past what a
    // copy last reported, however slow the copies (with both cores busy, copies reported late let it reach ~31 MB).
    // Below it the writer runs free, and one copy takes in the slices committed while the last one ran.
    if (this.inFlight && reported >= logLimitPages / 2) await this.inFlight
    if ((this.last.log ?? 0) < logLimitPages) return
    while (this.inFlight) await this.inFlight
    const { log = 0, checkpointed = 0 } = await this.copy()
    // All of it copied: the next transaction writes the log from its start.
    if (checkpointed >= log) this.last = {}
  }

  /**
   * A last copy here (a first sync ends with its search indexes rebuilt: many pages, which the writer's
   * next commit would otherwise copy on its own thread), then the writer checkpoints for itself again.
   * Settles once the worker's connection has let go of the file.
   */
  async end(): Promise<void> {
    while (this.inFlight) await this.inFlight
    if (this.ready && this.db.open) await this.copy()
    this.fallBack()
    this.worker.postMessage('close')
    await this.exited
  }

  private fallBack(): void {
    this.failed = true
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${autoCheckpointPages}`)
  }

  private copy(): Promise<Answer> {
    this.again = false
    if (this.failed) return Promise.resolve({})
    const done = new Promise<Answer>((resolve) => {
      const settle = (answer: Answer) => {
        this.worker.off('exit', gone)
        this.worker.off('message', settle)
        resolve(answer)
      }
      const gone = () => settle({ error: 'the checkpoint worker stopped' })
      this.worker.once('message', settle)
      this.worker.once('exit', gone)
      this.worker.postMessage('checkpoint')
    })
    this.inFlight = done.then((answer) => {
      this.last = answer
      this.inFlight = null
      if (answer.error !== undefined) this.fallBack()
      else if (this.again) void this.copy()
      return answer
    })
    return this.inFlight
  }
}
