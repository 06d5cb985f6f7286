import { Worker } from 'node:worker_threads'
import type { Dispatch } from '../core/dispatch'
import type { FrontlineCore } from '../core/frontline-core'
import type { OpenFile } from '../core/handlers/files'
import { DeskEvents } from '../core/platform/events'
import type { Updater } from '../core/platform/updates'
import type { ConfirmCustomTool } from '../core/remote/saved-custom-tool'
import type { SecretStore } from '../core/sync/secret-store'
import type { CustomTool } from '../../shared/remote'
import type { Result } from '../../shared/errors'
import { threadSecretNames, updaterEvents, type Ask, type FromThread, type Tell, type ThreadOptions, type ToThread } from './thread-messages'

export interface CoreThreadStart {
  /** The built `core-thread.js` (beside the host's own entry in out/main). */
  entry: string
  dataDir: string
  nativeBinding?: string
  clockOffsetMs?: number
  timeZone?: string
  /** Background sync; on unless a test drives it. */
  background?: boolean
  /** What only the host can do; each is optional, as in `CoreOptions`. */
  secrets?: SecretStore
  confirmCustomTool?: ConfirmCustomTool | 'always'
  openFile?: OpenFile
  updates?: { updater: Updater; currentVersion: string; packagedFeed?: boolean }
  /** Told once if the thread stops without being closed (out of memory, say): calls then answer that core stopped. */
  onGone?: (reason: string) => void
  /** V8's limits for the thread; by default Node's own. */
  resourceLimits?: { maxOldGenerationSizeMb?: number }
}

/**
 * Opens core on a worker thread and hands back the same `FrontlineCore` the hosts used in-thread:
 * `dispatch` posts the call and resolves with core's envelope, events arrive on a local bus (the host
 * may emit its own there too, such as the menu's). Settles once the desk is open; rejects with core's
 * own message when it cannot open (a desk file from a newer build, say).
 */
export function startCoreThread(start: CoreThreadStart): Promise<FrontlineCore> {
  const { entry, secrets, confirmCustomTool, openFile, updates } = start
  const options: ThreadOptions = {
    dataDir: start.dataDir,
    clockOffsetMs: start.clockOffsetMs ?? 0,
    ...(start.nativeBinding ? { nativeBinding: start.nativeBinding } : {}),
    ...(start.timeZone ? { timeZone: start.timeZone } : {}),
    ...(start.background === false ? { background: false } : {}),
    ...(secrets ? { secrets: { where: secrets.where, values: Object.fromEntries(threadSecretNames.flatMap((name) => { const value = secrets.get(name); return value === null ? [] : [[name, value]] })) } } : {}),
    ...(confirmCustomTool ? { customTool: confirmCustomTool === 'always' ? 'always' : 'ask' } : {}),
    ...(openFile ? { openFile: true } : {}),
    ...(updates ? { updates: { currentVersion: updates.currentVersion, ...(updates.packagedFeed !== undefined ? { packagedFeed: updates.packagedFeed } : {}) } } : {})
  }
  const worker = new Worker(entry, { workerData: options, ...(start.resourceLimits ? { resourceLimits: start.resourceLimits } : {}) })
  const send = (message: ToThread) => worker.postMessage(message)
  const events = new DeskEvents()
  const calls = new Map<number, (result: Result<unknown>) => void>()
  let called = 0
  let gone: string | null = null
  let closing = false
  let opened = false
  let markVerified: () => void = () => undefined
  const verified = new Promise<void>((resolve) => (markVerified = resolve))
  let markClosed: () => void = () => undefined
  const closed = new Promise<void>((resolve) => (markClosed = resolve))

  const answer = async (id: number, ask: Ask) => {
    try {
      let value: unknown
      if (ask.name === 'confirmCustomTool') value = typeof confirmCustomTool === 'function' ? await confirmCustomTool(ask.args[0] as CustomTool) : false
      else if (ask.name === 'openFile') value = openFile ? await openFile({ ...ask.args[0], bytes: Buffer.from(ask.args[0].bytes) }) : false
      else value = await updates?.updater.checkForUpdates().then(() => null)
      send({ type: 'answer', id, ok: true, value })
    } catch (error) {
      send({ type: 'answer', id, ok: false, message: error instanceof Error ? error.message : String(error) })
    }
  }
  const obey = (tell: Tell) => {
    if (tell.name === 'secrets.set') secrets?.set(...tell.args)
    else if (tell.name === 'secrets.delete') secrets?.delete(...tell.args)
    else if (!updates) return
    else if (tell.name === 'updater.set') updates.updater[tell.args[0]] = tell.args[1]
    else if (tell.name === 'updater.setFeedURL') updates.updater.setFeedURL(tell.args[0])
    else updates.updater.quitAndInstall(...tell.args)
  }
  // The updater's events cross as plain data: an error as its message and code.
  const relays = updaterEvents.map((event) => {
    const relay = (arg: unknown) =>
      send({ type: 'updater', event, arg: arg instanceof Error ? { message: arg.message, code: (arg as { code?: unknown }).code } : structuredCloneable(arg) })
    updates?.updater.on(event, relay)
    return () => updates?.updater.off(event, relay)
  })

  /** A call after the thread is gone (crashed, or closed) answers as any failure inside core does. */
  const failAll = (message: string) => {
    if (gone) return
    gone = message
    // A desk that never opened is the start's own failure (it rejects), not a thread that went.
    if (!closing && opened) start.onGone?.(message)
    for (const resolve of calls.values()) resolve({ ok: false, error: { code: 'INTERNAL', message } })
    calls.clear()
    relays.forEach((off) => off())
    markVerified()
    markClosed()
  }

  const dispatch: Dispatch = (method, input) => {
    if (gone) return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: gone } })
    return new Promise((resolve) => {
      const id = ++called
      calls.set(id, resolve)
      send({ type: 'call', id, method, input })
    })
  }

  return new Promise<FrontlineCore>((resolve, reject) => {
    worker.on('message', (message: FromThread) => {
      switch (message.type) {
        case 'ready':
          opened = true
          return resolve({
            dispatch,
            events,
            dataFile: message.dataFile,
            verified,
            close: () => {
              closing = true
              if (!gone) send({ type: 'close' })
              return closed
            }
          })
        case 'failed':
          return reject(new Error(message.message))
        case 'result': {
          const done = calls.get(message.id)
          calls.delete(message.id)
          return done?.(message.result)
        }
        case 'event':
          return events.emit(message.name, message.payload as never)
        case 'verified':
          return markVerified()
        case 'ask':
          return void answer(message.id, message.ask)
        case 'tell':
          return obey(message.tell)
        case 'closed':
          closing = true
          return failAll('The desk is closed.')
      }
    })
    worker.on('error', (error) => {
      reject(error)
      failAll(`Frontline's core stopped (${error.message}); every change it had saved is kept. Start Frontline again.`)
    })
    worker.on('exit', (code) => failAll(closing ? 'The desk is closed.' : `Frontline's core stopped (exit code ${code}); start Frontline again.`))
  })
}

/** Updater event payloads are plain objects; anything else (a function, a class) is dropped rather than failing the relay. */
function structuredCloneable(value: unknown): unknown {
  try {
    return structuredClone(value)
  } catch {
    return JSON.parse(JSON.stringify(value ?? null)) as unknown
  }
}
