import { app, BrowserWindow, dialog, ipcMain, session } from 'electron'
// CommonJS with a getter export: ESM sees it only through the default export.
import electronUpdater from 'electron-updater'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { contentSecurityPolicy } from '../shared/csp'
import type { FrontlineCore } from './core/frontline-core'
import { startCoreThread } from './core-thread/core-thread'
import { installMenu } from './app-menu'
import { watchAttention } from './attention-notifier'
import { KeychainSecretStore } from './keychain-secrets'
import { forwardEvents, registerIpc, trustedSender } from './ipc'
import { confirmCustomTool, createMainWindow, lockDown, openFileAfterConfirm } from './window'

export interface Shell {
  core: FrontlineCore
  window: BrowserWindow
}


/** The Electron shell: owns the window and wires it to core. Logic belongs in core, not here. */
export async function startShell(outDir: string): Promise<Shell | null> {
  // Every renderer sandboxed, whatever a window's options say.
  app.enableSandbox()
  if (!app.requestSingleInstanceLock()) {
    // A second copy would open the same desk file: hand over to the first and leave.
    app.quit()
    return null
  }
  await app.whenReady()

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } })
  })
  // The console needs no camera, microphone, location, notifications or anything else from the page:
  // notifications are the main process's. Every request and every check is answered no.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  // Any web contents that ever appears (a devtools-opened page, a future window) gets the same lock.
  app.on('web-contents-created', (_event, contents) => lockDown(contents, () => BrowserWindow.getFocusedWindow()))

  // Core (SQLite, sync, imports, probes) runs on its own thread: the window never waits on a first sync.
  // The window opens while core loads: the page's bundle and core's modules and desk file load side by
  // side, and the page's first calls wait for core rather than the window for both.
  const starting = startCoreThread({
    entry: join(outDir, 'core-thread.js'),
    dataDir: app.getPath('userData'),
    secrets: new KeychainSecretStore(app.getPath('userData')),
    confirmCustomTool: (tool) => confirmCustomTool(tool, BrowserWindow.getFocusedWindow()),
    openFile: (file) => openFileAfterConfirm(file, BrowserWindow.getFocusedWindow()),
    // Signature checks stay as electron-updater has them: Windows publisher name, macOS code signature.
    updates: { updater: electronUpdater.autoUpdater, currentVersion: app.getVersion(), packagedFeed: app.isPackaged },
    ...(process.env.FRONTLINE_SQLITE_BINDING ? { nativeBinding: process.env.FRONTLINE_SQLITE_BINDING } : {}),
    // A window whose core has stopped would answer nothing: say why, and quit to be started again.
    onGone: (reason) => {
      dialog.showErrorBox('Frontline stopped', reason)
      app.exit(1)
    }
  })
  const rendererUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
  const rendererFile = join(outDir, '..', 'renderer', 'index.html')
  const disposeIpc = registerIpc(ipcMain, starting, trustedSender(rendererUrl, pathToFileURL(rendererFile).href))

  const window = createMainWindow({
    preload: join(outDir, '..', 'preload', 'index.cjs'),
    rendererUrl,
    rendererFile,
    icon: join(outDir, '..', '..', 'resources', 'icon.png')
  })
  let core: FrontlineCore
  try {
    core = await starting
  } catch (error) {
    // The desk cannot open (a file from a newer Frontline, say): say why, and quit with nothing written.
    disposeIpc()
    dialog.showErrorBox('Frontline cannot open this desk', (error as Error).message)
    app.exit(1)
    return null
  }
  forwardEvents(core, window.webContents)
  installMenu((action) => core.events.emit('app.menu', { action }))
  const stopWatching = watchAttention(core, window, join(outDir, '..', '..', 'resources', 'icon.png'))
  // A wiped desk leaves nothing in the browser side either: storage, cache, the page's session data.
  core.events.on('desk.wiped', () => {
    void session.defaultSession.clearStorageData()
    void session.defaultSession.clearCache()
  })

  app.on('second-instance', () => {
    if (window.isDestroyed()) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('window-all-closed', () => app.quit())
  // Quitting waits for the desk to close on its thread (a write under way finishes, the file is let go).
  let quitting = false
  app.on('will-quit', (event?: { preventDefault(): void }) => {
    if (quitting) return
    quitting = true
    event?.preventDefault()
    disposeIpc()
    stopWatching()
    void core.close().finally(() => app.quit())
  })
  return { core, window }
}
