import { z } from 'zod'
import { Attachments, Sha256 } from './file-ref'
import { changeTypes, channels, impacts, priorities, resolutionCodes, tiers, ticketStatuses, ticketTypes, urgencies } from './vocabulary'

export const Channel = z.enum(channels, {
  error: 'Pick a channel: phone, email, chat, walk-in or portal.'
})
export type Channel = z.infer<typeof Channel>

export const TicketType = z.enum(ticketTypes, {
  error: 'Pick a type: incident, service request, problem or change.'
})
export type TicketType = z.infer<typeof TicketType>

export const TicketStatus = z.enum(ticketStatuses)
export type TicketStatus = z.infer<typeof TicketStatus>

export const Id = z.uuid()

/** ISO-8601 instant in UTC, as stored. */
export const Instant = z.iso.datetime()

export const Person = z.object({
  id: Id,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  department: z.string().nullable(),
  location: z.string().nullable(),
  vip: z.boolean(),
  /** Kept by technicians about the requester: who approves for them, the language they prefer, notes. */
  manager: z.string().nullable().optional(),
  language: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
  /** Other addresses the person writes from (a shared mailbox, an old one): mail from them finds this requester. */
  aliases: z.array(z.string()).max(10).optional(),
  /** From the organisation's directory (the desk server syncs it; desks do not edit these). */
  title: z.string().nullable().optional(),
  accountName: z.string().nullable().optional(),
  /** Null for a requester logged by hand; 'disabled' or 'removed' when the directory says so. */
  directoryState: z.enum(['active', 'disabled', 'removed']).nullable().optional()
})
export type Person = z.infer<typeof Person>

const detail = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `At most ${max} characters.` })
    .transform((s) => s || null)
    .nullable()
/** A technician's edit of a requester's details: each field merges on its own, like a ticket's. */
export const PersonEdit = z
  .object({
    name: z.string().trim().min(1, { error: 'Required.' }).max(200, { error: 'At most 200 characters.' }),
    email: z.email({ error: 'Not an email address.' }).max(320).nullable().or(z.literal('').transform(() => null)),
    phone: detail(60),
    department: detail(120),
    location: detail(120),
    vip: z.boolean(),
    manager: detail(200),
    language: detail(40),
    notes: detail(4_000),
    aliases: z.array(z.email({ error: 'Not an email address.' }).max(320)).max(10, { error: 'At most 10 other addresses.' })
  })
  .partial()
  .strict()
  .refine((e) => Object.keys(e).length > 0, { error: 'Nothing to change.' })
export type PersonEdit = z.input<typeof PersonEdit>
export const personFields = ['name', 'email', 'phone', 'department', 'location', 'vip', 'manager', 'language', 'notes', 'aliases'] as const
export type PersonField = (typeof personFields)[number]

const trimmed = (max: number) =>
  z
    .string({ error: 'Required.' })
    .trim()
    .min(1, { error: 'Required.' })
    .max(max, { error: `At most ${max} characters.` })

export const Impact = z.enum(impacts, { error: 'Impact is high, medium or low.' })
export type Impact = z.infer<typeof Impact>
export const Urgency = z.enum(urgencies, { error: 'Urgency is high, medium or low.' })
export type Urgency = z.infer<typeof Urgency>
export const Priority = z.enum(priorities, { error: 'Priority is P1, P2, P3 or P4.' })
export type Priority = z.infer<typeof Priority>
export const Tier = z.enum(tiers)
export type Tier = z.infer<typeof Tier>
export const PendingReason = z.enum(['requester', 'third_party'], { error: 'Waiting on the requester or a third party?' })
export type PendingReason = z.infer<typeof PendingReason>
export const ResolutionCode = z.enum(resolutionCodes, {
  error: 'Pick a resolution code.'
})
export type ResolutionCode = z.infer<typeof ResolutionCode>

/** Standard changes are pre-approved; normal and emergency ones wait for a supervisor's approval. */
export const ChangeType = z.enum(changeTypes)
export type ChangeType = z.infer<typeof ChangeType>
export const Approval = z.enum(['pending', 'approved', 'rejected'])
export type Approval = z.infer<typeof Approval>

