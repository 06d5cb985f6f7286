import type { PullPage } from '../../../shared/sync'

/**
 * Cuts a pulled page into slices that are each written in a transaction of their own, so the desk
 * answers the console between them (a queue page waits for one slice, not for 5,000 tickets). Each
 * slice carries its tickets' events, so an event never arrives before its ticket; people come first,
 * `rowsPerSlice` at a time (a first sync's page holds the whole directory), the last of them and the
 * technicians with the first tickets; events for tickets outside the page go with the last slice.
 * Writing a page again is harmless (rows merge by id and clock), so a slice that landed before a crash costs nothing.
 */
export function pageSlices(page: PullPage, rowsPerSlice: number): PullPage[] {
  if (page.tickets.length <= rowsPerSlice && page.people.length <= rowsPerSlice) return [page]
  const slices: PullPage[] = []
  const ahead = Math.max(0, Math.ceil(page.people.length / rowsPerSlice) - 1) * rowsPerSlice
  for (let start = 0; start < ahead; start += rowsPerSlice) slices.push({ ...page, agents: [], people: page.people.slice(start, start + rowsPerSlice), tickets: [], events: [] })
  const sliceOf = new Map<unknown, number>()
  for (let start = 0; start < Math.max(1, page.tickets.length); start += rowsPerSlice) {
    const tickets = page.tickets.slice(start, start + rowsPerSlice)
    for (const row of tickets) sliceOf.set(idOf(row, 'id'), slices.length)
    slices.push({ ...page, agents: [], people: start ? [] : page.people.slice(ahead), tickets, events: [] })
  }
  slices[0]!.agents = page.agents
  const last = slices.length - 1
  for (const row of page.events) {
    const id = idOf(row, 'ticketId')
    // A ticket sent twice goes with its later row's slice: its events are written after both.
    slices[(id !== undefined ? sliceOf.get(id) : undefined) ?? last]!.events.push(row)
  }
  return slices
}

function idOf(row: unknown, key: 'id' | 'ticketId'): unknown {
  return typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[key] : undefined
}

/** Consecutive slices as one: each slice's events still follow its tickets. */
export function joinSlices(slices: PullPage[]): PullPage {
  if (slices.length === 1) return slices[0]!
  return { ...slices[0]!, agents: slices.flatMap((s) => s.agents), people: slices.flatMap((s) => s.people), tickets: slices.flatMap((s) => s.tickets), events: slices.flatMap((s) => s.events) }
}
