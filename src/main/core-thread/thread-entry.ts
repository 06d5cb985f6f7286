import { EventEmitter } from 'node:events'
import { parentPort, workerData } from 'node:worker_threads'
import { eventNames } from '../../shared/contract'
import { openFrontlineCore, type FrontlineCore } from '../core/frontline-core'
import type { Updater } from '../core/platform/updates'
import type { SecretStore } from '../core/sync/secret-store'
import type { Ask, FromThread, Tell, ThreadOptions, ToThread } from './thread-messages'

/**
 * Core's own thread: SQLite, sync, imports and probes run here, so a first sync or a 5,000-file import
 * never holds up the window (Electron) or the page's server (browser host). The host reaches core only
 * through these messages; what only the host can do (the keychain, native dialogs, the updater) it is asked.
 */
const port = parentPort
if (!port) throw new Error('core-thread runs as a worker thread only')
const options = workerData as ThreadOptions
const post = (message: FromThread) => port.postMessage(message)
const tell = (message: Tell) => post({ type: 'tell', tell: message })

let asked = 0
const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
const ask = (question: Ask) =>
  new Promise<unknown>((resolve, reject) => {
    const id = ++asked
    waiting.set(id, { resolve, reject })
    post({ type: 'ask', id, ask: question })
  })

/** The host's secrets, read from a copy and written through to the host (which seals them in the keychain). */
class HostSecrets implements SecretStore {
  private readonly values: Map<string, string>
  constructor(readonly where: string, values: Record<string, string>) {
    this.values = new Map(Object.entries(values))
  }
  get(name: string): string | null {
    return this.values.get(name) ?? null
  }
  set(name: string, value: string): void {
    this.values.set(name, value)
    tell({ name: 'secrets.set', args: [name, value] })
  }
  delete(name: string): void {
    this.values.delete(name)
    tell({ name: 'secrets.delete', args: [name] })
  }
}

/** electron-updater as seen from core: settings and calls go to the host's updater, its events come back. */
class HostUpdater extends EventEmitter implements Updater {
  set autoDownload(value: boolean) {
    tell({ name: 'updater.set', args: ['autoDownload', value] })
  }
  set autoInstallOnAppQuit(value: boolean) {
    tell({ name: 'updater.set', args: ['autoInstallOnAppQuit', value] })
  }
  setFeedURL(feed: { provider: 'generic'; url: string }): void {
    tell({ name: 'updater.setFeedURL', args: [feed] })
  }
  checkForUpdates(): Promise<unknown> {
    return ask({ name: 'checkForUpdates', args: [] })
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    tell({ name: 'updater.quitAndInstall', args: [isSilent, isForceRunAfter] })
  }
}

const updater = options.updates ? new HostUpdater() : null
let core: FrontlineCore
try {
  core = openFrontlineCore({
    dataDir: options.dataDir,
    now: () => new Date(Date.now() + options.clockOffsetMs),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.background === false ? { sync: { background: false } } : {}),
    ...(options.secrets ? { secrets: new HostSecrets(options.secrets.where, options.secrets.values) } : {}),
    ...(options.customTool === 'always' ? { confirmCustomTool: async () => true } : {}),
    ...(options.customTool === 'ask' ? { confirmCustomTool: async (tool: unknown) => (await ask({ name: 'confirmCustomTool', args: [tool] })) === true } : {}),
    ...(options.openFile
      ? { openFile: async (file: { name: string; bytes: Buffer; program: boolean }) => (await ask({ name: 'openFile', args: [file] })) === true }
      : {}),
    ...(updater && options.updates ? { updates: { ...options.updates, updater } } : {})
  })
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
  port.close()
  throw error
}

for (const name of eventNames) core.events.on(name, (payload) => post({ type: 'event', name, payload }))
void core.verified.then(() => post({ type: 'verified' }))

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'call':
      void core.dispatch(message.method, message.input).then((result) => post({ type: 'result', id: message.id, result }))
      return
    case 'answer': {
      const pending = waiting.get(message.id)
      waiting.delete(message.id)
      if (message.ok) pending?.resolve(message.value)
      else pending?.reject(new Error(message.message ?? 'The host could not answer.'))
      return
    }
    case 'updater': {
      const arg = message.arg as { message?: string; code?: string } | undefined
      // An error crosses as its message and code; the update service reads both.
      updater?.emit(message.event, message.event === 'error' ? Object.assign(new Error(arg?.message ?? 'update failed'), { code: arg?.code }) : message.arg)
      return
    }
    case 'close':
      void core.close().then(() => {
        post({ type: 'closed' })
        port.close()
      })
  }
})
post({ type: 'ready', dataFile: core.dataFile })
