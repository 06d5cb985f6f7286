import { create } from 'zustand'
import type { DraftFields } from '../../../shared/drafts'
import { call } from '../api'
import { useSession } from './session-store'

interface DraftState {
  /** Tickets with a kept draft: the queue's pencil. */
  ids: Record<string, true>
  load(): Promise<void>
  mark(ticketId: string, kept: boolean): void
}

export const useDrafts = create<DraftState>((set) => ({
  ids: {},
  async load() {
    try {
      const { ticketIds } = await call('drafts.list', {})
      set({ ids: Object.fromEntries(ticketIds.map((id) => [id, true as const])) })
    } catch (error) {
      useSession.getState().notify(error)
    }
  },
  mark(ticketId, kept) {
    set((s) => {
      if (kept === (s.ids[ticketId] === true)) return s
      const ids = { ...s.ids }
      if (kept) ids[ticketId] = true
      else delete ids[ticketId]
      return { ids }
    })
  }
}))

// Saves go out one after another, so an older save can never land after a newer one (or after a send).
let saving: Promise<void> = Promise.resolve()

/** Keeps what the composer holds for a ticket; an emptied composer removes the draft. */
export function saveDraft(ticketId: string, fields: DraftFields): Promise<void> {
  saving = saving.then(
    () =>
      call('drafts.save', { id: ticketId, ...fields }).then(
        ({ kept }) => useDrafts.getState().mark(ticketId, kept),
        (error: unknown) => useSession.getState().notify(error)
      )
  )
  return saving
}

/** Resolves once every save asked for so far has been answered. */
export function draftsSaved(): Promise<void> {
  return saving
}
