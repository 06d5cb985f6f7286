import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { UpdateService, type Updater } from '../../src/main/core/platform/updates'
import type { UpdateStatus } from '../../src/shared/updates'

/** The update feed, mocked: each check answers with the scenario's events, as electron-updater emits them. */
class FakeUpdater extends EventEmitter implements Updater {
  autoDownload = false
  autoInstallOnAppQuit = true
  feed: string | null = null
  checks = 0
  installs = 0
  constructor(private readonly scenario: (u: FakeUpdater) => void) {
    super()
  }
  setFeedURL({ url }: { provider: 'generic'; url: string }) {
    this.feed = url
  }
  checkForUpdates() {
    this.checks++
    this.emit('checking-for-update')
    this.scenario(this)
    return Promise.resolve(null)
  }
  quitAndInstall() {
    this.installs++
  }
}

function service(scenario: (u: FakeUpdater) => void, { feed = 'https://updates.corp.example/frontline/', blocker = null as string | null, packagedFeed = false } = {}) {
  const updater = new FakeUpdater(scenario)
  const published: UpdateStatus[] = []
  const block = { reason: blocker }
  const svc = new UpdateService({ updater, currentVersion: '1.4.0', feedUrl: () => feed, packagedFeed, restartBlocker: () => block.reason, publish: (s) => published.push(s), now: () => new Date('2026-11-23T10:00:00Z') })
  return { svc, updater, published, block }
}

afterEach(() => vi.useRealTimers())

describe('updates', () => {
  it('with no update: says the app is up to date, and downloads in the background but never installs on quit', async () => {
    const { svc, updater } = service((u) => u.emit('update-not-available', { version: '1.4.0' }))
    svc.start()
    await Promise.resolve()
    expect(updater.feed).toBe('https://updates.corp.example/frontline/')
    expect(updater.autoDownload).toBe(true)
    expect(updater.autoInstallOnAppQuit).toBe(false)
    expect(svc.current()).toMatchObject({ state: 'idle', message: 'Frontline 1.4.0 is up to date.' })
    svc.stop()
  })

  it('with an update: downloads with progress, offers the restart, and waits until no change is on its way to the server', async () => {
    const { svc, updater, published, block } = service(
      (u) => {
        u.emit('update-available', { version: '1.5.0' })
        u.emit('download-progress', { percent: 41.6 })
        u.emit('update-downloaded', { version: '1.5.0' })
      },
      { blocker: '3 changes are still on the way to the desk server; try again once the status bar says all changes synced.' }
    )
    svc.start()
    await Promise.resolve()
    expect(published.map((s) => s.state)).toEqual(['checking', 'downloading', 'downloading', 'ready'])
    expect(published[2]).toMatchObject({ percent: 42, message: 'Downloading Frontline 1.5.0: 42%' })
    expect(svc.current()).toMatchObject({ state: 'ready', version: '1.5.0', message: 'Frontline 1.5.0 is ready: restart to update.' })
    expect(() => svc.restart()).toThrow(/Not restarting yet: 3 changes are still on the way/)
    expect(updater.installs).toBe(0)
    block.reason = null
    svc.restart()
    expect(updater.installs).toBe(1)
    svc.stop()
  })

  it('reports a download error in words and offers nothing to install', async () => {
    const { svc, updater } = service((u) => u.emit('error', new Error('net::ERR_CONNECTION_RESET\n    at …')))
    svc.start()
    await Promise.resolve()
    expect(svc.current()).toMatchObject({ state: 'error', message: 'The update could not be fetched: net::ERR_CONNECTION_RESET. The next check is in six hours.' })
    expect(() => svc.restart()).toThrow('No update is ready to install.')
    expect(updater.installs).toBe(0)
    svc.stop()
  })

  it('refuses an update whose signature does not match the publisher, and says so', async () => {
    const { svc, updater } = service((u) => {
      u.emit('update-available', { version: '1.5.0' })
      u.emit('error', Object.assign(new Error('New version 1.5.0 is not signed by the application owner: publisherNames: Frontline Ltd, raw info: {"SignerCertificate":"CN=Evil"}'), { code: 'ERR_UPDATER_INVALID_SIGNATURE' }))
    })
    svc.start()
    await Promise.resolve()
    expect(svc.current()).toMatchObject({ state: 'refused', message: expect.stringMatching(/^An update was refused: it is not signed by Frontline's publisher .* Nothing was installed/) })
    expect(() => svc.restart()).toThrow('No update is ready to install.')
    expect(updater.installs).toBe(0)
    svc.stop()
  })

  it('checks at start and every six hours; with no update server set it never checks', async () => {
    vi.useFakeTimers()
    const { svc, updater } = service((u) => u.emit('update-not-available', {}))
    svc.start()
    expect(updater.checks).toBe(1)
    vi.advanceTimersByTime(6 * 60 * 60 * 1000 - 1)
    expect(updater.checks).toBe(1)
    vi.advanceTimersByTime(1)
    expect(updater.checks).toBe(2)
    svc.stop()
    const off = service(() => undefined, { feed: null as unknown as string })
    off.svc.start()
    expect(off.updater.checks).toBe(0)
    expect(off.svc.current()).toMatchObject({ state: 'disabled', message: 'No update server is set.' })
    // An installed app with nothing in Settings checks the feed it was packaged with.
    const packaged = service((u) => u.emit('update-not-available', {}), { feed: null as unknown as string, packagedFeed: true })
    packaged.svc.start()
    expect(packaged.updater.checks).toBe(1)
    expect(packaged.updater.feed).toBeNull()
    packaged.svc.stop()
  })
})
