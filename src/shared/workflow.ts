import type { TicketStatus } from './domain'

/** Where each status may go next. Reopening (resolved → in progress) is further limited by a window. */
export const transitions: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['assigned', 'in_progress', 'pending', 'resolved'],
  assigned: ['in_progress', 'pending', 'resolved'],
  in_progress: ['assigned', 'pending', 'resolved'],
  pending: ['assigned', 'in_progress', 'resolved'],
  resolved: ['in_progress', 'closed'],
  closed: []
}

