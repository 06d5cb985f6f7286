import type { Pool } from 'pg'
import { Sha256 } from '../shared/file-ref'
import { Id, PersonEdit, type TicketStatus } from '../shared/domain'
import type { ErrorCode } from '../shared/errors'
import { clockSkewMs as skewMs, parseHlc } from '../shared/hlc'
import { eventProblem, fieldProblem, hasControls } from '../shared/ticket-fields'
import type { Mutation, Role, SyncedField } from '../shared/sync'
import { transitions } from '../shared/workflow'

const elevated: readonly Role[] = ['specialist', 'supervisor', 'admin']
const leads: readonly Role[] = ['supervisor', 'admin']

export type Verdict = { ok: true } | { ok: false; code: ErrorCode; reason: string }

/** What the server holds that a batch of changes refers to; kept up to date as the batch's changes pass. */
export interface ChangeContext {
  tickets: Map<string, { status: TicketStatus | null; fields: Record<string, unknown>; createdAt: number }>
  people: Set<string>
  accounts: Set<string>
  /** The files the batch's entries attach that the server holds, with their sizes. */
  files: Map<string, number>
}

/**
 * Reads, in one round trip, where this client's sequence stands and the tickets, people and accounts
 * a batch names (a push is answered faster than three or four queries would allow).
 */
export async function loadContext(pool: Pool, clientId: string, mutations: Mutation[]): Promise<ChangeContext & { seen: number }> {
  const ticketIds = new Set<string>()
  const peopleIds = new Set<string>()
  const accountIds = new Set<string>()
  const hashes = new Set<string>()
  for (const m of mutations) {
    for (const t of m.tickets) {
      ticketIds.add(t.id)
      if (typeof t.fields.merged_into === 'string') ticketIds.add(t.fields.merged_into)
      if (typeof t.fields.requester_id === 'string') peopleIds.add(t.fields.requester_id)
      if (typeof t.fields.assignee_id === 'string') accountIds.add(t.fields.assignee_id)
    }
    for (const e of m.events) {
      const other = otherTicket(e.data)
      if (other) ticketIds.add(other)
      for (const file of attached(e.data)) hashes.add(file.sha256)
    }
    for (const p of m.personChanges ?? []) peopleIds.add(p.id)
  }
  const uuids = (ids: Set<string>) => [...ids].filter((id) => Id.safeParse(id).success)
  const { rows } = await pool.query<{
    seen: string | null
    tickets: Array<{ id: string; fields: Record<string, unknown>; created_at: string }>
    people: string[]
    accounts: string[]
    files: Record<string, number>
  }>({
    name: 'push_context',
    text: `SELECT
      (SELECT last_seq FROM sync_clients WHERE client_id = $1) AS seen,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'fields', fields, 'created_at', created_at)), '[]') FROM tickets WHERE id = ANY ($2::uuid[])) AS tickets,
      (SELECT coalesce(json_agg(id), '[]') FROM people WHERE id = ANY ($3::uuid[])) AS people,
      (SELECT coalesce(json_agg(id), '[]') FROM accounts WHERE id = ANY ($4::uuid[])) AS accounts,
      (SELECT coalesce(json_object_agg(sha256, size), '{}') FROM files WHERE sha256 = ANY ($5::text[])) AS files`,
    values: [clientId, uuids(ticketIds), uuids(peopleIds), uuids(accountIds), [...hashes].filter((h) => Sha256.safeParse(h).success)]
  })
  const row = rows[0]!
  return {
    seen: Number(row.seen ?? 0),
    tickets: new Map(row.tickets.map((r) => [r.id, { status: (r.fields.status as TicketStatus | undefined) ?? null, fields: r.fields, createdAt: Date.parse(r.created_at) }])),
    people: new Set(row.people),
    accounts: new Set(row.accounts),
    files: new Map(Object.entries(row.files))
  }
}

