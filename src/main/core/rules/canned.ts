import type { Ticket } from '../../../shared/domain'

/** The placeholders a canned response may use, and where each value comes from. */
export function placeholderValues(ticket: Ticket, agentName: string): Record<string, string> {
  return {
    'requester.firstName': ticket.requester.name.split(/\s+/)[0] ?? ticket.requester.name,
    'requester.name': ticket.requester.name,
    'ticket.number': ticket.number,
    'ticket.subject': ticket.subject,
    'agent.name': agentName
  }
}

/** Canned responses fill their placeholders by the shared rule (shared/templates.ts). */
export { fillTemplate as renderCanned } from '../../../shared/templates'
