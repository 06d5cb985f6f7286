import type { TicketStatus } from '../../../shared/domain'
import { transitions } from '../../../shared/workflow'
import { DeskError } from '../../../shared/errors'

export { transitions }

export const reopenWindowDays = 14

export const openStatuses: readonly TicketStatus[] = ['new', 'assigned', 'in_progress', 'pending']

export function isOpen(status: TicketStatus): boolean {
  return openStatuses.includes(status)
}

/** Throws ILLEGAL_TRANSITION naming what is allowed from here. */
export function checkTransition(from: TicketStatus, to: TicketStatus, resolvedAt: string | null, now: Date): void {
  const allowed = transitions[from]
  if (!allowed.includes(to)) {
    const next = allowed.length ? `From ${from} it can go to: ${allowed.join(', ')}.` : `A ${from} ticket cannot change status.`
    throw new DeskError('ILLEGAL_TRANSITION', `A ticket cannot go from ${from} to ${to}. ${next}`)
  }
  if (from === 'resolved' && to === 'in_progress' && resolvedAt) {
    const limit = Date.parse(resolvedAt) + reopenWindowDays * 86_400_000
    if (now.getTime() > limit) {
      throw new DeskError(
        'ILLEGAL_TRANSITION',
        `This ticket was resolved more than ${reopenWindowDays} days ago and can no longer be reopened. Open a new ticket and link it.`
      )
    }
  }
}
