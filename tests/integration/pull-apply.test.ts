import { v7 as uuidv7 } from 'uuid'
import { afterEach, describe, expect, it } from 'vitest'
import type { PullPage } from '../../src/shared/sync'
import { pageSlices } from '../../src/main/core/sync/page-slices'
import { pullDesk } from '../support/pull-desk'
import { testInstant } from '../support/test-clock'

const now = () => testInstant('2026-11-24T11:00:00+01:00')
const desks: Array<ReturnType<typeof pullDesk>> = []
afterEach(() => desks.splice(0).forEach((d) => d.close()))
const desk = () => {
  const d = pullDesk(now)
  desks.push(d)
  return d
}

const ada = { id: uuidv7(), name: 'Ada Okafor', email: 'ada@corp.example', phone: null, department: 'Finance', location: null, vip: false }
const status = (from: string | null, to: string) => JSON.stringify({ from, to, pendingReason: null, resolutionCode: null, resolutionNotes: null })

/** A ticket as the server sends it, with its timeline: logged at `at`, moved to `to`. */
function ticket(n: number, to: 'new' | 'in_progress' | 'resolved', requesterId = ada.id) {
  const id = uuidv7()
  const at = new Date(testInstant('2026-11-23T09:00:00+01:00').getTime() + n * 600_000).toISOString()
  const later = new Date(Date.parse(at) + 1_200_000).toISOString()
  return {
    id,
    row: {
      id,
      number: `INC-${2000 + n}`,
      createdAt: at,
      fields: { type: 'incident', status: to, channel: 'phone', subject: `Docking station ${n} drops the monitors`, description: 'Both screens go dark.', requester_id: requesterId, impact: 'medium', urgency: 'high', priority: 'P2', updated_at: later, ...(to === 'resolved' ? { resolved_at: later } : {}) },
      clocks: {}
    },
    events: [
      { id: uuidv7(), ticketId: id, at, authorId: null, kind: 'created', data: '{"channel":"phone"}', body: null },
      { id: uuidv7(), ticketId: id, at, authorId: null, kind: 'status', data: status(null, 'new'), body: null },
      ...(to === 'new' ? [] : [{ id: uuidv7(), ticketId: id, at: later, authorId: null, kind: 'status', data: status('new', to), body: null }]),
      { id: uuidv7(), ticketId: id, at: later, authorId: null, kind: 'note', data: JSON.stringify({ body: `Swapped the cable on dock ${n}` }), body: `Swapped the cable on dock ${n}` }
    ]
  }
}

const page = (rows: Array<ReturnType<typeof ticket>>, extra: Partial<PullPage> = {}): PullPage => ({
  cursor: 1,
  more: false,
  agents: [],
  people: [],
  tickets: rows.map((t) => t.row),
  events: rows.flatMap((t) => t.events),
  ...extra
})

/** Everything a pull writes, without the local row numbers. */
function contents(db: ReturnType<typeof pullDesk>['db']) {
  return {
    tickets: db.prepare('SELECT id, number, status, subject, requester_id, created_at, updated_at, resolved_at, sla_due_at, sla_risk_at FROM tickets ORDER BY id').all(),
    events: db.prepare('SELECT id, ticket_id, at, kind, data, body FROM ticket_events ORDER BY id').all(),
    links: db.prepare('SELECT ticket_id, other_id, relation FROM ticket_links ORDER BY ticket_id, other_id').all(),
    quarantine: db.prepare('SELECT kind, row_id, reason FROM sync_quarantine ORDER BY seq').all(),
    search: db.prepare("SELECT t.id FROM tickets_fts JOIN tickets t ON t.seq = tickets_fts.rowid WHERE tickets_fts MATCH 'dock*' ORDER BY t.id").pluck().all(),
    notes: db.prepare("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'cable'").pluck().get()
  }
}

