import { v7 as uuidv7 } from 'uuid'
import type { Mutation } from '../../src/shared/sync'

/** Shared by the sync benchmarks: a desk's clock stamp, and one new ticket as a desk pushes it. */
export const stamp = (ms: number, node: string) => `${String(ms).padStart(13, '0')}-0000-${node}`

export function creation(seq: number, node: string, subject = `Bench ticket ${seq}`): Mutation {
  const ticketId = uuidv7()
  const personId = uuidv7()
  const at = new Date().toISOString()
  return {
    seq,
    mutationId: uuidv7(),
    kind: 'ticket.create',
    hlc: stamp(Date.now(), node),
    tickets: [
      {
        id: ticketId,
        created: { provisionalNumber: 'INC-~0000', createdAt: at },
        fields: { type: 'incident', status: 'new', channel: 'phone', subject, description: 'Printer on 3F prints blank pages.', requester_id: personId, impact: 'low', urgency: 'medium', priority: 'P4', updated_at: at }
      }
    ],
    events: [{ id: uuidv7(), ticketId, at, authorId: null, kind: 'created', data: '{"channel":"phone"}', body: null }],
    people: [{ id: personId, name: `Caller ${seq}`, email: null, phone: null, department: null, location: null, vip: false }]
  }
}
