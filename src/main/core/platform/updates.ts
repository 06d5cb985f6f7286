import { EventEmitter } from 'node:events'
import { DeskError } from '../../../shared/errors'
import type { UpdateStatus } from '../../../shared/updates'

/** The part of electron-updater's autoUpdater this uses; tests give a fake with the same events. */
export interface Updater extends EventEmitter {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  setFeedURL(options: { provider: 'generic'; url: string }): void
  checkForUpdates(): Promise<unknown>
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void
}

export interface UpdateDeps {
  updater: Updater
  currentVersion: string
  /** The update server from settings; null means the feed the app was packaged with, if any. */
  feedUrl: () => string | null
  /** An installed app knows its own feed (app-update.yml, from electron-builder's publish setting). */
  packagedFeed?: boolean
  /** Why a restart would lose work now (unsent changes), or null when it is safe. */
  restartBlocker: () => string | null
  publish: (status: UpdateStatus) => void
  now: () => Date
  intervalMs?: number
}

const sixHours = 6 * 60 * 60 * 1000

/**
 * Checks for updates at start and every six hours, downloads in the background with progress, and
 * offers "Restart to update" once one is ready, never restarting by itself and never while changes
 * wait for the desk server. Signature checks stay on: electron-updater verifies the Windows publisher
 * and the macOS code signature, and an update that fails them is refused and said so.
 */
export class UpdateService {
  private status: Omit<UpdateStatus, 'feedUrl'>
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly deps: UpdateDeps) {
    this.status = { state: 'disabled', version: deps.currentVersion, percent: null, message: 'No update server is set.', checkedAt: null }
    const { updater } = deps
    updater.autoDownload = true
    // Installing is the technician's choice, from the status bar; quitting does not slip one in.
    updater.autoInstallOnAppQuit = false
    updater.on('checking-for-update', () => this.set({ state: 'checking', message: 'Checking for updates…' }))
    updater.on('update-not-available', () => this.set({ state: 'idle', version: deps.currentVersion, percent: null, message: `Frontline ${deps.currentVersion} is up to date.`, checkedAt: deps.now().toISOString() }))
    updater.on('update-available', (info: { version: string }) => this.set({ state: 'downloading', version: info.version, percent: 0, message: `Downloading Frontline ${info.version}…`, checkedAt: deps.now().toISOString() }))
    updater.on('download-progress', (progress: { percent: number }) => this.set({ state: 'downloading', percent: Math.round(progress.percent), message: `Downloading Frontline ${this.status.version}: ${Math.round(progress.percent)}%` }))
    updater.on('update-downloaded', (info: { version: string }) => this.set({ state: 'ready', version: info.version, percent: 100, message: `Frontline ${info.version} is ready: restart to update.` }))
    updater.on('error', (error: Error & { code?: string }) => {
      const signature = error.code === 'ERR_UPDATER_INVALID_SIGNATURE' || /not signed|signature/i.test(error.message)
      this.set(
        signature
          ? { state: 'refused', percent: null, message: `An update was refused: it is not signed by Frontline's publisher (${error.message.split('\n')[0]}). Nothing was installed; tell your IT team.` }
          : { state: 'error', percent: null, message: `The update could not be fetched: ${error.message.split('\n')[0]}. The next check is in six hours.` }
      )
    })
  }

  current(): UpdateStatus {
    return { ...this.status, feedUrl: this.deps.feedUrl() }
  }

  /** Points the updater at the feed from settings and starts checking; with no feed, updates stay off. */
  start(): void {
    this.stop()
    const url = this.deps.feedUrl()
    if (!url && !this.deps.packagedFeed) return this.set({ state: 'disabled', version: this.deps.currentVersion, percent: null, message: 'No update server is set.' })
    if (url) this.deps.updater.setFeedURL({ provider: 'generic', url })
    void this.check()
    this.timer = setInterval(() => void this.check(), this.deps.intervalMs ?? sixHours)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  async check(): Promise<void> {
    // A download under way or waiting to install is not interrupted by the next round.
    if (this.status.state === 'downloading' || this.status.state === 'ready') return
    await this.deps.updater.checkForUpdates().catch((error: Error) => this.deps.updater.emit('error', error))
  }

  /** Restarts into the downloaded update, only when one is ready and no unsent change would be lost. */
  restart(): UpdateStatus {
    if (this.status.state !== 'ready') throw new DeskError('CONFLICT', 'No update is ready to install.')
    const blocker = this.deps.restartBlocker()
    if (blocker) throw new DeskError('CONFLICT', `Not restarting yet: ${blocker}`)
    this.deps.updater.quitAndInstall(false, true)
    return this.current()
  }

  private set(next: Partial<Omit<UpdateStatus, 'feedUrl'>>): void {
    this.status = { ...this.status, ...next }
    this.deps.publish(this.current())
  }
}
