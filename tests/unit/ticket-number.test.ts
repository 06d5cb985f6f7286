import { describe, expect, it } from 'vitest'
import { isProvisional, provisionalNumber } from '../../src/main/core/rules/ticket-number'

describe('provisional ticket numbers', () => {
  it.each([
    ['incident', 'INC-~a1b2'],
    ['service_request', 'REQ-~a1b2'],
    ['problem', 'PRB-~a1b2'],
    ['change', 'CHG-~a1b2']
  ] as const)('a new %s is numbered %s until the server numbers it', (type, expected) => {
    expect(provisionalNumber(type, '0190a2b4-1111-7000-8000-00000000a1b2')).toBe(expected)
    expect(isProvisional(expected)).toBe(true)
  })

  it('tells a server number from a provisional one', () => {
    expect(isProvisional('INC-1042')).toBe(false)
  })
})