/** The files an entry attaches, as it names them (checked against the schema later). */
function attached(data: string): Array<{ sha256: string; size: unknown }> {
  try {
    const parsed = JSON.parse(data) as { attachments?: unknown }
    return Array.isArray(parsed.attachments) ? parsed.attachments.filter((a): a is { sha256: string; size: unknown } => typeof (a as { sha256?: unknown } | null)?.sha256 === 'string') : []
  } catch {
    return []
  }
}

function otherTicket(data: string): string | null {
  try {
    const parsed = JSON.parse(data) as { other?: { id?: unknown } }
    return typeof parsed.other?.id === 'string' ? parsed.other.id : null
  } catch {
    return null
  }
}

const refuse = (code: ErrorCode, reason: string): Verdict => ({ ok: false, code, reason })
const fieldsOnAClosedTicket: readonly SyncedField[] = ['satisfaction_score', 'satisfaction_comment', 'updated_at']
const closedTicket = 'The ticket was closed on the desk server before this change arrived; closed tickets take only the requester’s satisfaction.'

/**
 * Decides one change on what it does, never on what it says it is: the same field and event rules
 * the desk writes by, the workflow's transitions, the role the content needs, and clocks that do not
 * run ahead. Pure but for the context; on success the context takes the change, so the next change
 * in the batch is judged against it.
 */
