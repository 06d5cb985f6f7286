import type {
  Approval,
  ChangeType,
  Channel,
  EventData,
  Impact,
  PendingReason,
  Priority,
  ResolutionCode,
  Tier,
  TicketStatus,
  TicketType,
  Urgency
} from '../../../shared/domain'

/** A tickets row joined with its requester, group and assignee, as the queries select it. */
export interface TicketRow {
  seq: number
  id: string
  number: string
  type: TicketType
  status: TicketStatus
  channel: Channel
  subject: string
  description: string
  category: string | null
  impact: Impact
  urgency: Urgency
  priority: Priority
  priority_overridden: number
  pending_reason: PendingReason | null
  resolution_code: ResolutionCode | null
  resolution_notes: string | null
  first_responded_at: string | null
  resolved_at: string | null
  closed_at: string | null
  follow_up_at: string | null
  satisfaction_score: number | null
  satisfaction_comment: string | null
  merged_into: string | null
  root_cause: string | null
  workaround: string | null
  known_error: number | null
  change_type: ChangeType | null
  risk: Impact | null
  planned_start: string | null
  planned_end: string | null
  backout_plan: string | null
  approval: Approval | null
  sla_due_at: string | null
  created_at: string
  updated_at: string
  requester_id: string
  requester_name: string
  requester_email: string | null
  requester_vip: number
  group_id: string | null
  group_name: string | null
  group_tier: Tier | null
  assignee_id: string | null
  assignee_name: string | null
  unread: number
}

export const ticketColumns = `
  t.seq, t.id, t.number, t.type, t.status, t.channel, t.subject, t.description, t.category,
  t.impact, t.urgency, t.priority, t.priority_overridden, t.pending_reason, t.resolution_code, t.resolution_notes,
  t.first_responded_at, t.resolved_at, t.closed_at, t.follow_up_at, t.satisfaction_score, t.satisfaction_comment,
  t.merged_into, t.sla_due_at, t.created_at, t.updated_at, t.root_cause, t.workaround, t.known_error,
  t.change_type, t.risk, t.planned_start, t.planned_end, t.backout_plan, t.approval,
  p.id AS requester_id, p.name AS requester_name, p.email AS requester_email, p.vip AS requester_vip,
  g.id AS group_id, g.name AS group_name, g.tier AS group_tier,
  a.id AS assignee_id, a.name AS assignee_name,
  (s.seen_at IS NULL OR s.seen_at < t.updated_at) AS unread`

export const ticketJoins = `
  FROM tickets t
  JOIN people p ON p.id = t.requester_id
  LEFT JOIN desk_groups g ON g.id = t.group_id
  LEFT JOIN agents a ON a.id = t.assignee_id
  LEFT JOIN ticket_seen s ON s.ticket_id = t.id`

/** The queue's sort key for "SLA due": tickets whose clock is paused or stopped sort after every due time. */
export const dueKey = "coalesce(t.sla_due_at, '9999')"

export interface EventRow {
  id: string
  ticket_id: string
  at: string
  author_id: string | null
  author_name: string | null
  kind: EventData['kind']
  data: string
}
