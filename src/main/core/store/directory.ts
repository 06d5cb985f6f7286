import type { Database, Statement } from 'better-sqlite3'
import { userInfo } from 'node:os'
import { v7 as uuidv7 } from 'uuid'
import type { Agent, CannedResponse, Group, Person, Priority, RequesterRef } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import { z } from 'zod'
import { defaultGroups, defaultSlaTargets, matchingOverride, SlaOverride } from '../../../shared/team'
import { officeHours, type BusinessCalendar, type WeeklyHours } from '../rules/business-calendar'

export interface PersonRow {
  id: string
  name: string
  email: string | null
  phone: string | null
  department: string | null
  location: string | null
  vip: number
  manager: string | null
  language: string | null
  notes: string | null
  /** JSON: the other addresses. */
  aliases: string
  title: string | null
  account_name: string | null
  directory_state: 'active' | 'disabled' | 'removed' | null
}

export interface SlaPolicy {
  firstResponseMinutes: number
  resolutionMinutes: number
}

export const personFromRow = ({ account_name, directory_state, ...row }: PersonRow): Person => ({
  ...row,
  vip: row.vip === 1,
  aliases: JSON.parse(row.aliases) as string[],
  accountName: account_name,
  directoryState: directory_state
})

interface AgentRow {
  id: string
  name: string
  email: string | null
  group_id: string | null
  active: number
  group_ids: string
}

const agentFromRow = (a: AgentRow): Agent => ({ id: a.id, name: a.name, email: a.email, groupId: a.group_id, groupIds: JSON.parse(a.group_ids) as string[], active: a.active === 1 })

export const defaultSlaPolicies: Record<Priority, SlaPolicy> = defaultSlaTargets
export { defaultGroups }


const defaultCanned: Array<Pick<CannedResponse, 'title' | 'body'>> = [
  {
    title: 'Acknowledge',
    body: 'Hi {requester.firstName},\n\nThanks for getting in touch. Your ticket {ticket.number} is with us and we are on it.'
  },
  {
    title: 'Waiting on you',
    body: 'Hi {requester.firstName},\n\nCould you try the steps above and let us know how it goes? {ticket.number} is paused until we hear back.'
  },
  { title: 'Resolved', body: 'Hi {requester.firstName},\n\nWe believe {ticket.number} is fixed. Reply to this message if anything is still wrong.' }
]

/** People, groups, agents, the calendar, SLA policies and canned responses: the desk's reference data. */
export class Directory {
  private readonly stmt: {
    getPerson: Statement<[string], PersonRow>
    personByEmail: Statement<{ email: string }, PersonRow>
    peopleByNamePrefix: Statement<{ from: string; to: string; limit: number }, PersonRow>
    peopleByWordPrefix: Statement<{ query: string; limit: number }, PersonRow>
    insertPerson: Statement<PersonRow>
    groups: Statement<[], Group>
    getGroup: Statement<[string], Group>
    agents: Statement<[], AgentRow>
    getAgent: Statement<[string], AgentRow>
    calendar: Statement<[], { time_zone: string; hours: string }>
    holidays: Statement<[], { day: string }>
    policies: Statement<[], { priority: Priority; first_response_minutes: number; resolution_minutes: number }>
    canned: Statement<[], Omit<CannedResponse, 'personal'> & { personal: number }>
    getMeta: Statement<[string], { value: string }>
    setMeta: Statement<[string, string]>
  }
  private cachedCalendar: BusinessCalendar | null = null
  private cachedPolicies: Record<Priority, SlaPolicy> | null = null
  private cachedOverrides: SlaOverride[] | null = null
  /** Each exception's own calendar, by its id, built once (the calendar's open-time index is per object). */
  private readonly calendars = new Map<string, BusinessCalendar>()

