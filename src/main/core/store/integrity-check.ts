import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

// Plain CommonJS evaluated in a worker: no bundle entry to locate, and it runs the same under
// vitest, the browser host and Electron's main process.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
let db
let found
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) })
  found = String(db.pragma('quick_check', { simple: true }))
} catch (error) {
  found = 'cannot be read: ' + error.message
} finally {
  if (db) db.close()
}
// Told only once this connection let go: the desk may close (the last connection folds the log into
// the file) or move the file aside for recovery as soon as it hears.
parentPort.postMessage(found)
`

export interface BackgroundCheck {
  /** 'ok', or what quick_check (or opening the file) reported. */
  result: Promise<string>
  cancel(): void
}

/** SQLite's quick_check on its own connection in a worker thread, so the desk answers while it runs. */
export function checkInBackground(file: string, nativeBinding?: string): BackgroundCheck {
  const module = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(workerSource, { eval: true, workerData: { file, module, nativeBinding } })
  const result = new Promise<string>((resolve, reject) => {
    worker.once('message', (message: string) => resolve(message))
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`integrity check stopped (${code})`)))
  })
  // Cancel lets the check finish unheeded instead of terminating the worker: terminating it while
  // better-sqlite3 is raising an error (quick_check on a damaged file) aborts the whole process
  // (V8 "ToLocalChecked Empty MaybeLocal"); unref'd, it no longer keeps the process alive.
  return { result, cancel: () => void worker.unref() }
}
