import { z } from 'zod'
import { defaultAttachmentMb, maxAttachmentMb } from './attachments'
import { Id, Priority, Tier, TicketType, type Group } from './domain'
import { LifecyclePolicy } from './inventory'
import { Role } from './sync'
import { singleLine } from './ticket-fields'

/**
 * The team's directory as the desk server owns it: groups and who is in them, the accounts (the
 * technicians), the business calendar and the SLA targets. Every desk holds a copy for offline use;
 * only the server changes it, and the desk's due times come from its calendar and targets.
 */


// Fixed ids: every desk, and the desk server's team, mean the same group by the same id.
export const defaultGroups: Group[] = [
  { id: '0190a2b4-0001-7000-8000-000000000001', name: 'Service Desk', tier: 'L1' },
  { id: '0190a2b4-0001-7000-8000-000000000002', name: 'Desktop Support', tier: 'L2' },
  { id: '0190a2b4-0001-7000-8000-000000000003', name: 'Network', tier: 'L2' },
  { id: '0190a2b4-0001-7000-8000-000000000004', name: 'Identity & Access', tier: 'L2' },
  { id: '0190a2b4-0001-7000-8000-000000000005', name: 'Infrastructure', tier: 'L3' }
]

export const GroupInput = z.object({ name: singleLine(80), tier: Tier, members: z.array(Id).max(1_000).default([]) }).strict()
export type GroupInput = z.input<typeof GroupInput>
export const TeamGroup = z.object({ id: Id, name: z.string(), tier: Tier, members: z.array(Id), removed: z.boolean() })
export type TeamGroup = z.infer<typeof TeamGroup>

export const TeamAccount = z.object({ id: Id, email: z.string(), name: z.string(), role: Role, active: z.boolean() })
export type TeamAccount = z.infer<typeof TeamAccount>

const minutesOfDay = z.number().int().min(0).max(1_440)
const Span = z.tuple([minutesOfDay, minutesOfDay]).refine(([start, end]) => start < end, { error: 'A span ends after it starts.' })
/** Opening hours per ISO weekday (1 = Monday … 7 = Sunday), as [start, end) minutes after local midnight. */
export const WeeklyHours = z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(Span).max(4))
export type WeeklyHours = Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, Array<[number, number]>>>

const TimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone })
      return true
    } catch {
      return false
    }
  },
  { error: 'Not a time zone (e.g. Europe/Berlin).' }
)

export const TeamCalendar = z
  .object({
    timeZone: TimeZone,
    hours: WeeklyHours.refine((h) => Object.values(h).some((spans) => spans && spans.length > 0), { error: 'The desk must be open at some hour of the week.' }),
    holidays: z.array(z.iso.date()).max(400)
  })
  .strict()
export type TeamCalendar = z.infer<typeof TeamCalendar>

const Minutes = z.number().int().min(1, { error: 'At least a minute.' }).max(525_600, { error: 'At most a year.' })
export const SlaTarget = z
  .object({ firstResponseMinutes: Minutes, resolutionMinutes: Minutes })
  .strict()
  .refine((t) => t.firstResponseMinutes <= t.resolutionMinutes, { error: 'The first response cannot be due after the resolution.' })
export type SlaTarget = z.infer<typeof SlaTarget>
export const SlaTargets = z.record(Priority, SlaTarget)
export type SlaTargets = z.infer<typeof SlaTargets>

/** Business minutes per priority: P1 15 min / 4 h, P2 30 min / 8 h, P3 4 h / 3 days, P4 8 h / 5 days. */
export const defaultSlaTargets: SlaTargets = {
  P1: { firstResponseMinutes: 15, resolutionMinutes: 240 },
  P2: { firstResponseMinutes: 30, resolutionMinutes: 480 },
  P3: { firstResponseMinutes: 240, resolutionMinutes: 1_800 },
  P4: { firstResponseMinutes: 480, resolutionMinutes: 3_000 }
}

/** Monday to Friday, 08:00 to 18:00 in `timeZone`. */
export function officeWeek(timeZone: string): TeamCalendar {
  const day: Array<[number, number]> = [[8 * 60, 18 * 60]]
  return { timeZone, hours: { 1: day, 2: day, 3: day, 4: day, 5: day }, holidays: [] }
}

/**
 * An exception to the team's targets for one group, one ticket type, or both: its own targets for
 * some priorities and, if it has one, its own calendar (an L3 on call around the clock).
 */
export const SlaOverride = z
  .object({
    id: Id,
    groupId: Id.nullable(),
    type: TicketType.nullable(),
    calendar: TeamCalendar.nullable(),
    sla: z.partialRecord(Priority, SlaTarget)
  })
  .strict()
  .refine((o) => o.groupId !== null || o.type !== null, { error: 'Say which group or ticket type this exception is for.', path: ['groupId'] })
export type SlaOverride = z.infer<typeof SlaOverride>

