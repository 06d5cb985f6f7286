import { describe, expect, it } from 'vitest'
import { checkTransition, reopenWindowDays, transitions } from '../../src/main/core/desk/status'
import { TicketStatus } from '../../src/shared/domain'

const now = new Date('2026-11-23T10:00:00Z')

describe('the ticket status machine', () => {
  const legal = TicketStatus.options.flatMap((from) => transitions[from].map((to) => [from, to] as const))
  const illegal = TicketStatus.options.flatMap((from) =>
    TicketStatus.options.filter((to) => !transitions[from].includes(to)).map((to) => [from, to] as const)
  )

  it.each(legal)('allows %s → %s', (from, to) => {
    expect(() => checkTransition(from, to, now.toISOString(), now)).not.toThrow()
  })

  it.each(illegal)('refuses %s → %s, naming what is allowed', (from, to) => {
    expect(() => checkTransition(from, to, null, now)).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }))
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
