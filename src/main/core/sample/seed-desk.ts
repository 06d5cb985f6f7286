import type { Database } from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import type { Channel, Impact, Priority, TicketStatus, TicketType, Urgency } from '../../../shared/domain'
import type { Directory } from '../store/directory'
import { ticketSla } from '../store/sla-view'
import { priorityOf } from '../../../shared/priority'
import { numberPrefix } from '../rules/ticket-number'

export interface SeedOptions {
  tickets: number
  people: number
  now: Date
  /** Deterministic runs: the same seed makes the same desk (ids aside). */
  seed?: number
  onProgress?: (done: number, total: number) => void
}

const first = ['Maria', 'James', 'Aisha', 'Tom', 'Lucía', 'Olu', 'Priya', 'Henrik', 'Grace', 'Diego', 'Chen', 'Fatima', 'Noah', 'Ingrid', 'Kenji', 'Amara']
const last = ['Ortiz', 'Chen', 'Khan', 'Becker', 'Fernández', 'Adeyemi', 'Nair', 'Larsen', 'Kim', 'Silva', 'Novak', 'Haddad', 'Moreau', 'Berg', 'Sato', 'Okafor']
const departments = ['Finance', 'Sales', 'Engineering', 'Warehouse', 'HR', 'Executive', 'Marketing', 'Legal', 'Support', 'Facilities']
const things = ['Outlook', 'VPN', 'laptop', 'printer', 'Teams', 'MFA', 'shared drive', 'ERP', 'monitor', 'Wi-Fi', 'docking station', 'password', 'badge reader', 'Excel']
const troubles = ['keeps asking for my password', 'fails with error 809', 'will not charge', 'jams on every job', 'not detected', 'is very slow', 'crashes on start', 'disconnects every hour', 'shows a certificate warning', 'cannot sync']
const fixes = ['cleared cached credentials', 'reinstalled the driver', 'replaced the fuser unit', 'reset the profile', 'updated firmware', 'renewed the certificate', 'reseated the dock']
const channels: Channel[] = ['phone', 'email', 'chat', 'walk-in', 'portal']
const types: TicketType[] = ['incident', 'incident', 'incident', 'service_request', 'service_request', 'problem', 'change']
const levels: Impact[] = ['low', 'low', 'low', 'medium', 'medium', 'high']
const categories = ['Email', 'Network', 'Hardware', 'Access', 'Printing', 'Software', 'How-to', null]

