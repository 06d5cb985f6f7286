import { z } from 'zod'
import type { Database, Statement } from 'better-sqlite3'
import { Person, personFields } from '../../../shared/domain'
import { eventProblem, fieldProblem, hasControls } from '../../../shared/ticket-fields'
import { MutationFields, ServerTicket, SyncEvent, syncedFields, type PullPage, type SyncedField } from '../../../shared/sync'
import type { Quarantine, QuarantineKind } from './quarantine'
import { StatementCache, updater } from './sql'

const PulledAgent = z.object({ id: z.uuid(), name: z.string().max(200), email: z.string().max(320) })

/** A row this desk's own rules refuse; its message is the reason kept with it. */
class Refused extends Error {}

// An outbox payload: the mutation without the numbering the push adds (its extra keys, like the stamp, are let go).
const OutboxChange = z.object(MutationFields.pick({ tickets: true, events: true, people: true, personChanges: true }).shape)

// Column names come only from the synced-field list, never from the wire.
const updateTicket = updater('tickets', syncedFields)
const synced = new Set<string>(syncedFields)
const insertable = new Set<string>([...syncedFields, 'id', 'number', 'created_at'])
// Rows to one INSERT: well under SQLite's 32,766 parameters, and big enough that per-statement work fades.
const ticketsPerStatement = 100
const eventsPerStatement = 200

/**
 * Rows waiting to be written together, in a savepoint: a batch the database refuses leaves nothing
 * behind and is written again one row at a time, so only the row that failed is set aside.
 */
class Batch<T> {
  private readonly items = new Map<string, T>()
  readonly written: T[] = []

  constructor(
    private readonly db: Database,
    private readonly writeAll: (items: T[]) => void
  ) {}

  has(key: string): boolean {
    return this.items.has(key)
  }

  add(key: string, item: T): void {
    this.items.set(key, item)
  }

  /** Writes what waits; after a refusal, `writeOne` each row, which answers whether it was written. */
  flush(writeOne: (item: T) => boolean): void {
    const items = [...this.items.values()]
    this.items.clear()
    if (items.length === 0) return
    try {
      this.db.transaction(() => this.writeAll(items))()
      this.written.push(...items)
    } catch {
      for (const item of items) if (writeOne(item)) this.written.push(item)
    }
  }
}

/**
 * Applies one page from the desk server in one transaction: accounts as technicians, people,
 * tickets (server numbers replace provisional ones) and timeline events. A field this desk has
 * changed but not yet pushed keeps its local value; the server will merge it when it arrives.
 */
export class PullApplier {
  private readonly upsertAgent: Statement
  private readonly upsertPerson: Statement
  private readonly exists: Statement<[string], { id: string }>
  private readonly insertEvent: Statement
  private readonly linkEvent: Statement
  private readonly placeholderGroup: Statement
  private readonly placeholderAgent: Statement
  private readonly sql: StatementCache
  /** Tickets new to this desk that came without their 'created' event: see `takePartial`. */
  private readonly partial = new Set<string>()