export const Group = z.object({ id: Id, name: z.string(), tier: Tier })
export type Group = z.infer<typeof Group>
/** A technician: `groupId` is their first group (by tier), `groupIds` every group they are in. */
export const Agent = z.object({ id: Id, name: z.string(), email: z.string().nullable(), groupId: Id.nullable(), groupIds: z.array(Id), active: z.boolean() })
export type Agent = z.infer<typeof Agent>

/** What tier N must hand tier N+1 so nobody calls the user back to ask again. */
export const Handoff = z
  .object({
    symptoms: trimmed(4_000),
    tried: trimmed(4_000),
    findings: trimmed(4_000),
    nextStep: trimmed(4_000)
  })
  .strict()
export type Handoff = z.infer<typeof Handoff>

export const SlaState = z.enum(['running', 'at_risk', 'breached', 'paused', 'met', 'missed'])
export type SlaState = z.infer<typeof SlaState>
export const SlaClock = z.object({
  targetMinutes: z.number().int().positive(),
  /** Business minutes used so far (pauses excluded). */
  elapsedMinutes: z.number().int().nonnegative(),
  /** When the target runs out if nothing pauses it; null while paused or once stopped. */
  dueAt: Instant.nullable(),
  /** When three quarters of the target are (or were) used: the console turns the badge amber then, idle or not. */
  atRiskAt: Instant.nullable(),
  state: SlaState
})
export type SlaClock = z.infer<typeof SlaClock>

/** The requester is either someone the desk knows, or a new person named at intake. */
export const RequesterRef = z.union(
  [
  z.object({ id: Id }).strict(),
  z
    .object({
      name: trimmed(200),
      email: z.email({ error: 'Not an email address.' }).max(320).optional()
    })
    .strict()
  ],
  { error: 'Choose a requester, or type the name of a new one.' }
)
export type RequesterRef = z.infer<typeof RequesterRef>

export const NewTicket = z
  .object({
    subject: trimmed(300),
    description: z.string().max(20_000, { error: 'At most 20,000 characters.' }).default(''),
    channel: Channel,
    type: TicketType.default('incident'),
    requester: RequesterRef,
    impact: Impact.default('low'),
    urgency: Urgency.default('medium'),
    category: z.string().trim().max(100).optional()
  })
  .strict()
export type NewTicket = z.input<typeof NewTicket>
export type ParsedNewTicket = z.output<typeof NewTicket>

/** Similar incidents that keep coming back, proposed as one problem. */
export const ProblemCandidate = z.object({
  title: z.string(),
  terms: z.array(z.string()),
  application: z.string().nullable(),
  firstAt: Instant,
  lastAt: Instant,
  /** The most of them within one detection window (a week). */
  inWindow: z.number().int(),
  incidents: z.array(z.object({ id: Id, number: z.string(), subject: z.string(), createdAt: Instant }))
})
export type ProblemCandidate = z.infer<typeof ProblemCandidate>

export const DeskStatus = z.object({
  ticketCount: z.number().int().nonnegative(),
  peopleCount: z.number().int().nonnegative(),
  /** True while the desk is empty and has never been seeded: the console offers the sample desk. */
  sampleOffered: z.boolean(),
  dataFile: z.string(),
  /** Local changes not yet accepted by the desk server. */
  pendingChanges: z.number().int().nonnegative(),
  /** Set when the desk file was found damaged at start: where it was kept, and what was saved from it. */
  recovery: z
    .object({
      damagedFile: z.string(),
      /** What was wrong, in words ("the write-ahead log is damaged at frame 12 of 40"). */
      reason: z.string(),
      salvagedChanges: z.number().int().nonnegative(),
      /** Every row that could still be read, the changes among them. */
      carriedRows: z.number().int().nonnegative(),
      /** Tickets whose rows were lost but whose unsent changes described them whole. */
      rebuiltTickets: z.number().int().nonnegative()
    })
    .nullable()
})
export type DeskStatus = z.infer<typeof DeskStatus>

const Ref = z.object({ id: Id, name: z.string() })

