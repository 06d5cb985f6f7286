import { EventEmitter } from 'node:events'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startCoreThread } from '../../src/main/core-thread/core-thread'
import type { FrontlineCore } from '../../src/main/core/frontline-core'
import type { Updater } from '../../src/main/core/platform/updates'
import type { SecretStore } from '../../src/main/core/sync/secret-store'
import { tempDir } from '../support/temp-dir'

// The built thread entry: `npm test` builds before vitest runs.
const entry = resolve('out/main/core-thread.js')

/** The host's updater as electron-updater behaves: each check raises the events the feed answers with. */
class HostUpdater extends EventEmitter implements Updater {
  autoDownload = false
  autoInstallOnAppQuit = true
  feeds: string[] = []
  checks = 0
  constructor(private readonly answer: (u: HostUpdater) => void) {
    super()
  }
  setFeedURL({ url }: { provider: 'generic'; url: string }) {
    this.feeds.push(url)
  }
  checkForUpdates() {
    this.checks++
    this.answer(this)
    return Promise.resolve(null)
  }
  quitAndInstall() {}
}

class HostSecrets implements SecretStore {
  readonly where = 'in the test keychain'
  readonly values = new Map<string, string>([['token', 'device-token-1']])
  get(name: string) {
    return this.values.get(name) ?? null
  }
  set(name: string, value: string) {
    this.values.set(name, value)
  }
  delete(name: string) {
    this.values.delete(name)
  }
}

describe('core on its own thread', () => {
  let dir: ReturnType<typeof tempDir>
  let core: FrontlineCore | undefined
  afterEach(async () => {
    await core?.close()
    core = undefined
    dir.remove()
  })

  it('answers the contract as core does in-thread: typed errors, events, and a closed desk that says so', async () => {
    dir = tempDir()
    core = await startCoreThread({ entry, dataDir: dir.path, background: false })
    expect(core.dataFile).toBe(join(dir.path, 'desk.sqlite'))
    const changed: unknown[] = []
    core.events.on('tickets.changed', (payload) => changed.push(payload))
    const created = await core.dispatch('tickets.create', { subject: 'Docking station dead', channel: 'walk-in', requester: { name: 'Ines Ruiz' } })
    expect(created).toMatchObject({ ok: true, value: { subject: 'Docking station dead', status: 'new' } })
    const id = (created as { value: { id: string } }).value.id
    expect(changed).toContainEqual({ ids: [id] })
    expect(await core.dispatch('tickets.create', { subject: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await core.dispatch('tickets.explode', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    await core.verified

    await core.close()
    expect(await core.dispatch('desk.status', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'The desk is closed.' } })
    // Opened again, on a new thread, the ticket is there.
    core = await startCoreThread({ entry, dataDir: dir.path, background: false })
    expect(await core.dispatch('tickets.get', { id })).toMatchObject({ ok: true, value: { ticket: { subject: 'Docking station dead' } } })
  })

  it('refuses a desk file written by a newer Frontline with core’s own reason', async () => {
    dir = tempDir()
    mkdirSync(dir.path, { recursive: true })
    const newer = new Database(join(dir.path, 'desk.sqlite'))
    newer.pragma('user_version = 999')
    newer.close()
    await expect(startCoreThread({ entry, dataDir: dir.path, background: false })).rejects.toThrow(/newer Frontline/)
  })

  it('drives the host’s updater and keychain from the thread: feed, checks, a refused signature, and a wipe that forgets the token', async () => {
    dir = tempDir()
    const updater = new HostUpdater((u) => u.emit('error', Object.assign(new Error('New version is not signed by the application owner'), { code: 'ERR_UPDATER_INVALID_SIGNATURE' })))
    const secrets = new HostSecrets()
    const updates: unknown[] = []
    core = await startCoreThread({ entry, dataDir: dir.path, background: false, secrets, updates: { updater, currentVersion: '1.4.0', packagedFeed: false } })
    core.events.on('app.update', (status) => updates.push(status))
    expect(await core.dispatch('app.setUpdateFeed', { url: 'https://updates.corp.example/frontline/' })).toMatchObject({ ok: true })
    await expect.poll(() => (updates.at(-1) as { state?: string } | undefined)?.state).toBe('refused')
    expect(updater.feeds).toEqual(['https://updates.corp.example/frontline/'])
    expect(updater.checks).toBe(1)
    expect(updater.autoDownload).toBe(true)
    expect(updater.autoInstallOnAppQuit).toBe(false)
    expect(await core.dispatch('app.updates', {})).toMatchObject({ ok: true, value: { state: 'refused', message: expect.stringContaining('not signed by Frontline') } })

    // The desk keeps its token where the host keeps secrets, and says so; wiping the desk removes it from the host's keychain.
    expect(await core.dispatch('sync.status', {})).toMatchObject({ ok: true, value: { tokenKeptIn: 'in the test keychain' } })
    expect(await core.dispatch('desk.wipe', { confirm: 'wipe' })).toMatchObject({ ok: true })
    await expect.poll(() => secrets.values.has('token')).toBe(false)
  })
})

describe('a core thread that dies', () => {
  it('tells the host once, and every call after says core stopped, instead of waiting forever', async () => {
    const dir = tempDir()
    const gone: string[] = []
    // A thread given less memory (32 MB) than an import preview of 31 MiB of text and the desk it holds: V8 stops the thread,
    // as a real out-of-memory would. At 48 MB the preview sometimes fitted, under CI's load once, and the test failed.
    const core = await startCoreThread({ entry, dataDir: dir.path, background: false, resourceLimits: { maxOldGenerationSizeMb: 32 }, onGone: (reason) => gone.push(reason) })
    try {
      const files = Array.from({ length: 32 }, (_, i) => ({ name: `a${i}.md`, text: `# Article ${i}\n\n${'Restart the print spooler, then clear the queue. '.repeat(20_000)}` }))
      const answer = await core.dispatch('kb.importPreview', { files })
      expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/^Frontline's core stopped/) } })
      await expect.poll(() => gone.length).toBe(1)
      expect(await core.dispatch('desk.status', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: gone[0] } })
      await core.close()
      expect(gone).toHaveLength(1)
    } finally {
      dir.remove()
    }
  })
})
