import { describe, expect, it } from 'vitest'
import { eventProblem, fieldProblem } from '../../src/shared/ticket-fields'
import type { SyncEvent } from '../../src/shared/sync'
import { testIso } from '../support/test-clock'

const note = (data: string, body: string | null = null): SyncEvent => ({
  id: '0190a8a0-0000-7000-8000-000000000001',
  ticketId: '0190a8a0-0000-7000-8000-000000000002',
  at: testIso('2026-11-23T09:05:00+01:00'),
  authorId: null,
  kind: 'note',
  data,
  body
})

describe('a timeline event pulled or pushed', () => {
  it('is refused for a control character however its JSON carries it', () => {
    const refused = 'The note event contains control characters.'
    // Escaped as JSON.stringify writes them, in any case, in a value or a key; and U+007F, which JSON leaves raw.
    for (const text of ['a\u0001b', 'a\bb', 'a\fb', 'bell\u0007', 'del\u007f', 'esc\u001b[0m'])
      expect(eventProblem(note(JSON.stringify({ body: text })))).toBe(refused)
    expect(eventProblem(note('{"body":"\\u001F"}'))).toBe(refused)
    expect(eventProblem(note('{"body":"x","\\u0002":"y"}'))).toBe(refused)
    expect(eventProblem(note(JSON.stringify({ body: 'x' }), 'line\u0000'))).toBe(refused)
  })

  it('is kept with text that only looks like an escape, and with tabs and line breaks', () => {
    // A technician's note about a Windows path or a Java string: a backslash before b, f or u is text here.
    for (const text of ['C:\\build\\fonts', 'print("\\u0001")', 'tabs\tand\nlines\r\n', 'plain'])
      expect(eventProblem(note(JSON.stringify({ body: text }), text))).toBeNull()
  })

  it('says what is wrong with data that is not the kind’s own', () => {
    expect(eventProblem(note('not json'))).toBe("The note event's data is not JSON.")
    expect(eventProblem(note('[1]'))).toBe("The note event's data is not an object.")
    expect(eventProblem({ ...note('{}'), kind: 'haunting' })).toBe('haunting is not a kind of timeline event.')
  })
})

describe('a ticket’s fields pulled or pushed', () => {
  const whole = {
    type: 'incident',
    status: 'new',
    channel: 'phone',
    subject: 'Printer on floor 3 prints blank pages',
    requester_id: '0190a8a0-0000-7000-8000-000000000003',
    impact: 'low',
    urgency: 'medium',
    priority: 'P4',
    updated_at: testIso('2026-11-23T09:05:00+01:00')
  }

  it('are accepted whole, and a change of some of them alone', () => {
    expect(fieldProblem(whole, true)).toBeNull()
    expect(fieldProblem({ status: 'in_progress' }, false)).toBeNull()
  })

  it('name the first wrong one as they came, an unknown name or a bad value', () => {
    expect(fieldProblem({ ...whole, subject: '   ' }, true)).toBe('subject: Required.')
    expect(fieldProblem({ status: 'haunted', subject: 'a\u0007' }, false)).toMatch(/^status: /)
    expect(fieldProblem({ subject: 'a\u0007', status: 'haunted' }, false)).toBe('subject: Contains control characters.')
    expect(fieldProblem({ colour: 'red' } as never, false)).toBe('colour is not a ticket field.')
    // A name every object answers to is still not a field.
    expect(fieldProblem(JSON.parse('{"toString":"x"}') as never, false)).toBe('toString is not a ticket field.')
    expect(fieldProblem(JSON.parse('{"__proto__":"x"}') as never, false)).toBe('__proto__ is not a ticket field.')
  })

  it('of a new ticket must include what a desk cannot show it without', () => {
    expect(fieldProblem({ subject: 'Only a subject' }, true)).toBe('A new ticket needs type, status, channel, requester_id, impact, urgency, priority, updated_at.')
  })
})
