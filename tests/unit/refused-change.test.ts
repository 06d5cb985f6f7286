import { describe, expect, it } from 'vitest'
import { describeRefused } from '../../src/main/core/store/refused-change'

const event = (kind: string, data: object, body: string | null = null) => ({
  id: '0190a0a0-0000-7000-8000-000000000001',
  ticketId: 't1',
  at: '2026-11-23T10:00:00.000Z',
  authorId: null,
  kind,
  data: JSON.stringify(data),
  body
})

describe('a refused change in words', () => {
  it('quotes the reply that would be lost, on the ticket it was for', () => {
    const payload = { tickets: [{ id: 't1', fields: { updated_at: 'x' } }], events: [event('reply', { body: 'Hi Aisha,\n\nyour laptop is ready.' })] }
    expect(describeRefused(JSON.stringify(payload))).toEqual({ ticketId: 't1', change: 'Reply: Hi Aisha, your laptop is ready.' })
  })

  it('names a new ticket by its subject, without its opening status', () => {
    const payload = {
      tickets: [{ id: 't1', created: { provisionalNumber: 'INC-~ab12', createdAt: 'x' }, fields: { subject: 'VPN drops', status: 'new' } }],
      events: [event('created', { channel: 'phone' }), event('status', { from: null, to: 'new' })]
    }
    expect(describeRefused(JSON.stringify(payload)).change).toBe('New ticket “VPN drops”')
  })

  it('says a status change once, and the fields an edit set', () => {
    const payload = {
      tickets: [{ id: 't1', fields: { status: 'resolved', subject: 'Printer jam on 3rd floor' } }],
      events: [event('status', { from: 'in_progress', to: 'resolved' })]
    }
    expect(describeRefused(JSON.stringify(payload)).change).toBe('status → resolved; subject → Printer jam on 3rd floor')
  })

  it('cuts a long text short, and survives a payload it cannot read', () => {
    const payload = { tickets: [], events: [event('note', { body: 'x'.repeat(500) })] }
    expect(describeRefused(JSON.stringify(payload)).change).toHaveLength(240)
    expect(describeRefused('{not json')).toEqual({ ticketId: null, change: '' })
  })
})
