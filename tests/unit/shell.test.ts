import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { pathToFileURL } from 'node:url'
import { join, resolve } from 'node:path'
import { readFileSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { ipcChannel, methodNames } from '../../src/shared/contract'
import { nativeClient } from '../support/native-client'
import { tempDir } from '../support/temp-dir'

type Listener = (...args: unknown[]) => unknown

// A stand-in for the Electron API surface the shell touches; the real binary is not on the build machines.
const electron = vi.hoisted(() => {
  const handlers = new Map<string, Listener>()
  const windows: Array<{ options: Record<string, unknown>; contents: FakeContents; loaded: string }> = []
  const appListeners = new Map<string, Listener>()
  type FakeContents = {
    listeners: Map<string, Listener>
    openHandler?: Listener
    sent: unknown[][]
  }
  const state = { userData: '', headersHook: undefined as Listener | undefined, permissionHook: undefined as Listener | undefined, permissionCheck: undefined as Listener | undefined, sandboxed: false, dialogAnswer: 0, dialogs: [] as unknown[], menu: undefined as unknown, tray: undefined as unknown, notifications: [] as unknown[], badges: [] as number[] }
  class BrowserWindow {
    webContents: FakeContents & Record<string, unknown>
    constructor(options: Record<string, unknown>) {
      const contents: FakeContents = { listeners: new Map(), sent: [] }
      this.webContents = Object.assign(contents, {
        on: (event: string, fn: Listener) => contents.listeners.set(event, fn),
        once: (event: string, fn: Listener) => contents.listeners.set(event, fn),
        setWindowOpenHandler: (fn: Listener) => (contents.openHandler = fn),
        send: (...args: unknown[]) => contents.sent.push(args),
        isDestroyed: () => false
      })
      windows.push({ options, contents, loaded: '' })
    }
    once() {}
    loadFile(file: string) {
      windows.at(-1)!.loaded = file
      return Promise.resolve()
    }
    loadURL(url: string) {
      windows.at(-1)!.loaded = url
      return Promise.resolve()
    }
    isDestroyed() {
      return false
    }
    static getFocusedWindow() {
      return null
    }
  }
  return {
    handlers,
    windows,
    appListeners,
    state,
    openExternal: vi.fn(),
    openPath: vi.fn((_path: string) => Promise.resolve('')),
    module: {
      app: {
        enableSandbox: () => (state.sandboxed = true),
        requestSingleInstanceLock: () => true,
        whenReady: () => Promise.resolve(),
        getPath: () => state.userData,
        getVersion: () => '1.4.0',
        name: 'Frontline',
        setBadgeCount: (n: number) => state.badges.push(n),
        isPackaged: true,
        quit: vi.fn(),
        exit: vi.fn(),
        on: (event: string, fn: Listener) => appListeners.set(event, fn),
        once: (event: string, fn: Listener) => appListeners.set(event, fn)
      },
      BrowserWindow,
      Menu: { setApplicationMenu: (menu: unknown) => (state.menu = menu), buildFromTemplate: (template: unknown) => template },
      Tray: class {
        tooltip = ''
        constructor() {
          state.tray = this
        }
        on() {}
        setToolTip(text: string) {
          this.tooltip = text
        }
        destroy() {}
      },
      Notification: class {
        static isSupported() {
          return true
        }
        constructor(readonly options: unknown) {}
        on() {}
        show() {
          state.notifications.push(this.options)
        }
      },
      nativeImage: { createFromPath: (path: string) => ({ path }) },
      ipcMain: {
        handle: (channel: string, fn: Listener) => handlers.set(channel, fn),
        removeHandler: (channel: string) => handlers.delete(channel)
      },
      session: {
        defaultSession: {
          webRequest: { onHeadersReceived: (fn: Listener) => (state.headersHook = fn) },
          setPermissionRequestHandler: (fn: Listener) => (state.permissionHook = fn),
          setPermissionCheckHandler: (fn: Listener) => (state.permissionCheck = fn)
        }
      },
      safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text', encryptString: vi.fn(), decryptString: vi.fn() },
      dialog: {
        showErrorBox: (title: string, content: string) => state.dialogs.push({ title, content }),
        showMessageBox: (...args: unknown[]) => {
          state.dialogs.push(args.at(-1))
          return Promise.resolve({ response: state.dialogAnswer })
        }
      },
      shell: { openExternal: (url: string) => electron.openExternal(url), openPath: (path: string) => electron.openPath(path) }
    }
  }
})

vi.mock('electron', () => ({ ...electron.module, default: electron.module }))
// The real autoUpdater reaches for the packaged app's update config; the shell only hands it to core.
vi.mock('electron-updater', async () => {
  const { EventEmitter } = await import('node:events')
  const autoUpdater = Object.assign(new EventEmitter(), { autoDownload: false, autoInstallOnAppQuit: true, setFeedURL: vi.fn(), checkForUpdates: vi.fn(() => Promise.resolve(null)), quitAndInstall: vi.fn() })
  return { autoUpdater, default: { autoUpdater } }
})

const { startShell } = await import('../../src/main/shell')

describe('the Electron shell', () => {
  let dir: ReturnType<typeof tempDir>
  // The built output: core runs on its thread from out/main/core-thread.js (`npm test` builds first).
  const outDir = resolve('out/main')
  const pageUrl = pathToFileURL(join(outDir, '..', 'renderer', 'index.html')).href

  beforeEach(async () => {
    dir = tempDir()
    electron.state.userData = dir.path
    await startShell(outDir)
  })
  afterEach(async () => {
    electron.module.app.quit.mockClear()
    electron.appListeners.get('will-quit')?.()
    // The shell quits once core has closed the desk on its thread.
    await vi.waitFor(() => expect(electron.module.app.quit).toHaveBeenCalled())
    electron.handlers.clear()
    electron.windows.length = 0
    dir.remove()
  })

  const window = () => electron.windows[0]!
  const event = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } })

  it('opens a locked-down window: isolated, sandboxed, no Node, no webviews, no middle-click windows', () => {
    expect(window().options.webPreferences).toEqual({
      preload: join(outDir, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true
    })
    expect(electron.state.sandboxed).toBe(true)
    expect(window().loaded).toBe(join(outDir, '..', 'renderer', 'index.html'))
  })

  it('refuses every navigation and every new window; an http(s) link goes to the browser only after the technician says yes', async () => {
    const preventDefault = vi.fn()
    window().contents.listeners.get('will-navigate')!({ preventDefault }, 'https://evil.example')
    window().contents.listeners.get('will-redirect')!({ preventDefault }, 'https://evil.example')
    window().contents.listeners.get('will-attach-webview')!({ preventDefault })
    expect(preventDefault).toHaveBeenCalledTimes(3)

    const open = window().contents.openHandler!
    electron.state.dialogAnswer = 1
    expect(open({ url: 'https://kb.corp.example/article/7' })).toEqual({ action: 'deny' })
    electron.state.dialogAnswer = 0
    expect(open({ url: 'https://kb.corp.example/article/12' })).toEqual({ action: 'deny' })
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    await new Promise((r) => setTimeout(r, 0))
    expect(electron.state.dialogs).toEqual([expect.objectContaining({ detail: 'https://kb.corp.example/article/7' }), expect.objectContaining({ detail: 'https://kb.corp.example/article/12' })])
    expect(electron.openExternal.mock.calls).toEqual([['https://kb.corp.example/article/12']])
  })

  it('registers one ipc handler for every contract method and no other', () => {
    expect([...electron.handlers.keys()].sort()).toEqual(methodNames.map((m) => ipcChannel.method(m)).sort())
  })

  it('answers our own page through core, and refuses any other frame', async () => {
    const status = electron.handlers.get(ipcChannel.method('desk.status'))!
    expect(await status(event(pageUrl), {})).toMatchObject({ ok: true, value: { ticketCount: 0 } })
    expect(await status(event('https://evil.example/'), {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // Our own URL in a subframe is still not our page.
    expect(await status(event(pageUrl, { url: pageUrl }), {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await status({ senderFrame: null }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('saves the desk’s own remote tool only after the technician confirms the exact command in a native dialog', async () => {
    const viewer = nativeClient(join(dir.path, 'opt', 'viewer'), dir.path)
    const set = electron.handlers.get(ipcChannel.method('remote.setCustomTool'))!
    const get = electron.handlers.get(ipcChannel.method('remote.customTool'))!
    const tool = { label: 'Vendor Viewer', command: viewer, args: ['--connect', '{id}'] }
    electron.state.dialogs.length = 0
    electron.state.dialogAnswer = 0
    expect(await set(event(pageUrl), { tool })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(electron.state.dialogs.at(-1)).toMatchObject({ buttons: ['Cancel', 'Use this tool'], cancelId: 0, detail: expect.stringContaining(`${JSON.stringify(viewer)} "--connect" "{id}"`) })
    expect(await get(event(pageUrl), {})).toMatchObject({ ok: true, value: { tool: null } })
    electron.state.dialogAnswer = 1
    expect(await set(event(pageUrl), { tool })).toMatchObject({ ok: true, value: { tool } })
    // A shell is refused before anyone is asked.
    const asked = electron.state.dialogs.length
    expect(await set(event(pageUrl), { tool: { ...tool, command: '/bin/sh', args: ['-c', '{id}'] } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(electron.state.dialogs.length).toBe(asked)
    electron.state.dialogAnswer = 0
  })

  it('opens a file from a ticket only after the technician says yes, warning first when it is a program', async () => {
    const attach = electron.handlers.get(ipcChannel.method('files.attach'))!
    const open = electron.handlers.get(ipcChannel.method('files.open'))!
    const bytes = Buffer.from('quarterly figures')
    const file = (await attach(event(pageUrl), { name: 'figures.csv', type: 'text/csv', data: bytes.toString('base64') })) as { value: { sha256: string } }
    electron.state.dialogs.length = 0
    electron.state.dialogAnswer = 0
    expect(await open(event(pageUrl), { sha256: file.value.sha256, name: 'figures.csv' })).toEqual({ ok: true, value: { opened: false } })
    expect(electron.openPath).not.toHaveBeenCalled()
    expect(electron.state.dialogs.at(-1)).toMatchObject({ type: 'question', message: 'Open “figures.csv”?', cancelId: 0 })

    electron.state.dialogAnswer = 1
    // A name the sender chose to climb out of the folder is only a label.
    expect(await open(event(pageUrl), { sha256: file.value.sha256, name: '../../.bashrc' })).toEqual({ ok: true, value: { opened: true } })
    const opened = electron.openPath.mock.calls[0]![0]
    expect(opened.startsWith(join(dir.path, 'frontline-file-'))).toBe(true)
    expect(opened.endsWith('/bashrc')).toBe(true)
    expect(readFileSync(opened, 'utf8')).toBe('quarterly figures')
    expect(statSync(opened).mode & 0o077).toBe(0)

    const program = (await attach(event(pageUrl), { name: 'invoice.pdf.exe', data: Buffer.from('MZ').toString('base64') })) as { value: { sha256: string; name: string } }
    electron.state.dialogAnswer = 0
    expect(await open(event(pageUrl), { sha256: program.value.sha256, name: program.value.name })).toEqual({ ok: true, value: { opened: false } })
    expect(electron.state.dialogs.at(-1)).toMatchObject({ type: 'warning', message: '“invoice.pdf.exe” is a program or can run code.', buttons: ['Cancel', 'Open anyway'], defaultId: 0 })
    expect(electron.openPath).toHaveBeenCalledTimes(1)
  })

  it('validates ipc input before core sees it', async () => {
    const create = electron.handlers.get(ipcChannel.method('tickets.create'))!
    expect(await create(event(pageUrl), { subject: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('pushes core events to the window', async () => {
    const create = electron.handlers.get(ipcChannel.method('tickets.create'))!
    await create(event(pageUrl), { subject: 'Printer jam', channel: 'walk-in', requester: { name: 'Tom' } })
    expect(window().contents.sent[0]?.[0]).toBe(ipcChannel.event('tickets.changed'))
  })

  it('sends the content security policy with every response and denies permission prompts', () => {
    const callback = vi.fn()
    electron.state.headersHook!({ responseHeaders: {} }, callback)
    expect(callback.mock.calls[0]![0].responseHeaders['Content-Security-Policy'][0]).toContain("script-src 'self'")
    expect(callback.mock.calls[0]![0].responseHeaders['Content-Security-Policy'][0]).toMatch(/^default-src 'none'; /)
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const answer = vi.fn()
      electron.state.permissionHook!(null, permission, answer)
      expect(answer).toHaveBeenCalledWith(false)
      expect(electron.state.permissionCheck!(null, permission)).toBe(false)
    }
  })

  it('removes its ipc handlers and closes the desk on quit', () => {
    electron.appListeners.get('will-quit')!()
    expect(electron.handlers.size).toBe(0)
  })
})

describe('a desk that cannot open', () => {
  it('still opens the window, answers the page’s early calls with core’s reason, says why in a native box and quits', async () => {
    const dir = tempDir()
    electron.state.userData = dir.path
    const newer = new Database(join(dir.path, 'desk.sqlite'))
    newer.pragma('user_version = 999')
    newer.close()
    electron.state.dialogs.length = 0
    const started = startShell(resolve('out/main'))
    // The page's first call, made while core is still opening.
    await vi.waitFor(() => expect(electron.handlers.size).toBeGreaterThan(0))
    const early = electron.handlers.get(ipcChannel.method('desk.status'))!({ senderFrame: { url: pathToFileURL(resolve('out/renderer/index.html')).href, parent: null } }, {})
    expect(await started).toBeNull()
    expect(electron.windows).toHaveLength(1)
    expect(await early).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringMatching(/newer Frontline/) } })
    expect(electron.state.dialogs).toEqual([{ title: 'Frontline cannot open this desk', content: expect.stringMatching(/newer Frontline/) }])
    expect(electron.module.app.exit).toHaveBeenCalledWith(1)
    // Nothing is left answering for a desk that is not there.
    expect(electron.handlers.size).toBe(0)
    electron.windows.length = 0
    dir.remove()
  })
})

describe('the shell around the window', () => {
  it('builds the menu in each platform’s conventions, developer tools only in a development build', async () => {
    const { menuTemplate } = await import('../../src/main/app-menu')
    const sent: string[] = []
    const labels = (t: Array<{ label?: string; role?: string; submenu?: unknown }>) => t.map((m) => m.label ?? m.role)
    const mac = menuTemplate('darwin', (a) => sent.push(a), false) as Array<{ label?: string; role?: string; submenu?: Array<{ role?: string; label?: string; click?: () => void }> }>
    expect(labels(mac)).toEqual(['Frontline', 'File', 'Edit', 'View', 'windowMenu', 'Help'])
    expect(mac[0]!.submenu!.map((i) => i.role ?? i.label).filter(Boolean)).toEqual(['about', 'Settings…', 'services', 'hide', 'hideOthers', 'unhide', 'quit'])
    const win = menuTemplate('win32', (a) => sent.push(a), false) as typeof mac
    expect(labels(win)).toEqual(['&File', '&Edit', '&View', '&Help'])
    expect(win[0]!.submenu!.map((i) => i.label ?? i.role).filter(Boolean)).toEqual(['New ticket', 'Search tickets and actions', 'Settings', 'Exit'])
    expect(JSON.stringify(win)).not.toContain('toggleDevTools')
    expect(JSON.stringify(menuTemplate('linux', () => undefined, true))).toContain('toggleDevTools')
    win[0]!.submenu![0]!.click!()
    expect(sent).toEqual(['newTicket'])
  })

  it('installs the menu and keeps the badge at the count of breached tickets', async () => {
    expect(electron.state.menu).toBeDefined()
    await new Promise((r) => setTimeout(r, 20))
    expect(electron.state.badges.at(-1)).toBe(0)
    expect((electron.state.tray as { tooltip: string }).tooltip).toBe('Frontline: nothing past its SLA')
  })

  it('notifies what is new since the last look — a new assignment, a new breach, a follow-up come due — and nothing on the first look', async () => {
    const { attentionNews } = await import('../../src/main/core/store/attention-reads')
    const t = (n: number) => ({ id: `0190a2b4-0001-7000-8000-00000000000${n}`, number: `INC-100${n}`, subject: `Subject ${n}` })
    const first = { breached: [t(1)], assignedToMe: [t(2)], followUps: [] }
    expect(attentionNews(null, first)).toEqual([])
    expect(attentionNews(first, first)).toEqual([])
    expect(attentionNews(first, { breached: [t(1), t(3)], assignedToMe: [t(2), t(4), t(5)], followUps: [t(6)] })).toEqual([
      { title: 'Assigned to you', body: '2 tickets, first INC-1004 Subject 4', ticketId: t(4).id },
      { title: 'SLA breached', body: 'INC-1003 Subject 3', ticketId: t(3).id },
      { title: 'Follow-up due', body: 'INC-1006 Subject 6', ticketId: t(6).id }
    ])
  })
})
