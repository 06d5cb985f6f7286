import type { Ticket, TicketStatus } from '../../../shared/domain'
import type { BusinessCalendar } from '../rules/business-calendar'
import { slaClock, type StatusChange } from '../rules/sla'
import type { SlaPolicy } from './directory'

/** What the SLA clocks need of a ticket. */
export interface SlaFacts {
  priority: Ticket['priority']
  /** Group and type pick the team's exception, if one applies. */
  group_id: string | null
  type: string
  created_at: string
  first_responded_at: string | null
  resolved_at: string | null
  status: TicketStatus
}

/** Both clocks of one ticket, from its status history, at `now`. */
export function ticketSla(
  facts: SlaFacts,
  history: readonly StatusChange[],
  calendar: BusinessCalendar,
  policy: SlaPolicy,
  now: Date
): Ticket['sla'] {
  const resolved = facts.status === 'resolved' || facts.status === 'closed' ? facts.resolved_at ?? facts.created_at : null
  return {
    // The first response clock does not pause: the desk owes the requester an answer either way.
    firstResponse: slaClock({
      calendar,
      targetMinutes: policy.firstResponseMinutes,
      startAt: facts.created_at,
      history,
      stoppedAt: facts.first_responded_at ?? resolved,
      pauses: false,
      now
    }),
    resolution: slaClock({
      calendar,
      targetMinutes: policy.resolutionMinutes,
      startAt: facts.created_at,
      history,
      stoppedAt: resolved,
      pauses: true,
      now
    })
  }
}