export const Ticket = z.object({
  id: Id,
  /** INC-1042 once the desk server numbers it; INC-~7f3a (provisional) until then. */
  number: z.string(),
  type: TicketType,
  status: TicketStatus,
  channel: Channel,
  subject: z.string(),
  description: z.string(),
  category: z.string().nullable(),
  requester: Person.pick({ id: true, name: true, email: true, vip: true }),
  impact: Impact,
  urgency: Urgency,
  priority: Priority,
  priorityOverridden: z.boolean(),
  group: Group.nullable(),
  assignee: Ref.nullable(),
  pendingReason: PendingReason.nullable(),
  resolutionCode: ResolutionCode.nullable(),
  resolutionNotes: z.string().nullable(),
  firstRespondedAt: Instant.nullable(),
  resolvedAt: Instant.nullable(),
  closedAt: Instant.nullable(),
  followUpAt: Instant.nullable(),
  satisfaction: z.object({ score: z.number().int().min(1).max(5), comment: z.string() }).nullable(),
  mergedInto: Id.nullable(),
  /** A problem's record: its root cause, the workaround meanwhile, and whether it is a known error. */
  problem: z.object({ rootCause: z.string().nullable(), workaround: z.string().nullable(), knownError: z.boolean() }).nullable(),
  /** A change's record; null on other tickets. */
  change: z
    .object({ changeType: ChangeType.nullable(), risk: Impact.nullable(), plannedStart: Instant.nullable(), plannedEnd: Instant.nullable(), backoutPlan: z.string().nullable(), approval: Approval.nullable() })
    .nullable(),
  sla: z.object({ firstResponse: SlaClock, resolution: SlaClock }),
  createdAt: Instant,
  updatedAt: Instant,
  /** Changed since this workstation last opened it (or never opened). */
  unread: z.boolean()
})
export type Ticket = z.infer<typeof Ticket>

/** What each timeline entry carries, by kind. */
export const EventData = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('created'), channel: Channel }),
  /** A public reply; `eta` when the technician said by when to expect the next step (the requester's mail says so). */
  z.object({ kind: z.literal('reply'), body: z.string(), eta: Instant.nullable().optional(), attachments: Attachments.optional() }),
  z.object({ kind: z.literal('note'), body: z.string(), attachments: Attachments.optional() }),
  z.object({
    kind: z.literal('status'),
    from: TicketStatus.nullable(),
    to: TicketStatus,
    pendingReason: PendingReason.nullable(),
    resolutionCode: ResolutionCode.nullable(),
    resolutionNotes: z.string().nullable()
  }),
  z.object({ kind: z.literal('assignment'), group: Group.nullable(), assignee: Ref.nullable() }),
  z.object({
    kind: z.literal('priority'),
    from: Priority,
    to: Priority,
    impact: Impact,
    urgency: Urgency,
    override: z.boolean(),
    reason: z.string().nullable()
  }),
  z.object({ kind: z.literal('escalation'), from: Group.nullable(), to: Group, handoff: Handoff }),
  z.object({ kind: z.literal('time'), minutes: z.number().int().positive(), note: z.string().nullable() }),
  z.object({ kind: z.literal('link'), other: z.object({ id: Id, number: z.string() }), relation: z.string() }),
  z.object({ kind: z.literal('merge'), other: z.object({ id: Id, number: z.string() }), direction: z.enum(['into', 'from']) }),
  /** Set aside from a group of recurring incidents someone said is not one problem: the group is not proposed again, on any desk. */
  z.object({ kind: z.literal('dismissal'), group: Id, title: z.string(), size: z.number().int().positive() }),
  /** A supervisor's decision on a change, with the reason. */
  z.object({ kind: z.literal('approval'), decision: z.enum(['approved', 'rejected']), reason: z.string() }),
  z.object({ kind: z.literal('satisfaction'), score: z.number().int().min(1).max(5), comment: z.string() }),
  /** A machine's inventory attached to the ticket: what it was when the snapshot was taken. */
  z.object({
    kind: z.literal('inventory'),
    asset: z.object({ id: Id, tag: z.string(), name: z.string() }),
    takenAt: Instant,
    summary: z.string(),
    facts: z.array(z.string())
  }),
  /** A knowledge article used on the ticket; `solved` when the technician said it solved it. */
  z.object({ kind: z.literal('article'), article: z.object({ id: Id, title: z.string() }), solved: z.boolean() }),
  /**
   * Help with the requester's directory account, done by the desk server: what, on which account,
   * and the verification the technician confirmed first. A reset's password is never here.
   */
  z.object({
    kind: z.literal('account'),
    action: z.enum(['unlock', 'reset', 'enable', 'disable']),
    account: z.string(),
    directory: z.string(),
    checks: z.array(z.string()),
    mustChange: z.boolean()
  }),
  /**
   * A message with the requester by email: received by the desk server's mailbox (the body is its new
   * text, as text; the quoted history it carried is folded apart), or sent from a public reply.
   */
  z.object({
    kind: z.literal('email'),
    direction: z.enum(['in', 'out']),
    from: z.string(),
    to: z.array(z.string()),
    subject: z.string(),
    messageId: z.string(),
    /** The new text, as plain text (HTML mail is turned to text: nothing of it is ever rendered). */
    body: z.string(),
    status: z.enum(['received', 'queued', 'sent', 'failed']),
    reason: z.string().nullable(),
    quoted: z.string().nullable(),
    /** Each file as the message named it; `sha256` null when it was not kept (over the team's size limit). */
    attachments: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative(), type: z.string(), sha256: Sha256.nullable().optional() }))
  }),
  /** What became of an email sent from the ticket: the timeline stays append-only, so its state arrives as its own entry. */
  z.object({ kind: z.literal('delivery'), messageId: z.string(), status: z.enum(['sent', 'failed']), reason: z.string().nullable() }),
  /** A remote session started from the ticket, and again when its client exits. */
  z.object({
    kind: z.literal('remote'),
    sessionId: Id,
    phase: z.enum(['started', 'ended']),
    tool: z.string(),
    protocol: z.string(),
    target: z.string(),
    user: z.string().nullable(),
    startedAt: Instant,
    endedAt: Instant.nullable(),
    durationSeconds: z.number().nullable(),
    exitCode: z.number().nullable()
  })
])
export type EventData = z.infer<typeof EventData>
export type EventKind = EventData['kind']