export const TeamPolicies = z
  .object({
    calendar: TeamCalendar,
    sla: SlaTargets,
    overrides: z.array(SlaOverride).max(50).default([]),
    /** A resolved ticket the requester does not answer closes after this many business days (0: never). */
    autoCloseDays: z.number({ error: 'A number of days.' }).int({ error: 'Whole days.' }).min(0, { error: '0 or more (0: never).' }).max(60, { error: 'At most 60.' }).default(5),
    /** The largest file a ticket keeps, in MB: bigger ones in mail are listed but not stored, and a desk cannot attach them. */
    attachmentMb: z
      .number({ error: 'A number of MB.' })
      .int({ error: 'Whole MB.' })
      .min(1, { error: 'At least 1.' })
      .max(maxAttachmentMb, { error: `At most ${maxAttachmentMb}.` })
      .default(defaultAttachmentMb)
  })
  .strict()
export type TeamPolicies = z.infer<typeof TeamPolicies>

/** Around the clock, every day: for an exception whose group is on call. */
export function aroundTheClock(timeZone: string): TeamCalendar {
  const day: Array<[number, number]> = [[0, 1_440]]
  return { timeZone, hours: { 1: day, 2: day, 3: day, 4: day, 5: day, 6: day, 7: day }, holidays: [] }
}

/**
 * The calendar and targets a ticket runs on: the most specific exception that names a target for its
 * priority (group and type, then group, then type), else the team's. Desks and the admin preview use
 * this one rule, so every desk derives the same due time.
 */
export function slaFor(policies: TeamPolicies, ticket: SlaSubject): { calendar: TeamCalendar; target: SlaTarget } {
  const match = matchingOverride(policies.overrides, ticket)
  return { calendar: match?.calendar ?? policies.calendar, target: match?.sla[ticket.priority] ?? policies.sla[ticket.priority] }
}

type SlaSubject = { priority: Priority; groupId: string | null; type: string }

/** The exception a ticket runs on, if any: the most specific one that names a target for its priority. */
export function matchingOverride(overrides: readonly SlaOverride[], ticket: SlaSubject): SlaOverride | undefined {
  const score = (o: SlaOverride) => (o.groupId !== null ? 2 : 0) + (o.type !== null ? 1 : 0)
  return overrides
    .filter((o) => (o.groupId === null || o.groupId === ticket.groupId) && (o.type === null || o.type === ticket.type) && o.sla[ticket.priority])
    .sort((a, b) => score(b) - score(a))[0]
}

/** The team's shared canned responses; each technician may keep personal ones on their own desk beside them. */
export const CannedList = z.array(z.object({ id: Id, title: singleLine(120), body: z.string().trim().min(1, { error: 'Required.' }).max(10_000) }).strict()).max(500)
export type CannedList = z.infer<typeof CannedList>

/** Groups of words that mean the same thing to the knowledge search ("pw", "password", "passcode"). */
const term = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}-]{0,39}$/u, { error: 'A synonym is one word of letters, digits or hyphens.' })
export const SynonymGroups = z.array(z.array(term).min(2, { error: 'A group needs at least two words.' }).max(20)).max(500)
export type SynonymGroups = z.infer<typeof SynonymGroups>

/**
 * The whole directory, as a desk receives it when the server's is newer than the one it holds. The
 * shared lists (canned responses, synonyms, the refresh policy) are null until someone on the team
 * sets them; until then each desk keeps its own.
 */
export const TeamDirectory = z.object({
  version: z.number().int().nonnegative(),
  groups: z.array(TeamGroup),
  accounts: z.array(TeamAccount),
  policies: TeamPolicies,
  canned: CannedList.nullable(),
  synonyms: SynonymGroups.nullable(),
  refresh: LifecyclePolicy.nullable()
})
export type TeamDirectory = z.infer<typeof TeamDirectory>

export const AdminAccount = TeamAccount.extend({
  groups: z.array(Id),
  devices: z.array(z.object({ id: Id, name: z.string(), createdAt: z.string(), lastSeenAt: z.string().nullable() }))
})
export type AdminAccount = z.infer<typeof AdminAccount>

export const AccountChange = z
  .object({ name: singleLine(200).optional(), role: Role.optional(), active: z.boolean().optional(), groups: z.array(Id).max(100).optional() })
  .strict()
  .refine((c) => Object.keys(c).length > 0, { error: 'Nothing to change.' })

/** Removing a group that still holds tickets names the group they move to. */
export const GroupRemoval = z.object({ moveTo: Id.optional() }).strict()

export const AuditEntry = z.object({ at: z.string(), actor: z.string().nullable(), action: z.string(), target: z.string(), detail: z.unknown() })
export type AuditEntry = z.infer<typeof AuditEntry>

/** What the Administration view shows: the directory and accounts from the server, and the audit log for admins. */
export const TeamOverview = z.object({ directory: TeamDirectory, accounts: z.array(AdminAccount), audit: z.array(AuditEntry).nullable() })
export type TeamOverview = z.infer<typeof TeamOverview>
