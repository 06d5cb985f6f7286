import { create } from 'zustand'
import type { Method, MethodInput, MethodOutput } from '../../../shared/contract'
import type { Channel, DeskStatus, NewTicket, Priority, Ticket, TicketDetail, TicketType } from '../../../shared/domain'
import { DeskError, type AppError } from '../../../shared/errors'
import { call } from '../api'
import { queueViews, type QueueSort } from '../views'

type Directory = MethodOutput<'desk.directory'>

/** Narrowing on top of the saved view. */
export interface QueueFilters {
  priorities: Priority[]
  type: TicketType | null
  channel: Channel | null
}
const pageSize = 200

interface ConsoleState {
  tickets: Ticket[]
  total: number
  view: string
  sort: QueueSort
  filters: QueueFilters
  desk: DeskStatus | null
  directory: Directory | null
  selectedId: string | null
  detail: TicketDetail | null
  loaded: boolean
  error: AppError | null
  newTicketOpen: boolean
  refresh(): Promise<void>
  loadMore(): Promise<void>
  setView(view: string): void
  setSort(sort: QueueSort): void
  setFilters(filters: Partial<QueueFilters>): void
  loadSample(): Promise<void>
  createTicket(input: NewTicket): Promise<Ticket>
  /** Any change to the selected ticket: errors land in the banner, success refreshes the panes. */
  act<M extends Method>(method: M, input: MethodInput<M>): Promise<boolean>
  select(id: string | null): void
  setNewTicketOpen(open: boolean): void
  showError(error: unknown): void
  dismissError(): void
}

const asAppError = (error: unknown): AppError =>
  error instanceof DeskError ? error.toAppError() : { code: 'INTERNAL', message: String(error) }

export const useConsole = create<ConsoleState>((set, get) => {
  const query = (offset: number) => {
    const { view, sort, directory, filters } = get()
    const chosen = queueViews.find((v) => v.key === view) ?? queueViews[0]!
    return {
      ...chosen.query(directory?.me ?? null, Date.now()),
      ...(filters.priorities.length ? { priorities: filters.priorities } : {}),
      ...(filters.type ? { types: [filters.type] } : {}),
      ...(filters.channel ? { channels: [filters.channel] } : {}),
      sort,
      offset,
      limit: pageSize
    }
  }
  const loadDetail = async () => {
    const id = get().selectedId
    set({ detail: id ? await call('tickets.get', { id }) : null })
  }

  return {
    tickets: [],
    total: 0,
    view: 'all',
    sort: 'sla',
    filters: { priorities: [], type: null, channel: null },
    desk: null,
    directory: null,
    selectedId: null,
    detail: null,
    loaded: false,
    error: null,
    newTicketOpen: false,

    async refresh() {
      try {
        const directory = get().directory ?? (await call('desk.directory', {}))
        set({ directory })
        const [list, desk] = await Promise.all([
          call('tickets.list', query(0)),
          call('desk.status', {})
        ])
        const selectedId = get().selectedId ?? list.tickets[0]?.id ?? null
        set({ tickets: list.tickets, total: list.total, desk, selectedId, loaded: true })
        await loadDetail()
      } catch (error) {
        set({ error: asAppError(error), loaded: true })
      }
    },

    async loadMore() {
      const { tickets, total } = get()
      if (tickets.length >= total) return
      try {
        const next = await call('tickets.list', query(tickets.length))
        set({ tickets: [...get().tickets, ...next.tickets], total: next.total })
      } catch (error) {
        set({ error: asAppError(error) })
      }
    },

    setView(view) {
      set({ view })
      void get().refresh()
    },

    setSort(sort) {
      set({ sort })
      void get().refresh()
    },

    setFilters(filters) {
      set({ filters: { ...get().filters, ...filters } })
      void get().refresh()
    },

    async loadSample() {
      try {
        await call('desk.loadSample', {})
        set({ directory: null })
        await get().refresh()
      } catch (error) {
        set({ error: asAppError(error) })
      }
    },

    async createTicket(input) {
      const ticket = await call('tickets.create', input)
      set({ selectedId: ticket.id, newTicketOpen: false })
      await get().refresh()
      return ticket
    },

    async act(method, input) {
      try {
        await call(method, input)
        await get().refresh()
        return true
      } catch (error) {
        set({ error: asAppError(error) })
        return false
      }
    },

    select(selectedId) {
      set({ selectedId })
      void loadDetail().catch((error: unknown) => set({ error: asAppError(error) }))
    },
    setNewTicketOpen: (newTicketOpen) => set({ newTicketOpen }),
    showError: (error) => set({ error: asAppError(error) }),
    dismissError: () => set({ error: null })
  }
})
