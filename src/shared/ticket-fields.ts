import { z } from 'zod'
import { Approval, ChangeType, Channel, EventData, Id, Impact, Instant, PendingReason, Priority, ResolutionCode, TicketStatus, TicketType, Urgency } from './domain'
import type { SyncedField, SyncEvent } from './sync'

/**
 * What each synced ticket column may hold, on every side of sync: the desk server checks pushed
 * changes with it, and a desk checks what it pulls. Text never carries control characters (a NUL is
 * refused by PostgreSQL and breaks a push; the others are never typed by a person).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
// How one reaches JSON text: raw, or escaped (\b, \f, \u0000-\u001f, \u007f). A text without any of these parses to
// a value without control characters, so only a text with one (or with an escaped backslash before b, f or u) is walked.
// eslint-disable-next-line no-control-regex -- as above
const controlInJson = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\\[bf]|\\u00(?:[01][0-9a-f]|7f)/i
export const plainText = (max: number) =>
  z
    .string()
    .max(max, { error: `At most ${max.toLocaleString('en')} characters.` })
    .refine((s) => !controls.test(s), { error: 'Contains control characters.' })
const required = (max: number) => plainText(max).refine((s) => s.trim().length > 0, { error: 'Required.' })
/** A required one-line setting (a name, a host, a DN): trimmed, no control characters or line breaks. */
export const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'Required.' })
    .max(max, { error: `At most ${max} characters.` })
    .refine((s) => !hasControls(s) && !/[\n\r\t]/.test(s), { error: 'No control characters or line breaks.' })

export const ticketFieldSchemas: Record<SyncedField, z.ZodType> = {
  type: TicketType,
  status: TicketStatus,
  channel: Channel,
  subject: required(300),
  description: plainText(20_000),
  category: plainText(100).nullable(),
  requester_id: Id,
  impact: Impact,
  urgency: Urgency,
  priority: Priority,
  priority_overridden: z.union([z.literal(0), z.literal(1)]),
  group_id: Id.nullable(),
  assignee_id: Id.nullable(),
  pending_reason: PendingReason.nullable(),
  resolution_code: ResolutionCode.nullable(),
  resolution_notes: plainText(20_000).nullable(),
  first_responded_at: Instant.nullable(),
  resolved_at: Instant.nullable(),
  closed_at: Instant.nullable(),
  follow_up_at: Instant.nullable(),
  satisfaction_score: z.number().int().min(1).max(5).nullable(),
  satisfaction_comment: plainText(2_000).nullable(),
  merged_into: Id.nullable(),
  updated_at: Instant,
  root_cause: plainText(10_000).nullable(),
  workaround: plainText(10_000).nullable(),
  known_error: z.union([z.literal(0), z.literal(1)]).nullable(),
  change_type: ChangeType.nullable(),
  risk: Impact.nullable(),
  planned_start: Instant.nullable(),
  planned_end: Instant.nullable(),
  backout_plan: plainText(10_000).nullable(),
  approval: Approval.nullable()
}

/** A new ticket arrives whole: every column a desk cannot show a ticket without (the others have defaults). */
export const requiredOnCreate: readonly SyncedField[] = ['type', 'status', 'channel', 'subject', 'requester_id', 'impact', 'urgency', 'priority', 'updated_at']

// Every field at once: one object check (compiled once by zod) costs a first sync a fraction of a check per field.
const TicketFields = z.object(ticketFieldSchemas).partial().strict()

/** The first problem with a set of ticket fields, in words, or null when every one is as the desk writes it. */
export function fieldProblem(fields: Partial<Record<SyncedField, unknown>>, creating: boolean): string | null {
  const checked = TicketFields.safeParse(fields)
  if (!checked.success) {
    // Named as the fields came: the first of them that is wrong, an unknown name or a value.
    for (const [name, value] of Object.entries(fields)) {
      // Own names only: 'toString' is not a field for having a value on every object.
      const schema = Object.hasOwn(ticketFieldSchemas, name) ? ticketFieldSchemas[name as SyncedField] : undefined
      if (!schema) return `${name} is not a ticket field.`
      const parsed = schema.safeParse(value)
      if (!parsed.success) return `${name}: ${parsed.error.issues[0]?.message ?? 'not valid'}`
    }
    const issue = checked.error.issues[0]
    return `${issue?.path.join('.') || 'fields'}: ${issue?.message ?? 'not valid'}`
  }
  if (creating) {
    const missing = requiredOnCreate.filter((name) => fields[name] === undefined || fields[name] === null)
    if (missing.length) return `A new ticket needs ${missing.join(', ')}.`
  }
  return null
}

/** The first problem with a timeline event as it travels (its data a JSON text of the kind's own shape), or null. */
export function eventProblem(event: SyncEvent): string | null {
  let data: unknown
  try {
    data = JSON.parse(event.data)
  } catch {
    return `The ${event.kind} event's data is not JSON.`
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return `The ${event.kind} event's data is not an object.`
  const parsed = EventData.safeParse({ ...data, kind: event.kind })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return issue?.code === 'invalid_union' && !EventData.options.some((o) => o.shape.kind.value === event.kind)
      ? `${event.kind.slice(0, 40)} is not a kind of timeline event.`
      : `The ${event.kind} event is not valid (${issue?.path.join('.') || 'data'}: ${issue?.message ?? 'not valid'}).`
  }
  if ((controlInJson.test(event.data) && hasControls(data)) || (event.body !== null && controls.test(event.body))) return `The ${event.kind} event contains control characters.`
  return null
}

/** True when any text anywhere in a parsed JSON value holds a control character. */
export function hasControls(value: unknown): boolean {
  if (typeof value === 'string') return controls.test(value)
  if (Array.isArray(value)) return value.some(hasControls)
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => controls.test(k) || hasControls(v))
  return false
}
