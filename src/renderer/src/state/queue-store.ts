import { create } from 'zustand'
import type { Channel, Priority, SearchHit, Ticket, TicketStatus, TicketType } from '../../../shared/domain'
import { call } from '../api'
import { queueViews, type QueueSort } from '../views'
import { useSession } from './session-store'

/** Narrowing on top of the saved view. */
export interface QueueFilters {
  statuses: TicketStatus[]
  priorities: Priority[]
  type: TicketType | null
  channel: Channel | null
  groupId: string | null
  /** 'me', 'none' or an agent id. */
  assignee: string | null
}
export const noFilters: QueueFilters = { statuses: [], priorities: [], type: null, channel: null, groupId: null, assignee: null }
const pageSize = 200
// The console's very first page: a screenful and some, so the first rows are drawn sooner; scrolling loads the rest.
const firstPageSize = 50

interface QueueState {
  tickets: Ticket[]
  total: number
  view: string
  sort: QueueSort
  filters: QueueFilters
  /** The row j/k moves; Enter opens it. */
  cursor: number
  /** Rows picked with x for a bulk change. */
  picked: string[]
  /** Full-text search typed in the queue; while set, the queue lists the hits instead of the view. */
  search: string
  snippets: Record<string, SearchHit['snippet']>
  /** Search hits kept on the desk server only (older than this desk's window): tagged in the list. */
  onServer: Record<string, true>
  /** A further page is on its way: scrolling asks on every frame near the end, and one page at a time is asked. */
  loadingMore: boolean
  setSearch(text: string): void
  refresh(): Promise<void>
  loadMore(): Promise<void>
  setView(view: string): void
  setSort(sort: QueueSort): void
  setFilters(filters: Partial<QueueFilters>): void
  moveCursor(delta: number): void
  setCursor(index: number): void
  togglePick(id: string): void
  clearPicks(): void
}

async function searchList(text: string) {
  const hits = await call('tickets.search', { query: text, limit: 50 })
  return { tickets: hits.map((h) => h.ticket), total: hits.length, snippets: Object.fromEntries(hits.map((h) => [h.ticket.id, h.snippet])), onServer: Object.fromEntries(hits.flatMap((h) => (h.onServer ? [[h.ticket.id, true as const]] : []))) }
}

export const useQueue = create<QueueState>((set, get) => {
  let refreshes = 0
  const query = (offset: number, limit = pageSize) => {
    const { view, sort, filters } = get()
    const me = useSession.getState().directory?.me ?? null
    const chosen = queueViews.find((v) => v.key === view) ?? queueViews[0]!
    return {
      ...chosen.query(me, Date.now()),
      ...(filters.statuses.length ? { statuses: filters.statuses } : {}),
      ...(filters.priorities.length ? { priorities: filters.priorities } : {}),
      ...(filters.type ? { types: [filters.type] } : {}),
      ...(filters.channel ? { channels: [filters.channel] } : {}),
      ...(filters.groupId ? { groupId: filters.groupId } : {}),
      ...(filters.assignee ? { assignee: filters.assignee } : {}),
      sort,
      offset,
      limit
    }
  }

  return {
    tickets: [],
    total: 0,
    view: 'all',
    sort: 'sla',
    filters: noFilters,
    cursor: 0,
    picked: [],
    search: '',
    snippets: {},
    onServer: {},
    loadingMore: false,

    async refresh() {
      const search = get().search.trim()
      const asked = ++refreshes
      try {
        const list = search.length >= 2 ? await searchList(search) : { ...(await call('tickets.list', query(0, get().tickets.length ? pageSize : firstPageSize))), snippets: {}, onServer: {} }
        // A later refresh was asked while this was in flight (typing moved on, or the desk changed): the newer answer
        // wins, even when an older one, such as a search still waiting on the desk server, lands after it.
        if (asked !== refreshes) return
        // Keep the cursor on the same ticket when it is still in the first page.
        const current = get().tickets[get().cursor]?.id
        const at = current ? list.tickets.findIndex((t) => t.id === current) : -1
        set({ tickets: list.tickets, total: list.total, snippets: list.snippets, onServer: list.onServer, cursor: at >= 0 ? at : Math.min(get().cursor, Math.max(0, list.tickets.length - 1)) })
      } catch (error) {
        useSession.getState().notify(error)
      }
    },

    async loadMore() {
      const { tickets, total, search, loadingMore } = get()
      if (loadingMore || tickets.length >= total || search.trim().length >= 2) return
      const offset = tickets.length
      set({ loadingMore: true })
      try {
        const next = await call('tickets.list', query(offset))
        // Only append to the list this page was asked for; a refresh meanwhile starts over.
        if (get().tickets === tickets) set({ tickets: [...tickets, ...next.tickets], total: next.total })
      } catch (error) {
        useSession.getState().notify(error)
      } finally {
        set({ loadingMore: false })
      }
    },

    setSearch(search) {
      set({ search, cursor: 0 })
      void get().refresh()
    },
    setView(view) {
      // Each view opens in its own order (the day's follow-ups by last update, changes by when logged), else by SLA due.
      const sort = queueViews.find((v) => v.key === view)?.query(null, Date.now()).sort ?? 'sla'
      set({ view, sort, cursor: 0, picked: [] })
      void get().refresh()
    },
    setSort(sort) {
      set({ sort, cursor: 0 })
      void get().refresh()
    },
    setFilters(filters) {
      set({ filters: { ...get().filters, ...filters }, cursor: 0, picked: [] })
      void get().refresh()
    },
    moveCursor(delta) {
      const { cursor, tickets } = get()
      set({ cursor: Math.max(0, Math.min(tickets.length - 1, cursor + delta)) })
    },
    setCursor: (cursor) => set({ cursor }),
    togglePick(id) {
      const { picked } = get()
      set({ picked: picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id] })
    },
    clearPicks: () => set({ picked: [] })
  }
})