export const TicketEvent = z.object({
  id: Id,
  ticketId: Id,
  at: Instant,
  author: Ref.nullable(),
  data: EventData
})
export type TicketEvent = z.infer<typeof TicketEvent>

export const TicketDetail = z.object({
  ticket: Ticket,
  /** The requester in full, for the requester pane: contact, department, location. */
  requester: Person,
  /** Edits of mine that lost to a later one on another desk, until dismissed. */
  notices: z.array(z.object({ id: z.number().int(), message: z.string(), at: Instant })),
  timeline: z.array(TicketEvent),
  timeSpentMinutes: z.number().int().nonnegative(),
  links: z.array(z.object({ id: Id, number: z.string(), subject: z.string(), status: TicketStatus, relation: z.string() })),
  /** Known errors among the problems that explain this ticket: their workaround applies here. */
  knownErrors: z.array(z.object({ id: Id, number: z.string(), subject: z.string(), workaround: z.string() }))
})
export type TicketDetail = z.infer<typeof TicketDetail>

/** A saved reply: the team's (shared, from the desk server) or one technician's own (personal, on their desk). */
export const CannedResponse = z.object({ id: Id, title: z.string(), body: z.string(), personal: z.boolean() })
export const PersonalCanned = z
  .object({ id: Id.optional(), title: trimmed(120), body: z.string().trim().min(1, { error: 'Required.' }).max(10_000, { error: 'At most 10,000 characters.' }) })
  .strict()
export type CannedResponse = z.infer<typeof CannedResponse>

export const SearchHit = z.object({
  ticket: Ticket,
  /** Matched text with hits marked, as segments so the UI renders it as text. */
  snippet: z.array(z.object({ text: z.string(), hit: z.boolean() })),
  /** An older ticket kept on the desk server, not on this desk (outside its window): opening it fetches it. */
  onServer: z.literal(true).optional()
})
export type SearchHit = z.infer<typeof SearchHit>

/** What needs the technician now: for the badge and native notifications. */
export const Attention = z.object({
  breached: z.array(z.object({ id: Id, number: z.string(), subject: z.string() })),
  assignedToMe: z.array(z.object({ id: Id, number: z.string(), subject: z.string() })),
  /** Follow-ups due now on my tickets (or unassigned ones), not yet closed. */
  followUps: z.array(z.object({ id: Id, number: z.string(), subject: z.string() })).default([])
})
export type Attention = z.infer<typeof Attention>