describe('a pulled page written in batches', () => {
  it('leaves the desk exactly as writing it row by row does: tickets, timelines, links, due times, search, set-aside rows', () => {
    const tickets = Array.from({ length: 240 }, (_, n) => ticket(n, (['new', 'in_progress', 'resolved'] as const)[n % 3]!))
    // One names a requester this desk has never had: the database refuses it inside a batch.
    const stranger = ticket(240, 'in_progress', uuidv7())
    const [a, b] = [tickets[0]!, tickets[1]!]
    const link = { id: uuidv7(), ticketId: a.id, at: a.row.createdAt, authorId: null, kind: 'link', data: JSON.stringify({ other: { id: b.id, number: b.row.number }, relation: 'related' }), body: null }
    const first = page([...tickets.slice(0, 120), stranger], { people: [ada], cursor: 1, more: true })
    // The second page brings the rest, a link, and a ticket already written, changed since.
    const again = { ...tickets[5]!.row, fields: { ...tickets[5]!.row.fields, subject: 'Docking station 5 works again after the firmware update' } }
    const second = { ...page(tickets.slice(120)), cursor: 2, tickets: [...page(tickets.slice(120)).tickets, again], events: [...page(tickets.slice(120)).events, link] }

    const [batched, rowByRow] = [desk(), desk()]
    for (const p of [first, second]) batched.applier.apply(p, new Map(), 'batched')
    for (const p of [first, second]) rowByRow.applier.apply(p, new Map(), 'row by row')

    const written = contents(batched.db)
    expect(written).toEqual(contents(rowByRow.db))
    expect(written.tickets).toHaveLength(240)
    expect(written.events).toHaveLength(tickets.reduce((n, t) => n + t.events.length, 0) + 1)
    expect(written.links).toEqual([{ ticket_id: a.id, other_id: b.id, relation: 'related' }])
    expect(written.search).toHaveLength(240)
    expect(written.notes).toBe(240)
    // The stranger is set aside alone, and its timeline with it, saying why.
    expect(written.quarantine).toEqual([
      { kind: 'ticket', row_id: stranger.id, reason: expect.stringContaining('could not be written here (FOREIGN KEY constraint failed)') },
      ...stranger.events.map((e) => ({ kind: 'event', row_id: e.id, reason: 'its ticket is not on this desk' }))
    ])
    const five = written.tickets.find((t) => (t as { id: string }).id === tickets[5]!.id) as { subject: string }
    expect(five.subject).toBe('Docking station 5 works again after the firmware update')
    // Open tickets carry their resolution due time, derived from the status history that came with them.
    const open = written.tickets.filter((t) => (t as { status: string }).status !== 'resolved') as Array<{ sla_due_at: string | null }>
    expect(open.every((t) => t.sla_due_at !== null)).toBe(true)
  })

  it('leaves the desk as the whole page does when each page is written in slices, an event never before its ticket', () => {
    const tickets = Array.from({ length: 240 }, (_, n) => ticket(n, (['new', 'in_progress', 'resolved'] as const)[n % 3]!))
    const stranger = ticket(240, 'in_progress', uuidv7())
    const [a, b] = [tickets[0]!, tickets[1]!]
    const link = { id: uuidv7(), ticketId: a.id, at: a.row.createdAt, authorId: null, kind: 'link', data: JSON.stringify({ other: { id: b.id, number: b.row.number }, relation: 'related' }), body: null }
    const first = page([...tickets.slice(0, 120), stranger], { people: [ada], more: true })
    // The second page's link belongs to a ticket of the first page: it goes with the last slice.
    const second = { ...page(tickets.slice(120)), cursor: 2, events: [...page(tickets.slice(120)).events, link] }

    const [whole, sliced] = [desk(), desk()]
    for (const p of [first, second]) whole.applier.apply(p, new Map())
    const slices = [first, second].flatMap((p) => pageSlices(p, 50))
    expect(slices).toHaveLength(6)
    expect(slices[0]!.people).toEqual([ada])
    expect(slices.slice(1).every((s) => s.people.length === 0)).toBe(true)
    for (const slice of slices) sliced.applier.apply(slice, new Map())
    expect(contents(sliced.db)).toEqual(contents(whole.db))
    expect(contents(sliced.db).links).toHaveLength(1)
  })

  it("writes a first page's whole directory a slice at a time, each requester before the tickets that name them", () => {
    const people = Array.from({ length: 130 }, (_, n) => ({ ...ada, id: uuidv7(), name: `Requester ${n}`, email: `r${n}@corp.example` }))
    // Each ticket names a requester from the end of the directory: the last to be written.
    const tickets = Array.from({ length: 60 }, (_, n) => ticket(n, 'new', people[129 - (n % 10)]!.id))
    const agent = { id: uuidv7(), name: 'Sam Tier', email: 'sam@corp.example' }
    const whole = page(tickets, { people, agents: [agent] })
    const slices = pageSlices(whole, 50)
    expect(slices.map((s) => [s.people.length, s.tickets.length])).toEqual([[50, 0], [50, 0], [30, 50], [0, 10]])
    expect(slices.map((s) => s.agents.length)).toEqual([1, 0, 0, 0])
    const [once, sliced] = [desk(), desk()]
    once.applier.apply(whole, new Map())
    for (const slice of slices) sliced.applier.apply(slice, new Map())
    expect(contents(sliced.db)).toEqual(contents(once.db))
    expect(sliced.db.prepare('SELECT count(*) FROM people').pluck().get()).toBe(130)
    expect(contents(sliced.db).quarantine).toEqual([])
  })

  it('writes the later of two rows for one ticket in one page', () => {
    const t = ticket(1, 'new')
    const edited = { ...t.row, fields: { ...t.row.fields, status: 'in_progress', subject: 'Dock replaced' } }
    const d = desk()
    d.applier.apply({ ...page([t], { people: [ada] }), tickets: [t.row, edited] }, new Map())
    expect(d.db.prepare('SELECT subject, status FROM tickets').all()).toEqual([{ subject: 'Dock replaced', status: 'in_progress' }])
    expect(d.db.prepare('SELECT count(*) FROM sync_quarantine').pluck().get()).toBe(0)
  })

  it('derives the due time of a ticket that came resolved and, later in the page, reopened', () => {
    const t = ticket(2, 'resolved')
    const reopened = { ...t.row, fields: { ...t.row.fields, status: 'in_progress', resolved_at: null } }
    const d = desk()
    d.applier.apply({ ...page([t], { people: [ada] }), tickets: [t.row, reopened] }, new Map())
    const row = d.db.prepare('SELECT status, sla_due_at FROM tickets').get() as { status: string; sla_due_at: string | null }
    expect(row.status).toBe('in_progress')
    expect(row.sla_due_at).not.toBeNull()
  })
})
