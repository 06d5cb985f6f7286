import type { Mutation } from '../../../shared/sync'

type Payload = Pick<Mutation, 'tickets' | 'events'>

const fieldWords: Record<string, string> = {
  subject: 'subject',
  description: 'description',
  status: 'status',
  priority: 'priority',
  assignee_id: 'assignee',
  group_id: 'group',
  category: 'category',
  impact: 'impact',
  urgency: 'urgency',
  follow_up_at: 'follow-up'
}

const eventWords: Record<string, string> = { reply: 'Reply', note: 'Internal note', resolution: 'Resolution' }

function clip(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/**
 * A refused change in words a technician recognises ("Reply: Hi Aisha, …", "status → resolved"), and the
 * ticket it was for, so the list says what would be lost and where, not just the server's reason.
 */
export function describeRefused(payload: string): { ticketId: string | null; change: string } {
  let parsed: Payload
  try {
    parsed = JSON.parse(payload) as Payload
  } catch {
    return { ticketId: null, change: '' }
  }
  const tickets = parsed.tickets ?? []
  const events = parsed.events ?? []
  const parts: string[] = []
  const created = tickets.find((t) => t.created)
  if (created) parts.push(`New ticket “${String(created.fields.subject ?? '')}”`)
  for (const event of events) {
    let data: Record<string, unknown> = {}
    try {
      data = JSON.parse(event.data) as Record<string, unknown>
    } catch {
      // An unreadable event is still named by its kind.
    }
    const body = typeof data.body === 'string' ? data.body : event.body
    if (event.kind === 'created' || (created && event.kind === 'status' && data.from === null)) continue
    if ('to' in data) parts.push(`${event.kind} → ${String(data.to)}${typeof data.reason === 'string' && data.reason ? ` (“${data.reason}”)` : ''}`)
    else if (body) parts.push(`${eventWords[event.kind] ?? event.kind}: ${body}`)
    else parts.push(event.kind)
  }
  if (!created) {
    for (const ticket of tickets) {
      for (const [field, value] of Object.entries(ticket.fields)) {
        const word = fieldWords[field]
        // A field the events already told (status, priority) is not said twice.
        if (word && !parts.some((p) => p.startsWith(`${word} →`))) parts.push(`${word} → ${value === null ? 'none' : String(value)}`)
      }
    }
  }
  return { ticketId: tickets[0]?.id ?? events[0]?.ticketId ?? null, change: clip(parts.join('; ')) }
}
