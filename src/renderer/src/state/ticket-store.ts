import { create } from 'zustand'
import type { Method, MethodInput } from '../../../shared/contract'
import type { Ticket, TicketDetail } from '../../../shared/domain'
import { call } from '../api'
import { useQueue } from './queue-store'
import { useSession } from './session-store'

interface TicketState {
  selectedId: string | null
  detail: TicketDetail | null
  /** The requester's other tickets, newest first: open ones and recent history. */
  requesterTickets: Ticket[]
  open(id: string | null): Promise<void>
  reload(): Promise<void>
  /** Any change to a ticket: errors become toasts, success refreshes every pane. */
  act<M extends Method>(method: M, input: MethodInput<M>): Promise<boolean>
}

/** Re-reads everything a change can touch: the queue, the open ticket and the desk counters. */
export async function refreshAll(): Promise<void> {
  // Only "My group" needs to know who I am before the queue is asked; any other view's first page is asked at once.
  if (!useSession.getState().directory && useQueue.getState().view === 'group') await useSession.getState().refreshDesk()
  await Promise.all([useQueue.getState().refresh(), useTicket.getState().reload(), useSession.getState().refreshDesk()])
  // Nothing open yet: open the top of the queue, as a technician would.
  const first = useQueue.getState().tickets[0]
  if (!useTicket.getState().selectedId && first) await useTicket.getState().open(first.id)
}

export const useTicket = create<TicketState>((set, get) => ({
  selectedId: null,
  detail: null,
  requesterTickets: [],

  async open(id) {
    set({ selectedId: id })
    await get().reload()
  },

  async reload() {
    const id = get().selectedId
    if (!id) {
      set({ detail: null, requesterTickets: [] })
      return
    }
    try {
      const detail = await call('tickets.get', { id })
      const history = await call('tickets.list', { requesterId: detail.ticket.requester.id, sort: 'created', limit: 20 })
      // A slower answer for a ticket no longer open must not replace the current one.
      if (get().selectedId !== id) return
      set({ detail, requesterTickets: history.tickets.filter((t) => t.id !== id) })
      if (detail.ticket.unread) {
        await call('tickets.markSeen', { id })
        useQueue.setState((q) => ({ tickets: q.tickets.map((t) => (t.id === id ? { ...t, unread: false } : t)) }))
      }
    } catch (error) {
      useSession.getState().notify(error)
    }
  },

  async act(method, input) {
    try {
      await call(method, input)
      await refreshAll()
      return true
    } catch (error) {
      useSession.getState().notify(error)
      // NOT_FOUND or a conflict means our view is stale: show the desk as it is now.
      await refreshAll()
      return false
    }
  }
}))
