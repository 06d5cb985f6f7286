import { create } from 'zustand'
import type { MethodOutput } from '../../../shared/contract'
import type { DeskStatus } from '../../../shared/domain'
import type { SyncStatus } from '../../../shared/sync'
import { DeskError, type AppError } from '../../../shared/errors'
import { call } from '../api'

type Directory = MethodOutput<'desk.directory'>
export type DialogName = 'newTicket' | 'palette' | 'shortcuts' | 'resolve' | 'escalate' | 'merge' | 'remote' | 'signIn' | 'refused' | 'wipe' | 'settings' | null

export interface Toast {
  id: number
  tone: 'error' | 'info'
  message: string
  /** What the technician can do about it, in their words. */
  hint?: string | undefined
}

interface SessionState {
  desk: DeskStatus | null
  sync: SyncStatus | null
  directory: Directory | null
  loaded: boolean
  dialog: DialogName
  /** The console for tickets, or one of the other views: fleet, knowledge, administration, reports. */
  view: 'console' | 'fleet' | 'knowledge' | 'admin' | 'reports'
  toasts: Toast[]
  setView(view: 'console' | 'fleet' | 'knowledge' | 'admin' | 'reports'): void
  refreshDesk(): Promise<void>
  setSync(sync: SyncStatus): void
  openDialog(dialog: DialogName): void
  notify(error: unknown): void
  inform(message: string): void
  dismiss(id: number): void
}

// What to do next, by error code: a toast that only says "failed" leaves the technician stuck.
const hints: Partial<Record<AppError['code'], string>> = {
  INVALID_INPUT: 'Check the highlighted fields and try again.',
  NOT_FOUND: 'It may have been merged or removed elsewhere; the queue has been refreshed.',
  ILLEGAL_TRANSITION: 'The ticket changed since you opened it; pick one of the allowed steps.',
  CONFLICT: 'Someone else changed this ticket; your view has been refreshed.',
  UNAVAILABLE: 'The desk is busy or offline; your work is kept — try again in a moment.',
  INTERNAL: 'Nothing was saved. Try again; if it keeps happening, note the time and tell your lead.'
}

export const asAppError = (error: unknown): AppError =>
  error instanceof DeskError ? error.toAppError() : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }

let nextToast = 1
/** Counts sync.changed events, so an older sync.status answer never overwrites a newer event. */
let syncUpdates = 0

/** The session: who I am, the desk file, which dialog is open, and what the desk has to tell me. */
export const useSession = create<SessionState>((set, get) => ({
  desk: null,
  sync: null,
  directory: null,
  loaded: false,
  dialog: null,
  view: 'console',
  toasts: [],
  setView: (view) => set({ view }),

  async refreshDesk() {
    const asked = syncUpdates
    try {
      const [directory, desk, sync] = await Promise.all([get().directory ?? call('desk.directory', {}), call('desk.status', {}), call('sync.status', {})])
      // A sync.changed event that arrived while this was in flight is newer than this answer: keep it.
      set({ directory, desk, ...(asked === syncUpdates ? { sync } : {}), loaded: true })
    } catch (error) {
      set({ loaded: true })
      get().notify(error)
    }
  },

  setSync(sync) {
    syncUpdates++
    // Signing in changes who "me" is, and the team's directory may have moved: read the directory again.
    const accountChanged = sync.account?.id !== get().sync?.account?.id || sync.teamVersion !== get().sync?.teamVersion
    set({ sync, ...(accountChanged ? { directory: null } : {}) })
    if (accountChanged) void get().refreshDesk()
  },

  openDialog: (dialog) => set({ dialog }),

  notify(error) {
    const appError = asAppError(error)
    const toast: Toast = { id: nextToast++, tone: 'error', message: appError.message, hint: hints[appError.code] }
    // The newest five are enough; older ones have been read or are stale.
    set({ toasts: [...get().toasts, toast].slice(-5) })
  },

  inform(message) {
    const toast: Toast = { id: nextToast++, tone: 'info', message }
    set({ toasts: [...get().toasts, toast].slice(-5) })
  },

  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) })
}))
