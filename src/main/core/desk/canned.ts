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

/**
 * One pass over the template: values are inserted as plain text and never re-scanned, so a subject
 * containing "{agent.name}" stays literal. Unknown placeholders are left for the technician to see.
 */
export function renderCanned(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-zA-Z]+\.[a-zA-Z]+)\}/g, (match, key: string) => (Object.hasOwn(values, key) ? values[key]! : match))
}
