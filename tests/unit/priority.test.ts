import { describe, expect, it } from 'vitest'
import { priorityOf } from '../../src/shared/priority'

describe('priority from impact × urgency', () => {
  it.each([
    ['high', 'high', 'P1'],
    ['high', 'medium', 'P2'],
    ['high', 'low', 'P3'],
    ['medium', 'high', 'P2'],
    ['medium', 'medium', 'P3'],
    ['medium', 'low', 'P4'],
    ['low', 'high', 'P3'],
    ['low', 'medium', 'P4'],
    ['low', 'low', 'P4']
  ] as const)('impact %s, urgency %s → %s', (impact, urgency, priority) => {
    expect(priorityOf(impact, urgency)).toBe(priority)
  })
})