  constructor(
    private readonly db: Database,
    /** Derives the SLA due times of tickets a page touched, all at once. */
    private readonly refreshDue: (ticketIds: string[]) => void,
    private readonly quarantine: Quarantine
  ) {
    this.sql = new StatementCache(db)
    this.upsertAgent = db.prepare(
      'INSERT INTO agents (id, name, email) VALUES (@id, @name, @email) ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email'
    )
    // A field with an unsent local edit keeps the local value until the server has merged it (@pending: those fields, as JSON).
    this.upsertPerson = db.prepare(`
      INSERT INTO people (id, name, email, phone, department, location, vip, manager, language, notes, aliases, title, account_name, directory_state)
      VALUES (@id, @name, @email, @phone, @department, @location, @vip, @manager, @language, @notes, @aliases, @title, @accountName, @directoryState)
      ON CONFLICT (id) DO UPDATE SET ${personFields.map((f) => `${f} = CASE WHEN instr(@pending, '"${f}"') > 0 THEN ${f} ELSE excluded.${f} END`).join(', ')},
        title = excluded.title, account_name = excluded.account_name, directory_state = excluded.directory_state`)
    this.exists = db.prepare('SELECT id FROM tickets WHERE id = ?')
    this.insertEvent = db.prepare(
      'INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body) VALUES (@id, @ticketId, @at, @authorId, @kind, @data, @body) ON CONFLICT (id) DO NOTHING'
    )
    this.linkEvent = db.prepare(
      'INSERT INTO ticket_links (ticket_id, other_id, relation) SELECT ?, id, ? FROM tickets WHERE id = ? ON CONFLICT DO UPDATE SET relation = excluded.relation'
    )
    // A ticket may name a group or technician this desk has never seen (another desk's own): keep the
    // reference with a stand-in row rather than drop it.
    this.placeholderGroup = db.prepare("INSERT INTO desk_groups (id, name, tier) VALUES (?, 'Group ' || substr(?, -4), 'L1') ON CONFLICT DO NOTHING")
    this.placeholderAgent = db.prepare("INSERT INTO agents (id, name) VALUES (?, 'Technician ' || substr(?, -4)) ON CONFLICT DO NOTHING")
  }