/** A realistic big desk for benchmarks: most tickets long closed, a working queue of open ones. */
export function seedDesk(db: Database, directory: Directory, options: SeedOptions): void {
  let state = options.seed ?? 42
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const calendar = directory.calendar()
  const policies = directory.slaPolicies()
  const groups = directory.groups()
  const { now } = options

  db.transaction(() => {
    const insertPerson = db.prepare('INSERT INTO people (id, name, email, phone, department, location, vip) VALUES (?, ?, ?, NULL, ?, NULL, ?)')
    const people: string[] = []
    for (let i = 0; i < options.people; i++) {
      const id = uuidv7()
      const name = `${pick(first)} ${pick(last)}`
      insertPerson.run(id, name, `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${i}@corp.example`, pick(departments), random() < 0.02 ? 1 : 0)
      people.push(id)
    }
    const agents = groups.flatMap((group, g) =>
      Array.from({ length: 4 }, (_, k) => ({ id: directory.addTechnician(`${first[(g * 4 + k) % first.length]} (${group.name})`, null, group.id), groupId: group.id }))
    )
    const insertTicket = db.prepare(`
      INSERT INTO tickets (id, number, type, status, channel, subject, description, category, requester_id, impact, urgency, priority,
                           group_id, assignee_id, first_responded_at, resolved_at, closed_at, resolution_code, satisfaction_score, sla_due_at, sla_risk_at, created_at, updated_at,
                           follow_up_at, change_type, risk, planned_start, planned_end)
      VALUES (@id, @number, @type, @status, @channel, @subject, @description, @category, @requester_id, @impact, @urgency, @priority,
              @group_id, @assignee_id, @first_responded_at, @resolved_at, @closed_at, @resolution_code, @satisfaction_score, @sla_due_at, @sla_risk_at, @created_at, @updated_at,
              @follow_up_at, @change_type, @risk, @planned_start, @planned_end)`)
    const insertEvent = db.prepare(`
      INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body) VALUES (?, ?, ?, ?, ?, ?, ?)`)
    const status = (from: TicketStatus | null, to: TicketStatus) =>
      JSON.stringify({ from, to, pendingReason: to === 'pending' ? 'requester' : null, resolutionCode: null, resolutionNotes: null })

    const counters: Record<TicketType, number> = { incident: 10_000, service_request: 5_000, problem: 400, change: 800 }
    const span = 365 * 86_400_000
    for (let i = 0; i < options.tickets; i++) {
      const id = uuidv7()
      const type = pick(types)
      const impact = pick(levels)
      const urgency = pick(levels) as Urgency
      const priority: Priority = priorityOf(impact, urgency)
      const createdMs = now.getTime() - span * (1 - i / options.tickets) - random() * 3_600_000
      const created = new Date(createdMs).toISOString()
      const age = now.getTime() - createdMs
      // Old tickets are done; the last few weeks hold the open queue.
      const open = age < 21 * 86_400_000 && random() < 0.6
      const current: TicketStatus = open ? pick(['new', 'assigned', 'in_progress', 'in_progress', 'pending'] as const) : random() < 0.8 ? 'closed' : 'resolved'
      const assignee = current === 'new' ? null : pick(agents)
      const group = assignee ? groups.find((g) => g.id === assignee.groupId)! : groups.find((g) => g.tier === 'L1')!
      const replied = current !== 'new' ? new Date(createdMs + 20 * 60_000).toISOString() : null
      const resolved = open ? null : new Date(createdMs + (1 + random() * 48) * 3_600_000).toISOString()
      const history = [{ at: created, to: 'new' as TicketStatus }]
      if (current !== 'new') history.push({ at: replied!, to: open ? current : 'resolved' })
      const facts = { priority, group_id: group.id, type, created_at: created, first_responded_at: replied, resolved_at: resolved, status: current }
      const sla = ticketSla(facts, history, calendar, policies[priority], now)
      const thing = pick(things)
      const category = pick(categories)
      // Some of the work the supervisor's figures count: escalations, reopens, time logged, answers to the survey.
      const escalated = assignee !== null && random() < 0.1 ? pick(groups.filter((g) => g.tier !== 'L1')) : null
      const reopened = !open && random() < 0.05
      const minutes = replied && random() < 0.5 ? 5 + Math.floor(random() * 55) : 0
      const score = !open && random() < 0.2 ? 1 + Math.floor(random() * 5) : null
      counters[type] += 1
      // A waiting ticket has its follow-up call two days after the reply; an open change is a standard one
      // planned a week after it was asked for, so "Follow-ups due" and "Changes this week" have their queues.
      const plannedMs = Math.ceil((createdMs + 7 * 86_400_000) / 3_600_000) * 3_600_000
      const planned =
        type === 'change' && open
          ? { change_type: 'standard', risk: 'low', planned_start: new Date(plannedMs).toISOString(), planned_end: new Date(plannedMs + 2 * 3_600_000).toISOString() }
          : { change_type: null, risk: null, planned_start: null, planned_end: null }
      insertTicket.run({
        id,
        number: `${numberPrefix[type]}-${counters[type]}`,
        type,
        status: current,
        channel: pick(channels),
        subject: category === 'How-to' ? `How do I set up ${thing} on a new laptop?` : `${thing} ${pick(troubles)}`,
        description: `Reported by the requester: the ${thing} problem started ${pick(['this morning', 'after the update', 'yesterday', 'on Monday'])}.`,
        category,
        requester_id: pick(people),
        impact,
        urgency,
        priority,
        group_id: group.id,
        assignee_id: assignee?.id ?? null,
        first_responded_at: replied,
        resolved_at: resolved,
        closed_at: current === 'closed' ? resolved : null,
        resolution_code: open ? null : 'solved',
        satisfaction_score: score,
        sla_due_at: sla.resolution.dueAt,
        sla_risk_at: sla.resolution.atRiskAt,
        created_at: created,
        updated_at: resolved ?? replied ?? created,
        follow_up_at: current === 'pending' ? new Date(Date.parse(replied!) + 2 * 86_400_000).toISOString() : null,
        ...planned
      })
      insertEvent.run(uuidv7(), id, created, null, 'created', JSON.stringify({ channel: 'phone' }), null)
      insertEvent.run(uuidv7(), id, created, null, 'status', status(null, 'new'), null)
      if (replied) {
        const body = `Hi, we ${pick(fixes)} on the ${thing}; please check again.`
        insertEvent.run(uuidv7(), id, replied, assignee?.id ?? null, 'reply', JSON.stringify({ body }), body)
        insertEvent.run(uuidv7(), id, replied, assignee?.id ?? null, 'status', status('new', history[1]!.to), null)
        if (minutes) insertEvent.run(uuidv7(), id, replied, assignee?.id ?? null, 'time', JSON.stringify({ minutes, note: null }), null)
        if (escalated) {
          const handoff = { symptoms: `${thing} problem`, tried: 'The usual first steps', findings: 'Needs second line', nextStep: 'Look at the logs' }
          insertEvent.run(uuidv7(), id, replied, assignee?.id ?? null, 'escalation', JSON.stringify({ from: group, to: escalated, handoff }), null)
        }
        if (reopened && resolved) {
          // Reopened by the requester a little after the first resolution, then resolved again.
          insertEvent.run(uuidv7(), id, replied, null, 'status', status('resolved', 'in_progress'), null)
          insertEvent.run(uuidv7(), id, resolved, assignee?.id ?? null, 'status', status('in_progress', 'resolved'), null)
        }
      }
      if ((i + 1) % 5_000 === 0) options.onProgress?.(i + 1, options.tickets)
    }
  })()
  options.onProgress?.(options.tickets, options.tickets)
}