  constructor(private readonly db: Database) {
    this.stmt = {
      getPerson: db.prepare('SELECT id, name, email, phone, department, location, vip, manager, language, notes, aliases, title, account_name, directory_state FROM people WHERE id = ?'),
      // By the main address, or one of the others the person writes from.
      personByEmail: db.prepare(`SELECT id, name, email, phone, department, location, vip, manager, language, notes, aliases, title, account_name, directory_state FROM people
        WHERE email = @email COLLATE NOCASE OR EXISTS (SELECT 1 FROM json_each(people.aliases) WHERE lower(value) = lower(@email)) ORDER BY email = @email COLLATE NOCASE DESC LIMIT 1`),
      // A range over the NOCASE name index: every name that starts with the typed text.
      peopleByNamePrefix: db.prepare(`
        SELECT id, name, email, phone, department, location, vip, manager, language, notes, aliases, title, account_name, directory_state FROM people
        WHERE name >= @from AND name < @to ORDER BY name LIMIT @limit`),
      peopleByWordPrefix: db.prepare(`
        SELECT p.id, p.name, p.email, p.phone, p.department, p.location, p.vip, p.manager, p.language, p.notes, p.aliases, p.title, p.account_name, p.directory_state
        FROM people_fts JOIN people p ON p.seq = people_fts.rowid
        WHERE people_fts MATCH @query LIMIT @limit`),
      insertPerson: db.prepare(`
        INSERT INTO people (id, name, email, phone, department, location, vip, manager, language, notes, aliases, title, account_name, directory_state)
        VALUES (@id, @name, @email, @phone, @department, @location, @vip, @manager, @language, @notes, @aliases, @title, @account_name, @directory_state)`),
      groups: db.prepare('SELECT id, name, tier FROM desk_groups WHERE removed = 0 ORDER BY tier, name'),
      getGroup: db.prepare('SELECT id, name, tier FROM desk_groups WHERE id = ?'),
      agents: db.prepare(`SELECT a.id, a.name, a.email, a.group_id, a.active, (SELECT json_group_array(group_id) FROM agent_groups g WHERE g.agent_id = a.id) AS group_ids FROM agents a ORDER BY a.name`),
      getAgent: db.prepare(`SELECT a.id, a.name, a.email, a.group_id, a.active, (SELECT json_group_array(group_id) FROM agent_groups g WHERE g.agent_id = a.id) AS group_ids FROM agents a WHERE a.id = ?`),
      calendar: db.prepare('SELECT time_zone, hours FROM calendars ORDER BY id LIMIT 1'),
      holidays: db.prepare('SELECT day FROM holidays ORDER BY day'),
      policies: db.prepare('SELECT priority, first_response_minutes, resolution_minutes FROM sla_policies'),
      canned: db.prepare('SELECT id, title, body, shared = 0 AS personal FROM canned_responses ORDER BY shared DESC, title'),
      getMeta: db.prepare('SELECT value FROM desk_meta WHERE key = ?'),
      setMeta: db.prepare('INSERT INTO desk_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    }
  }

  /** Reference data a desk needs before its first ticket; created once, in the machine's time zone. */
  ensureDefaults(timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone): void {
    this.db.transaction(() => {
      if (this.stmt.groups.all().length === 0) {
        const insert = this.db.prepare('INSERT INTO desk_groups (id, name, tier) VALUES (?, ?, ?)')
        for (const group of defaultGroups) insert.run(group.id, group.name, group.tier)
      }
      if (!this.stmt.calendar.get()) {
        const hours: WeeklyHours = officeHours(timeZone).hours
        this.db.prepare('INSERT INTO calendars (id, name, time_zone, hours) VALUES (?, ?, ?, ?)').run(uuidv7(), 'Office hours', timeZone, JSON.stringify(hours))
      }
      if (this.stmt.policies.all().length === 0) {
        const insert = this.db.prepare('INSERT INTO sla_policies (priority, first_response_minutes, resolution_minutes) VALUES (?, ?, ?)')
        for (const [priority, policy] of Object.entries(defaultSlaPolicies)) insert.run(priority, policy.firstResponseMinutes, policy.resolutionMinutes)
      }
      if (this.stmt.canned.all().length === 0) {
        const insert = this.db.prepare('INSERT INTO canned_responses (id, title, body) VALUES (?, ?, ?)')
        for (const canned of defaultCanned) insert.run(uuidv7(), canned.title, canned.body)
      }
      if (!this.getMeta('me')) {
        const serviceDesk = this.stmt.groups.all().find((g) => g.tier === 'L1')
        this.setMeta('me', this.addTechnician(localName(), null, serviceDesk?.id ?? null))
      }
    })()
  }

  /** After the team's directory replaced the calendar or targets: read them again. */
  forgetPolicies(): void {
    this.cachedCalendar = null
    this.cachedPolicies = null
    this.cachedOverrides = null
    this.calendars.clear()
  }

  me(): Agent {
    const agent = this.stmt.getAgent.get(this.getMeta('me') ?? '')
    if (!agent) throw new DeskError('INTERNAL', 'This desk has no local technician.')
    return agentFromRow(agent)
  }

  agents(): Agent[] {
    return this.stmt.agents.all().map(agentFromRow)
  }

  agent(id: string): { id: string; name: string } {
    const agent = this.stmt.getAgent.get(id)
    if (!agent) throw new DeskError('NOT_FOUND', 'No such technician on this desk.')
    return { id: agent.id, name: agent.name }
  }

  /** Who a ticket can be assigned to: active technicians, their groups' names, and how many open tickets each holds now. */
  assignees(): Array<{ id: string; name: string; groups: string[]; open: number }> {
    const rows = this.db
      .prepare(
        `SELECT a.id, a.name,
           (SELECT json_group_array(g.name) FROM agent_groups ag JOIN desk_groups g ON g.id = ag.group_id WHERE ag.agent_id = a.id AND g.removed = 0) AS groups,
           (SELECT count(*) FROM tickets t WHERE t.assignee_id = a.id AND t.status IN ('new', 'assigned', 'in_progress', 'pending')) AS open
         FROM agents a WHERE a.active = 1 ORDER BY a.name`
      )
      .all() as Array<{ id: string; name: string; groups: string; open: number }>
    return rows.map((r) => ({ ...r, groups: JSON.parse(r.groups) as string[] }))
  }

  groups(): Group[] {
    return this.stmt.groups.all()
  }

  group(id: string): Group {
    const group = this.stmt.getGroup.get(id)
    if (!group) throw new DeskError('NOT_FOUND', 'No such group on this desk.')
    return group
  }

  calendar(): BusinessCalendar {
    if (!this.cachedCalendar) {
      const row = this.stmt.calendar.get()
      if (!row) throw new DeskError('INTERNAL', 'This desk has no business calendar.')
      this.cachedCalendar = {
        timeZone: row.time_zone,
        hours: JSON.parse(row.hours) as WeeklyHours,
        holidays: this.stmt.holidays.all().map((h) => h.day)
      }
    }
    return this.cachedCalendar
  }

  /** The team's exceptions to its targets (by group or type), as the desk server last sent them. */
  slaOverrides(): SlaOverride[] {
    if (!this.cachedOverrides) {
      const stored = this.getMeta('sla_overrides')
      const parsed = stored ? z.array(SlaOverride).safeParse(JSON.parse(stored)) : null
      this.cachedOverrides = parsed?.success ? parsed.data : []
    }
    return this.cachedOverrides
  }

  /**
   * The calendar and targets a ticket runs on, by the shared rule (an exception for its group or type,
   * else the team's). Calendars are kept as the same objects, so their open-time index is built once.
   */
  slaFor(ticket: { priority: Priority; group_id: string | null; type: string }): { calendar: BusinessCalendar; policy: SlaPolicy } {
    const match = matchingOverride(this.slaOverrides(), { priority: ticket.priority, groupId: ticket.group_id, type: ticket.type })
    const policy = match?.sla[ticket.priority] ?? this.slaPolicies()[ticket.priority]
    if (!match?.calendar) return { calendar: this.calendar(), policy }
    let calendar = this.calendars.get(match.id)
    if (!calendar) this.calendars.set(match.id, (calendar = { ...match.calendar, hours: match.calendar.hours as WeeklyHours }))
    return { calendar, policy }
  }

  slaPolicies(): Record<Priority, SlaPolicy> {
    if (!this.cachedPolicies) {
      const policies = { ...defaultSlaPolicies }
      for (const row of this.stmt.policies.all()) {
        policies[row.priority] = { firstResponseMinutes: row.first_response_minutes, resolutionMinutes: row.resolution_minutes }
      }
      this.cachedPolicies = policies
    }
    return this.cachedPolicies
  }

  cannedResponses(): CannedResponse[] {
    return this.stmt.canned.all().map((c) => ({ ...c, personal: c.personal === 1 }))
  }

  /** A technician's own saved reply, beside the team's; kept on this desk only. */
  savePersonalCanned(input: { id?: string | undefined; title: string; body: string }): CannedResponse[] {
    const id = input.id ?? uuidv7()
    const held = this.db.prepare('SELECT shared FROM canned_responses WHERE id = ?').get(id) as { shared: number } | undefined
    if (held?.shared === 1) throw new DeskError('FORBIDDEN', 'That response is the team’s: a supervisor changes it in Administration.')
    this.db.prepare('INSERT INTO canned_responses (id, title, body, shared) VALUES (?, ?, ?, 0) ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body').run(id, input.title, input.body)
    return this.cannedResponses()
  }

  removePersonalCanned(id: string): CannedResponse[] {
    const held = this.db.prepare('SELECT shared FROM canned_responses WHERE id = ?').get(id) as { shared: number } | undefined
    if (!held) throw new DeskError('NOT_FOUND', 'No such canned response.')
    if (held.shared === 1) throw new DeskError('FORBIDDEN', 'That response is the team’s: a supervisor changes it in Administration.')
    this.db.prepare('DELETE FROM canned_responses WHERE id = ?').run(id)
    return this.cannedResponses()
  }

  /** A technician this desk knows before any desk server does (this desk's own, the sample's colleagues); answers the new id. */
  addTechnician(name: string, email: string | null, groupId: string | null): string {
    const id = uuidv7()
    this.db.prepare('INSERT INTO agents (id, name, email, group_id) VALUES (?, ?, ?, ?)').run(id, name, email, groupId)
    if (groupId) this.db.prepare('INSERT INTO agent_groups (agent_id, group_id) VALUES (?, ?)').run(id, groupId)
    return id
  }

  /** The signed-in account as this desk's own technician; its groups come with the team's directory. */
  adoptAccount(account: { id: string; name: string; email: string }): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO agents (id, name, email) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email').run(account.id, account.name, account.email)
      this.setMeta('me', account.id)
    })()
  }

  peopleCount(): number {
    return this.db.prepare('SELECT count(*) FROM people').pluck().get() as number
  }

  person(id: string): Person {
    const row = this.stmt.getPerson.get(id)
    if (!row) throw new DeskError('NOT_FOUND', 'No such requester on this desk.')
    return personFromRow(row)
  }

  /** Names starting with the text first (VIPs on top), then people with any name or email word starting with it. */
  searchPeople(query: string, limit: number): Person[] {
    const found = new Map(this.stmt.peopleByNamePrefix.all({ from: query, to: `${query}\uffff`, limit }).map((row) => [row.id, row]))
    const words = query.match(/[\p{L}\p{N}]+/gu) ?? []
    if (found.size < limit && words.length > 0) {
      const fts = words.map((word) => `"${word}"*`).join(' ')
      for (const row of this.stmt.peopleByWordPrefix.all({ query: fts, limit: limit * 2 })) {
        if (found.size >= limit) break
        if (!found.has(row.id)) found.set(row.id, row)
      }
    }
    const namePrefix = (row: PersonRow) => row.name.toLowerCase().startsWith(query.toLowerCase())
    return [...found.values()]
      .sort((a, b) => Number(namePrefix(b)) - Number(namePrefix(a)) || b.vip - a.vip || a.name.localeCompare(b.name))
      .map(personFromRow)
  }

  /**
   * Inside the caller's transaction: the requester named at intake, found by email or created. A name
   * nobody has yet becomes a new person, returned so the change can carry it to the server.
   */
  resolveRequester(ref: RequesterRef): { id: string; created: Person | null } {
    if ('id' in ref) {
      if (!this.stmt.getPerson.get(ref.id)) throw new DeskError('NOT_FOUND', 'The chosen requester no longer exists.')
      return { id: ref.id, created: null }
    }
    const known = ref.email ? this.stmt.personByEmail.get({ email: ref.email }) : undefined
    if (known) return { id: known.id, created: null }
    const person: PersonRow = { id: uuidv7(), name: ref.name, email: ref.email ?? null, phone: null, department: null, location: null, vip: 0, manager: null, language: null, notes: null, aliases: '[]', title: null, account_name: null, directory_state: null }
    this.stmt.insertPerson.run(person)
    return { id: person.id, created: personFromRow(person) }
  }

  insertPerson(person: Person): void {
    const { accountName, directoryState, ...fields } = person
    this.stmt.insertPerson.run({
      ...fields,
      manager: person.manager ?? null,
      language: person.language ?? null,
      notes: person.notes ?? null,
      aliases: JSON.stringify(person.aliases ?? []),
      vip: person.vip ? 1 : 0,
      title: person.title ?? null,
      account_name: accountName ?? null,
      directory_state: directoryState ?? null
    })
  }

  getMeta(key: string): string | undefined {
    return this.stmt.getMeta.get(key)?.value
  }

  setMeta(key: string, value: string): void {
    this.stmt.setMeta.run(key, value)
  }
}

function localName(): string {
  try {
    return userInfo().username || 'Local technician'
  } catch {
    return 'Local technician'
  }
}

/** Someone another desk's record names, not yet met here: a row with the name known, completed when the person syncs. */
export function ensurePerson(db: Database, id: string, name: string): void {
  db.prepare('INSERT INTO people (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING').run(id, name)
}