  /**
   * Returns the ids of the tickets it touched and the latest clock stamp it applied. A row this desk's
   * own rules refuse, or that cannot be written, is set aside in the quarantine with the reason; the
   * rest of the page applies, so one bad row never stops the desk's sync.
   *
   * New tickets and events are written many rows to a statement (a first sync is mostly new rows); a
   * batch the database refuses is written again row by row, so only its bad row is set aside. 'row by
   * row' writes every row on its own, as the desk did before batching: the benchmark's baseline.
   */
  apply(page: PullPage, pending: Map<string, Set<string>>, how: 'batched' | 'row by row' = 'batched'): { touched: string[]; latest: string | null } {
    const touched = new Set<string>()
    let latest: string | null = null
    const attempt = (kind: QuarantineKind, row: unknown, write: () => void): boolean => {
      try {
        write()
        return true
      } catch (error) {
        this.quarantine.hold(kind, row, error instanceof Refused ? error.message : `could not be written here (${(error as Error).message})`)
        return false
      }
    }
    const batched = how === 'batched'
    this.db.transaction(() => {
      for (const row of page.agents) {
        const agent = PulledAgent.safeParse(row)
        if (agent.success && !hasControls(agent.data)) this.upsertAgent.run(agent.data)
      }
      for (const row of page.people) {
        attempt('person', row, () => {
          const person = Person.safeParse(row)
          if (!person.success || hasControls(person.data)) throw new Refused('not a valid requester')
          const { manager = null, language = null, notes = null, title = null, accountName = null, directoryState = null } = person.data
          this.upsertPerson.run({ ...person.data, manager, language, notes, title, accountName, directoryState, aliases: JSON.stringify(person.data.aliases ?? []), vip: person.data.vip ? 1 : 0, pending: JSON.stringify([...(pending.get(person.data.id) ?? [])]) })
        })
      }
      // Which of the page's tickets the desk has, read once (row by row: asked per row, as before).
      const known = batched ? this.existing([...page.tickets, ...page.events]) : null
      const exists = (id: string) => (known ? known.has(id) : !!this.exists.get(id))
      const newTickets = new Batch<{ row: unknown; id: string; values: Record<string, unknown> }>(this.db, (rows) => this.insertTickets(rows))
      const writeTicket = (item: { row: unknown; id: string; values: Record<string, unknown> }) => {
        if (attempt('ticket', item.row, () => this.insertTickets([item]))) return true
        known!.delete(item.id)
        touched.delete(item.id)
        return false
      }
      const added = new Set<string>()
      // Stand-ins already made this page: a first sync names the same few groups and technicians 100,000 times.
      const placed = new Set<string>()
      const standIn = (statement: Statement, id: unknown) => {
        if (typeof id !== 'string' || placed.has(id)) return
        statement.run(id, id)
        if (batched) placed.add(id)
      }
      for (const row of page.tickets) {
        let id: string | null = null
        let insert: Record<string, unknown> | null = null
        const checked = attempt('ticket', row, () => {
          const parsed = ServerTicket.safeParse(row)
          if (!parsed.success) throw new Refused('not a ticket as the desk server sends them')
          const ticket = parsed.data
          // The same ticket twice in a page: its first row is written before the second is read.
          if (newTickets.has(ticket.id)) newTickets.flush(writeTicket)
          const isNew = !exists(ticket.id)
          const problem = fieldProblem(ticket.fields, isNew)
          if (problem) throw new Refused(problem)
          const local = pending.get(ticket.id)
          // Copied only to leave out fields with unsent edits here: a first sync has none, and copied 100,000 tickets for nothing.
          const fields = local ? Object.fromEntries(Object.entries(ticket.fields).filter(([name]) => synced.has(name) && !local.has(name as SyncedField))) : ticket.fields
          standIn(this.placeholderGroup, fields.group_id)
          standIn(this.placeholderAgent, fields.assignee_id)
          if (!isNew) {
            this.sql.cached(updateTicket(Object.keys(fields), { also: ['number = @number'] })).run({ ...fields, id: ticket.id, number: ticket.number })
          } else {
            insert = { ...fields, id: ticket.id, number: ticket.number, created_at: ticket.createdAt }
            if (!batched) this.insertTickets([{ values: insert }])
          }
          for (const stamp of Object.values(ticket.clocks)) if (stamp && (!latest || stamp > latest)) latest = stamp
          id = ticket.id
        })
        if (!checked || id === null) continue
        if (insert) added.add(id)
        if (insert && batched) {
          newTickets.add(id, { row, id, values: insert })
          known!.add(id)
        }
        touched.add(id)
      }
      newTickets.flush(writeTicket)
      const newEvents = new Batch<{ row: unknown; event: SyncEvent }>(this.db, (rows) => this.insertEvents(rows.map((r) => r.event)))
      for (const row of page.events) {
        let accepted: SyncEvent | null = null
        attempt('event', row, () => {
          const parsed = SyncEvent.safeParse(row)
          if (!parsed.success) throw new Refused('not a timeline event as the desk server sends them')
          const event = parsed.data
          const problem = eventProblem(event)
          if (problem) throw new Refused(problem)
          if (!exists(event.ticketId)) throw new Refused('its ticket is not on this desk')
          standIn(this.placeholderAgent, event.authorId || null)
          if (!batched) {
            this.insertEvents([event])
            this.linkFrom(event)
          }
          accepted = event
        })
        if (!accepted) continue
        const event: SyncEvent = accepted
        if (batched) newEvents.add(event.id, { row, event })
        touched.add(event.ticketId)
      }
      newEvents.flush((item) => attempt('event', item.row, () => this.insertEvents([item.event])))
      for (const { row, event } of newEvents.written) attempt('event', row, () => this.linkFrom(event))
      // A ticket new here without its first event: its start went by while the desk's window left it on the server.
      const begun = new Set(newEvents.written.filter(({ event }) => event.kind === 'created').map(({ event }) => event.ticketId))
      if (!batched) for (const row of page.events) if ((row as { kind?: unknown } | null)?.kind === 'created') begun.add(String((row as { ticketId?: unknown }).ticketId))
      for (const id of added) if (exists(id) && !begun.has(id)) this.partial.add(id)
      const due = [...touched].filter(exists)
      if (batched) this.refreshDue(due)
      else for (const id of due) this.refreshDue([id])
    })()
    return { touched: [...touched], latest }
  }

  /**
   * The tickets pulled new to this desk without their 'created' event since last asked, and forgets them:
   * a ticket reopened after its desk's window had left it on the server arrives by its latest changes
   * only; the sync fetches its whole timeline (the desk server's GET /api/tickets/:id).
   */
  takePartial(): string[] {
    const ids = [...this.partial]
    this.partial.clear()
    return ids
  }

  /** Forgets these as partial: they were written only for a look and rolled back (a server search's hits). */
  forgetPartial(ids: string[]): void {
    for (const id of ids) this.partial.delete(id)
  }

