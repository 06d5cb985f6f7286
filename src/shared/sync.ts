import { z } from 'zod'
import { Id, Instant, Person, personFields } from './domain'
import { errorCodes } from './errors'

/** What the desk server and the app say to each other: sign-in, push of the outbox, pull by cursor. */

export const Role = z.enum(['agent', 'specialist', 'supervisor', 'admin'])
export type Role = z.infer<typeof Role>

/** Hybrid logical clock: 13-digit wall ms, 4-digit counter, node id. Compares as a string. */
export const Hlc = z.string().regex(/^\d{13}-\d{4}-[0-9a-z-]{1,40}$/, { error: 'Not a clock stamp.' })

/** The ticket columns a mutation may set; each merges on its own by clock. */
export const syncedFields = [
  'type', 'status', 'channel', 'subject', 'description', 'category', 'requester_id', 'impact', 'urgency', 'priority',
  'priority_overridden', 'group_id', 'assignee_id', 'pending_reason', 'resolution_code', 'resolution_notes',
  'first_responded_at', 'resolved_at', 'closed_at', 'follow_up_at', 'satisfaction_score', 'satisfaction_comment',
  'merged_into', 'updated_at', 'root_cause', 'workaround', 'known_error',
  'change_type', 'risk', 'planned_start', 'planned_end', 'backout_plan', 'approval'
] as const
export const SyncedField = z.enum(syncedFields)
export type SyncedField = z.infer<typeof SyncedField>
const FieldValue = z.union([z.string().max(20_000), z.number().finite(), z.null()])

export const SyncEvent = z
  .object({
    id: Id,
    ticketId: Id,
    at: Instant,
    authorId: z.string().max(100).nullable(),
    kind: z.string().min(1).max(40),
    /** The event's JSON data, as the client stored it. */
    data: z.string().max(100_000),
    body: z.string().max(20_000).nullable()
  })
  .strict()
export type SyncEvent = z.infer<typeof SyncEvent>

export const TicketChange = z
  .object({
    id: Id,
    /** Present when this change creates the ticket: the provisional number the server replaces. */
    created: z.object({ provisionalNumber: z.string().max(40), createdAt: Instant }).strict().optional(),
    fields: z.partialRecord(SyncedField, FieldValue)
  })
  .strict()
export type TicketChange = z.infer<typeof TicketChange>

export const PersonChange = z.object({ id: Id, fields: z.partialRecord(z.enum(personFields), z.union([z.string().max(4_000), z.boolean(), z.null(), z.array(z.string().max(320)).max(10)])) }).strict()
export type PersonChange = z.infer<typeof PersonChange>

/** One local change as the outbox recorded it: the fields it set and the events it appended, per ticket, all or nothing. */
export const MutationFields = z
  .object({
    /** The client's outbox sequence: strictly increasing per client, so the server can skip what it has seen. */
    seq: z.number().int().positive(),
    mutationId: Id,
    kind: z.string().min(1).max(60),
    hlc: Hlc,
    tickets: z.array(TicketChange).max(5),
    events: z.array(SyncEvent).max(50),
    people: z.array(Person).max(5),
    /** Edits of requesters' details, merged field by field on the server by this change's stamp. */
    personChanges: z.array(PersonChange).max(5).optional()
  })
  .strict()
export const Mutation = MutationFields.refine((m) => m.tickets.length + (m.personChanges?.length ?? 0) > 0, { error: 'A change touches a ticket or a requester.' })
export type Mutation = z.infer<typeof Mutation>

/** What the server reads first: each change is then read on its own, so one it cannot read is refused alone. */
export const PushEnvelope = z.object({ clientId: Id, mutations: z.array(z.unknown()).min(1).max(500) }).strict()

export const PushResult = z.object({
  seq: z.number().int(),
  status: z.enum(['applied', 'duplicate', 'refused']),
  code: z.enum(errorCodes).optional(),
  reason: z.string().optional(),
  /** Fields whose newer value from someone else was kept instead of this one, and whose it was. */
  superseded: z.array(z.object({ ticketId: Id, field: SyncedField, by: z.string().nullable() })).optional()
})
export const PushResponse = z.object({ results: z.array(PushResult), lastApplied: z.number().int().nonnegative() })
export type PushResponse = z.infer<typeof PushResponse>

