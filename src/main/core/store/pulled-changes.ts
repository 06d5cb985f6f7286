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

  constructor(
    private readonly db: Database,
    private readonly refreshDue: (ticketId: string) => void,
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
   */
  apply(page: PullPage, pending: Map<string, Set<string>>): { touched: string[]; latest: string | null } {
    const touched = new Set<string>()
    let latest: string | null = null
    const attempt = (kind: QuarantineKind, row: unknown, write: () => void) => {
      try {
        write()
      } catch (error) {
        this.quarantine.hold(kind, row, error instanceof Refused ? error.message : `could not be written here (${(error as Error).message})`)
      }
    }
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
      for (const row of page.tickets) {
        attempt('ticket', row, () => {
          const parsed = ServerTicket.safeParse(row)
          if (!parsed.success) throw new Refused('not a ticket as the desk server sends them')
          const ticket = parsed.data
          const exists = !!this.exists.get(ticket.id)
          const problem = fieldProblem(ticket.fields, !exists)
          if (problem) throw new Refused(problem)
          const local = pending.get(ticket.id)
          const fields = Object.fromEntries(
            Object.entries(ticket.fields).filter(([name]) => syncedFields.includes(name as SyncedField) && !local?.has(name as SyncedField))
          )
          if (typeof fields.group_id === 'string') this.placeholderGroup.run(fields.group_id, fields.group_id)
          if (typeof fields.assignee_id === 'string') this.placeholderAgent.run(fields.assignee_id, fields.assignee_id)
          const columns = Object.keys(fields)
          if (exists) {
            this.sql.cached(updateTicket(columns, { also: ['number = @number'] })).run({ ...fields, id: ticket.id, number: ticket.number })
          } else {
            this.sql.cached(`INSERT INTO tickets (id, number, created_at${columns.map((c) => `, ${c}`).join('')}) VALUES (@id, @number, @created_at${columns.map((c) => `, @${c}`).join('')})`).run({
              ...fields,
              id: ticket.id,
              number: ticket.number,
              created_at: ticket.createdAt
            })
          }
          for (const stamp of Object.values(ticket.clocks)) if (stamp && (!latest || stamp > latest)) latest = stamp
          touched.add(ticket.id)
        })
      }
      for (const row of page.events) {
        attempt('event', row, () => {
          const parsed = SyncEvent.safeParse(row)
          if (!parsed.success) throw new Refused('not a timeline event as the desk server sends them')
          const event = parsed.data
          const problem = eventProblem(event)
          if (problem) throw new Refused(problem)
          if (!this.exists.get(event.ticketId)) throw new Refused('its ticket is not on this desk')
          if (event.authorId) this.placeholderAgent.run(event.authorId, event.authorId)
          this.insertEvent.run(event)
          if (event.kind === 'link') {
            const { other, relation } = JSON.parse(event.data) as { other: { id: string }; relation: string }
            this.linkEvent.run(event.ticketId, relation, other.id)
          }
          touched.add(event.ticketId)
        })
      }
      for (const id of touched) if (this.exists.get(id)) this.refreshDue(id)
    })()
    return { touched: [...touched], latest }
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