  /** The ids among these rows' tickets (a ticket's own, an event's) that this desk already has. */
  private existing(rows: unknown[]): Set<string> {
    const ids = rows.flatMap((row) => {
      const r = row as { id?: unknown; ticketId?: unknown } | null
      const id = typeof r?.ticketId === 'string' ? r.ticketId : r?.id
      return typeof id === 'string' ? [id] : []
    })
    return new Set(this.sql.cached<[string], string>('SELECT id FROM tickets WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(ids)))
  }

  /** New tickets sharing one set of columns go in one statement; a page's rows nearly always share it. */
  private insertTickets(items: Array<{ values: Record<string, unknown> }>): void {
    const byColumns = new Map<string, Array<Record<string, unknown>>>()
    for (const { values } of items) {
      const key = Object.keys(values).join(',')
      const rows = byColumns.get(key)
      // Pushed, not copied: a slice of 2,000 new tickets copied its growing list 2,000 times.
      if (rows) rows.push(values)
      else byColumns.set(key, [values])
    }
    for (const [key, rows] of byColumns) {
      const columns = key.split(',')
      for (const column of columns) if (!insertable.has(column)) throw new Error(`${column} is not a ticket column a pull writes.`)
      const row = `(${columns.map(() => '?').join(', ')})`
      for (let i = 0; i < rows.length; i += ticketsPerStatement) {
        const count = Math.min(ticketsPerStatement, rows.length - i)
        const values: unknown[] = new Array(count * columns.length)
        for (let r = 0, at = 0; r < count; r++) for (const column of columns) values[at++] = rows[i + r]![column]
        this.sql.cached(`INSERT INTO tickets (${key}) VALUES ${Array(count).fill(row).join(', ')}`).run(values)
      }
    }
  }

  private insertEvents(events: SyncEvent[]): void {
    for (let i = 0; i < events.length; i += eventsPerStatement) {
      const count = Math.min(eventsPerStatement, events.length - i)
      const values: unknown[] = new Array(count * 7)
      for (let r = 0, at = 0; r < count; r++) {
        const e = events[i + r]!
        values[at++] = e.id
        values[at++] = e.ticketId
        values[at++] = e.at
        values[at++] = e.authorId
        values[at++] = e.kind
        values[at++] = e.data
        values[at++] = e.body
      }
      this.sql.cached(`INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body) VALUES ${Array(count).fill('(?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT (id) DO NOTHING`).run(values)
    }
  }

  private linkFrom(event: SyncEvent): void {
    if (event.kind !== 'link') return
    const { other, relation } = JSON.parse(event.data) as { other: { id: string }; relation: string }
    this.linkEvent.run(event.ticketId, relation, other.id)
  }

  /**
   * After a recovery: tickets the damaged file lost, but whose creation is among this desk's own
   * unsent changes, are rebuilt from those changes in order (the same merge a pull does). Tickets
   * whose rows were carried over are left as they are. Returns how many were rebuilt.
   */
  replayLost(outbox: Array<{ payload: string }>): number {
    const changes = outbox.flatMap((row) => {
      const parsed = OutboxChange.safeParse(JSON.parse(row.payload))
      return parsed.success ? [parsed.data] : []
    })
    const lost = new Set(changes.flatMap((c) => c.tickets.filter((t) => t.created && !this.exists.get(t.id)).map((t) => t.id)))
    const number = this.db.prepare('SELECT number FROM tickets WHERE id = ?').pluck()
    for (const change of changes) {
      const tickets = change.tickets.filter((t) => lost.has(t.id))
      if (tickets.length === 0) continue
      this.apply(
        {
          cursor: 0,
          more: false,
          agents: [],
          people: change.people,
          tickets: tickets.map((t) => ({
            id: t.id,
            number: t.created?.provisionalNumber ?? (number.get(t.id) as string),
            createdAt: t.created?.createdAt ?? new Date(0).toISOString(),
            fields: t.fields,
            clocks: {}
          })),
          events: change.events.filter((e) => lost.has(e.ticketId))
        },
        new Map()
      )
    }
    return lost.size
  }
}