export const ServerTicket = z.object({
  id: Id,
  number: z.string(),
  createdAt: Instant,
  fields: z.partialRecord(SyncedField, FieldValue),
  clocks: z.partialRecord(SyncedField, Hlc)
})
export type ServerTicket = z.infer<typeof ServerTicket>

export const PullResponse = z.object({
  cursor: z.number().int().nonnegative(),
  more: z.boolean(),
  /** Every account, as the technicians tickets can be assigned to. */
  agents: z.array(z.object({ id: Id, name: z.string(), email: z.string() })),
  people: z.array(Person),
  tickets: z.array(ServerTicket),
  events: z.array(SyncEvent)
})
export type PullResponse = z.infer<typeof PullResponse>
/** A pull page read row by row: the envelope must be right, each row is judged on its own. */
export const PullPage = PullResponse.extend({ agents: z.array(z.unknown()), people: z.array(z.unknown()), tickets: z.array(z.unknown()), events: z.array(z.unknown()) })
export type PullPage = z.infer<typeof PullPage>

export const SignIn = z
  .object({
    email: z.email({ error: 'Not an email address.' }).max(320),
    password: z.string().min(1, { error: 'Required.' }).max(200),
    deviceName: z.string().trim().min(1).max(100),
    /** The person's own password, when an admin set the one they sign in with (for that one sign-in). */
    newPassword: z.string().min(12, { error: 'At least 12 characters.' }).max(200).optional()
  })
  .strict()
export const Account = z.object({ id: Id, email: z.string(), name: z.string(), role: Role })
export type Account = z.infer<typeof Account>
export const SignedIn = z.object({ token: z.string(), deviceId: Id, account: Account })
export type SignedIn = z.infer<typeof SignedIn>

export const NewAccount = z
  .object({
    email: z.email({ error: 'Not an email address.' }).max(320),
    name: z.string().trim().min(1).max(200),
    role: Role,
    password: z.string().min(12, { error: 'At least 12 characters.' }).max(200),
    groups: z.array(Id).max(100).optional()
  })
  .strict()

/** What the console shows about sync: where, who, how far, and what the server refused. */
export const SyncStatus = z.object({
  state: z.enum(['local', 'online', 'offline', 'syncing']),
  serverUrl: z.string().nullable(),
  account: Account.nullable(),
  pending: z.number().int().nonnegative(),
  lastSyncedAt: Instant.nullable(),
  /** While a long pull runs: rows applied so far. */
  progress: z.object({ done: z.number().int(), more: z.boolean() }).nullable(),
  lastError: z.string().nullable(),
  refused: z.array(
    z.object({
      mutationId: Id,
      kind: z.string(),
      code: z.string(),
      reason: z.string(),
      createdAt: Instant,
      /** The ticket it was for, by its number now, and what it would have changed, in words. */
      ticketId: Id.nullable(),
      ticketNumber: z.string().nullable(),
      change: z.string()
    })
  ),
  /** Rows from the server this desk could not apply, set aside so the rest of its sync goes on. */
  quarantined: z.number().int().nonnegative(),
  /** Where this machine keeps the device token, in words. */
  tokenKeptIn: z.string(),
  /** The version of the team directory this desk holds (0 before it has one): the console reads the directory again when it moves. */
  teamVersion: z.number().int().nonnegative()
})
export type SyncStatus = z.infer<typeof SyncStatus>

/**
 * How many days of closed tickets a desk keeps: closed ones untouched for longer stay on the desk server
 * and are fetched when opened or searched for. 0 keeps everything; under a week would empty the desk of
 * what a technician was just working on.
 */
export const PullWindow = z
  .number({ error: 'A number of days.' })
  .int({ error: 'Whole days.' })
  .refine((days) => days === 0 || (days >= 7 && days <= 3650), { error: 'Keep 0 (every ticket) or 7 to 3,650 days.' })
export const defaultPullWindow = 90

/**
 * Rows a desk asks for in one pull page. A first sync of 110,000 tickets is about 220 pages. At the server's
 * largest, 5,000, it was no faster (the server's work overlaps the writing) but the page in flight (its JSON,
 * rows and garbage) lifted peak memory by 230 MB, not 106. The server prepares first-sync pages of this size.
 */
export const pullPageSize = 2000
