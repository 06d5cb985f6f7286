import type { Database } from 'better-sqlite3'
import type { TeamDirectory } from '../../../shared/team'
import type { Directory } from './directory'

const tierOrder = { L1: 1, L2: 2, L3: 3 } as const

/**
 * This desk's copy of the team's directory (owner of desk_groups, agents, agent_groups, the calendar
 * and SLA targets once the desk is signed in to a desk server). The server sends the directory whole
 * when it changed; applying it replaces what the desk had, in one transaction.
 */
export class TeamCopy {
  constructor(
    private readonly db: Database,
    private readonly directory: Directory
  ) {}

  /** The version held, sent with each pull so the server knows whether to send a newer one. */
  version(): number {
    return Number(this.directory.getMeta('team_version') ?? 0)
  }

  /**
   * Replaces groups, technicians, memberships, the calendar and targets with the team's. True for
   * `policiesChanged` when the calendar or targets differ from what the desk used, so open tickets'
   * due times are derived again; `replacedLocal` when this was the desk's own, set before it joined.
   */
  apply(team: TeamDirectory): { policiesChanged: boolean; replacedLocal: boolean } {
    const { db, directory } = this
    return db.transaction(() => {
      const joined = this.version() === 0
      const before = JSON.stringify([directory.calendar(), directory.slaPolicies(), directory.slaOverrides()])
      // Names are unique: park every name on its id first, so a swap of two names never collides.
      db.prepare('UPDATE desk_groups SET name = id').run()
      const upsertGroup = db.prepare(`INSERT INTO desk_groups (id, name, tier, removed) VALUES (@id, @name, @tier, @removed)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, tier = excluded.tier, removed = excluded.removed`)
      for (const g of team.groups) upsertGroup.run({ id: g.id, name: g.removed ? `${g.name} (retired ${g.id.slice(-4)})` : g.name, tier: g.tier, removed: g.removed ? 1 : 0 })
      // Groups only this desk had (made before it joined) keep their tickets, marked retired.
      db.prepare("UPDATE desk_groups SET removed = 1, name = 'Retired group ' || substr(id, -4) WHERE id NOT IN (SELECT value FROM json_each(?))").run(JSON.stringify(team.groups.map((g) => g.id)))
      const memberOf = new Map<string, string[]>()
      for (const g of team.groups) if (!g.removed) for (const m of g.members) memberOf.set(m, [...(memberOf.get(m) ?? []), g.id])
      const byId = new Map(team.groups.map((g) => [g.id, g]))
      const upsertAgent = db.prepare(`INSERT INTO agents (id, name, email, group_id, role, active) VALUES (@id, @name, @email, @group_id, @role, @active)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, group_id = excluded.group_id, role = excluded.role, active = excluded.active`)
      db.prepare('DELETE FROM agent_groups').run()
      const addMember = db.prepare('INSERT INTO agent_groups (agent_id, group_id) VALUES (?, ?)')
      for (const a of team.accounts) {
        const groups = (memberOf.get(a.id) ?? []).sort((x, y) => tierOrder[byId.get(x)!.tier] - tierOrder[byId.get(y)!.tier] || byId.get(x)!.name.localeCompare(byId.get(y)!.name))
        upsertAgent.run({ id: a.id, name: a.name, email: a.email, group_id: groups[0] ?? null, role: a.role, active: a.active ? 1 : 0 })
        for (const g of groups) addMember.run(a.id, g)
      }
      const { calendar, sla } = team.policies
      db.prepare('DELETE FROM holidays').run()
      db.prepare('DELETE FROM calendars WHERE id <> (SELECT min(id) FROM calendars)').run()
      db.prepare('UPDATE calendars SET name = ?, time_zone = ?, hours = ?').run('Team hours', calendar.timeZone, JSON.stringify(calendar.hours))
      const calendarId = (db.prepare('SELECT id FROM calendars').get() as { id: string }).id
      const addHoliday = db.prepare('INSERT INTO holidays (calendar_id, day) VALUES (?, ?)')
      for (const day of new Set(calendar.holidays)) addHoliday.run(calendarId, day)
      db.prepare('DELETE FROM sla_policies').run()
      const addPolicy = db.prepare('INSERT INTO sla_policies (priority, first_response_minutes, resolution_minutes) VALUES (?, ?, ?)')
      for (const [priority, target] of Object.entries(sla)) addPolicy.run(priority, target.firstResponseMinutes, target.resolutionMinutes)
      if (team.canned) {
        db.prepare('DELETE FROM canned_responses WHERE shared = 1').run()
        const addCanned = db.prepare('INSERT INTO canned_responses (id, title, body, shared) VALUES (?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, shared = 1')
        for (const c of team.canned) addCanned.run(c.id, c.title, c.body)
      }
      if (team.synonyms) {
        db.prepare('DELETE FROM kb_synonyms').run()
        const addTerm = db.prepare('INSERT INTO kb_synonyms (term, grp) VALUES (?, ?) ON CONFLICT (term) DO NOTHING')
        team.synonyms.forEach((words, i) => words.forEach((w) => addTerm.run(w, i + 1)))
      }
      directory.setMeta('sla_overrides', JSON.stringify(team.policies.overrides))
      // The largest file the team keeps: a desk refuses a bigger one when it is attached, offline too.
      directory.setMeta('attachment_mb', String(team.policies.attachmentMb))
      directory.forgetPolicies()
      directory.setMeta('team_version', String(team.version))
      const policiesChanged = JSON.stringify([directory.calendar(), directory.slaPolicies(), directory.slaOverrides()]) !== before
      return { policiesChanged, replacedLocal: joined && policiesChanged }
    })()
  }
}
