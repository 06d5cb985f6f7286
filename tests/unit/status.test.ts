import { describe, expect, it } from 'vitest'
import { checkTransition, reopenWindowDays, transitions } from '../../src/main/core/rules/status'
import { TicketStatus } from '../../src/shared/domain'

const now = new Date('2026-11-23T10:00:00Z')

// Written out by hand, not derived from the table the code reads (shared/workflow.ts), so a changed
// transition fails here. Rows are from, columns to; Y allowed, . refused.
const columns = ['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed'] as const
const matrix: Record<(typeof columns)[number], string> = {
  //           new assigned in_progress pending resolved closed
  new: '        .     Y          Y         Y       Y       .',
  assigned: '   .     .          Y         Y       Y       .',
  in_progress: '.     Y          .         Y       Y       .',
  pending: '    .     Y          Y         .       Y       .',
  resolved: '   .     .          Y         .       .       Y',
  closed: '     .     .          .         .       .       .'
}
const pairs = columns.flatMap((from) => {
  const marks = matrix[from].trim().split(/\s+/)
  return columns.map((to, i) => ({ from, to, allowed: marks[i] === 'Y' }))
})

describe('the ticket status machine', () => {
  it('the matrix covers every status, both ways', () => {
    expect([...columns].sort()).toEqual([...TicketStatus.options].sort())
    expect(pairs).toHaveLength(36)
    expect(pairs.filter((p) => p.allowed)).toHaveLength(15)
  })

  it.each(pairs.filter((p) => p.allowed))('allows $from → $to', ({ from, to }) => {
    expect(() => checkTransition(from, to, now.toISOString(), now)).not.toThrow()
  })

  it.each(pairs.filter((p) => !p.allowed))('refuses $from → $to, naming what is allowed', ({ from, to }) => {
    const allowedFrom = pairs.filter((p) => p.from === from && p.allowed).map((p) => p.to)
    expect(() => checkTransition(from, to, null, now)).toThrow(
      expect.objectContaining({
        code: 'ILLEGAL_TRANSITION',
        message: allowedFrom.length ? expect.stringContaining(`it can go to: ${allowedFrom.join(', ')}.`) : expect.stringContaining('cannot change status')
      })
    )
  })

  it('the table the console reads says the same', () => {
    for (const from of columns) expect(transitions[from], from).toEqual(pairs.filter((p) => p.from === from && p.allowed).map((p) => p.to))
  })

  it('says where a new ticket can go', () => {
    expect(() => checkTransition('new', 'closed', null, now)).toThrow(
      'A ticket cannot go from new to closed. From new it can go to: assigned, in_progress, pending, resolved.'
    )
  })

  it(`reopens a resolved ticket within ${reopenWindowDays} days, not after`, () => {
    const recently = new Date(now.getTime() - (reopenWindowDays - 1) * 86_400_000).toISOString()
    const longAgo = new Date(now.getTime() - (reopenWindowDays + 1) * 86_400_000).toISOString()
    expect(() => checkTransition('resolved', 'in_progress', recently, now)).not.toThrow()
    expect(() => checkTransition('resolved', 'in_progress', longAgo, now)).toThrow(/can no longer be reopened/)
  })
})