export function checkChange(m: Mutation, role: Role, context: ChangeContext, now: number): Verdict {
  const stamp = parseHlc(m.hlc)
  if (stamp.wall > now + skewMs) return refuse('INVALID_INPUT', `Stamped ${Math.round((stamp.wall - now) / 60_000)} minutes ahead of the desk server's clock; set this computer's clock right, then Retry.`)
  // Their shape was read with the change; what the desk itself would not write is refused here.
  for (const person of m.people) {
    if (hasControls(person) || person.name.trim() === '' || person.name.length > 200) return refuse('INVALID_INPUT', 'A new requester in this change is not valid (name, email or phone).')
  }
  const newPeople = new Set(m.people.map((p) => p.id))
  // A requester's details, checked as the desk's form checks them: the same schema, field by field.
  for (const p of m.personChanges ?? []) {
    if (!context.people.has(p.id) && !newPeople.has(p.id)) return refuse('NOT_FOUND', 'The desk server does not know this requester.')
    const edit = PersonEdit.safeParse(p.fields)
    if (!edit.success || hasControls(p.fields)) {
      const issue = edit.success ? null : edit.error.issues[0]
      return refuse('INVALID_INPUT', `The requester's ${issue?.path.join('.') || 'details'} ${issue ? `are not valid (${issue.message.replace(/\.$/, '')})` : 'contain control characters'}.`)
    }
  }
  const touched = new Set(m.tickets.map((t) => t.id))

  for (const t of m.tickets) {
    const current = context.tickets.get(t.id)
    const creating = !current
    if (creating && !t.created) return refuse('NOT_FOUND', 'The desk server does not know this ticket (it may exist only on that machine, like the sample desk).')
    const problem = fieldProblem(t.fields, creating)
    if (problem) return refuse('INVALID_INPUT', problem)
    const fields = t.fields

    if (typeof fields.requester_id === 'string' && !context.people.has(fields.requester_id) && !newPeople.has(fields.requester_id)) return refuse('INVALID_INPUT', 'The requester is not known to the desk server.')
    if (typeof fields.assignee_id === 'string' && !context.accounts.has(fields.assignee_id)) return refuse('INVALID_INPUT', 'The assignee is not a technician of this desk server.')
    if (typeof fields.merged_into === 'string' && (fields.merged_into === t.id || !context.tickets.has(fields.merged_into))) return refuse('INVALID_INPUT', 'A ticket can only be merged into another ticket the desk server knows.')

    // What the content needs, whatever the change calls itself.
    if (!elevated.includes(role)) {
      if (fields.priority_overridden === 1) return refuse('FORBIDDEN', `An ${role} cannot override a ticket's priority.`)
      if (typeof fields.merged_into === 'string') return refuse('FORBIDDEN', `An ${role} cannot merge tickets.`)
    }

    const from = current?.status ?? null
    if (from === 'closed') {
      const extra = Object.keys(fields).filter((f) => !fieldsOnAClosedTicket.includes(f as SyncedField))
      if (extra.length) return refuse('CONFLICT', closedTicket)
    }
    // A change's approval is a supervisor's to give or refuse; work on a normal or emergency change starts only once it is given.
    if ((fields.approval === 'approved' || fields.approval === 'rejected') && !leads.includes(role)) return refuse('FORBIDDEN', `An ${role} cannot approve or refuse changes.`)
    const to = fields.status as TicketStatus | undefined
    const merged = { ...(current?.fields ?? {}), ...fields }
    if (to === 'in_progress' && merged.type === 'change' && merged.change_type !== 'standard' && merged.approval !== 'approved') {
      return refuse('CONFLICT', 'This change is not approved: a supervisor approves it before work starts.')
    }
    if (creating && to !== 'new') return refuse('ILLEGAL_TRANSITION', 'A new ticket starts as new.')
    if (!creating && to !== undefined && from !== null && to !== from && !transitions[from].includes(to)) {
      return refuse('ILLEGAL_TRANSITION', `A ticket cannot go from ${from.replace('_', ' ')} to ${to.replace('_', ' ')}.`)
    }
  }

  for (const e of m.events) {
    if (!touched.has(e.ticketId)) return refuse('INVALID_INPUT', 'An event belongs to a ticket this change does not touch.')
    const problem = eventProblem(e)
    if (problem) return refuse('INVALID_INPUT', problem)
    // Mail in and out is the server's to record: a desk cannot say the requester wrote something, or that a message went.
    if (e.kind === 'email' || e.kind === 'delivery') return refuse('FORBIDDEN', 'Email entries are written by the desk server’s mailbox, not by a desk.')
    // Done at any time since the ticket began (a desk may have been offline for days), never before it.
    const created = context.tickets.get(e.ticketId)?.createdAt ?? Date.parse(m.tickets.find((t) => t.id === e.ticketId)?.created?.createdAt ?? '')
    if (Date.parse(e.at) < created - skewMs) return refuse('INVALID_INPUT', `The ${e.kind} event is dated before its ticket was logged.`)
    const data = JSON.parse(e.data) as Record<string, unknown>
    if (e.kind === 'approval' && !leads.includes(role)) return refuse('FORBIDDEN', `An ${role} cannot approve or refuse changes.`)
    if (!elevated.includes(role) && (e.kind === 'merge' || (e.kind === 'priority' && data.override === true))) {
      return refuse('FORBIDDEN', `An ${role} cannot ${e.kind === 'merge' ? 'merge tickets' : "override a ticket's priority"}.`)
    }
    // A file it attaches is one the server holds, as big as it says: uploaded first, by its hash.
    for (const file of attached(e.data)) {
      if (context.files.get(file.sha256) !== file.size) return refuse('INVALID_INPUT', 'A file attached to this entry is not on the desk server (not uploaded, or over the team’s size limit).')
    }
    const other = otherTicket(e.data)
    if ((e.kind === 'link' || e.kind === 'merge') && other && !context.tickets.has(other) && !touched.has(other)) return refuse('INVALID_INPUT', `The ${e.kind} names a ticket the desk server does not know.`)
    if (context.tickets.get(e.ticketId)?.status === 'closed') {
      const lateEnd = e.kind === 'remote' && data.phase === 'ended'
      if (e.kind !== 'satisfaction' && !lateEnd) return refuse('CONFLICT', closedTicket)
    }
  }

  // Passed: later changes in the batch see this one.
  for (const p of m.people) context.people.add(p.id)
  for (const t of m.tickets) {
    const current = context.tickets.get(t.id)
    const fields = { ...(current?.fields ?? {}), ...t.fields }
    context.tickets.set(t.id, { status: (fields.status as TicketStatus | undefined) ?? null, fields, createdAt: current?.createdAt ?? Date.parse(t.created?.createdAt ?? '') })
  }
  return { ok: true }
}
