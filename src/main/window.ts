import { app, BrowserWindow, dialog, shell, type WebContents } from 'electron'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DeskError } from '../shared/errors'
import type { CustomTool } from '../shared/remote'

/** Only plain web links leave the app, and only to the user's browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

/** A web link goes to the browser only after the technician has seen where it leads and said yes. */
export async function openExternalAfterConfirm(url: string, parent: BrowserWindow | null): Promise<boolean> {
  if (!isSafeExternalUrl(url)) return false
  const options = { type: 'question' as const, buttons: ['Open in browser', 'Cancel'], defaultId: 1, cancelId: 1, message: 'Open this link in your browser?', detail: url }
  const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options)
  if (response !== 0) return false
  await shell.openExternal(url)
  return true
}

/**
 * The desk's own remote tool is the one command the app runs as someone typed it: saved only after the
 * technician has seen the exact program and arguments in a native dialog the page cannot draw or click.
 */
export async function confirmCustomTool(tool: CustomTool, parent: BrowserWindow | null): Promise<boolean> {
  const argv = [tool.command, ...tool.args].map((a) => JSON.stringify(a)).join(' ')
  const options = {
    type: 'warning' as const,
    buttons: ['Cancel', 'Use this tool'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
    message: `Run this program for “${tool.label}” sessions?`,
    detail: `Every session with this tool runs exactly:\n\n${argv}\n\n{id} becomes the ID you type. Confirm only a command you set up yourself.`
  }
  const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options)
  return response === 1
}

/**
 * A file from a ticket opens with its program only after the technician has seen its name and said
 * yes, with a warning when it is a program (it would run with their rights). It is written to a
 * folder of its own that only this user can read, under the name the ticket shows (already made safe).
 */
export async function openFileAfterConfirm(file: { name: string; bytes: Buffer; program: boolean }, parent: BrowserWindow | null): Promise<boolean> {
  const options = {
    type: file.program ? ('warning' as const) : ('question' as const),
    buttons: ['Cancel', file.program ? 'Open anyway' : 'Open'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
    message: file.program ? `“${file.name}” is a program or can run code.` : `Open “${file.name}”?`,
    detail: file.program
      ? 'Opening it runs it on this computer, with your rights. Open it only if you expected this file and trust who sent it; otherwise save it and have it scanned.'
      : 'It opens in the program this computer uses for its type.'
  }
  const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options)
  if (response !== 1) return false
  const folder = await mkdtemp(join(app.getPath('temp'), 'frontline-file-'))
  const path = join(folder, file.name)
  await writeFile(path, file.bytes, { mode: 0o600, flag: 'wx' })
  const error = await shell.openPath(path)
  if (error) throw new DeskError('UNAVAILABLE', `${file.name} could not be opened: ${error}`)
  return true
}

/** Every page the app ever shows is one page: it never navigates, never opens windows, never hosts webviews. */
export function lockDown(contents: WebContents, parent: () => BrowserWindow | null): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalAfterConfirm(url, parent())
    return { action: 'deny' }
  })
}

export interface WindowSource {
  preload: string
  /** Dev server URL (electron-vite dev), else the built index.html is loaded from disk. */
  rendererUrl?: string | undefined
  rendererFile: string
  icon: string
}

export function createMainWindow({ preload, rendererUrl, rendererFile, icon }: WindowSource): BrowserWindow {
  // The web preferences are written out here, literally, so a reader (and electronegativity) sees each one.
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Frontline',
    backgroundColor: '#16202a',
    icon,
    webPreferences: {
      preload,
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
      // A middle click would otherwise open a link in a new window of its own.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true
    }
  })
  lockDown(win.webContents, () => (win.isDestroyed() ? null : win))
  win.once('ready-to-show', () => win.show())
  if (rendererUrl) void win.loadURL(rendererUrl)
  else void win.loadFile(rendererFile)
  return win
}
