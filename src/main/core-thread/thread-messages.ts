import type { EventName } from '../../shared/contract'
import type { Result } from '../../shared/errors'

/** What core needs to open on its own thread: plain data only (functions stay with the host, behind `ask`). */
export interface ThreadOptions {
  dataDir: string
  nativeBinding?: string
  /** The desk's clock runs this far from the machine's (training and tests: `--clock-start`). */
  clockOffsetMs: number
  timeZone?: string
  /** The host keeps the secrets (the OS keychain lives on the main thread): core gets a copy and writes back. */
  secrets?: { where: string; values: Record<string, string> }
  /** `ask` the host each time; `always` is the browser host's `--allow-custom-tool`; absent: the tool cannot be set. */
  customTool?: 'ask' | 'always'
  /** The app's confirm-and-open of a ticket's file, answered on the main thread. */
  openFile?: boolean
  /** The installed app's updater, driven from core and answered on the main thread. */
  updates?: { currentVersion: string; packagedFeed?: boolean }
  background?: boolean
}

/** Events electron-updater raises that the update service listens for. */
export const updaterEvents = ['checking-for-update', 'update-not-available', 'update-available', 'download-progress', 'update-downloaded', 'error'] as const
export type UpdaterEvent = (typeof updaterEvents)[number]

/** Questions core puts to the host; each gets exactly one `answer`. */
export type Ask =
  | { name: 'confirmCustomTool'; args: [unknown] }
  | { name: 'openFile'; args: [{ name: string; bytes: Uint8Array; program: boolean }] }
  | { name: 'checkForUpdates'; args: [] }

/** Things core tells the host and expects no answer to. */
export type Tell =
  | { name: 'secrets.set'; args: [string, string] }
  | { name: 'secrets.delete'; args: [string] }
  | { name: 'updater.set'; args: ['autoDownload' | 'autoInstallOnAppQuit', boolean] }
  | { name: 'updater.setFeedURL'; args: [{ provider: 'generic'; url: string }] }
  | { name: 'updater.quitAndInstall'; args: [boolean | undefined, boolean | undefined] }

export type ToThread =
  | { type: 'call'; id: number; method: unknown; input: unknown }
  | { type: 'answer'; id: number; ok: boolean; value?: unknown; message?: string }
  | { type: 'updater'; event: UpdaterEvent; arg: unknown }
  | { type: 'close' }

export type FromThread =
  | { type: 'ready'; dataFile: string }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }
  | { type: 'verified' }
  | { type: 'ask'; id: number; ask: Ask }
  | { type: 'tell'; tell: Tell }
  | { type: 'closed' }

/** The secrets core keeps (the desk-server token): the host copies these in at start. */
export const threadSecretNames = ['token'] as const
