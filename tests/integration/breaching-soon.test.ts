import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { queueViews } from '../../src/renderer/src/views'
import { testDesk } from '../support/desk'
import { testIso } from '../support/test-clock'

/** "Breaching soon" exactly as the console asks for it, on the desk's clock. */
const breachingSoon = (now: Date) => queueViews.find((v) => v.key === 'breaching')!.query(null, now.getTime())

describe('Breaching soon', () => {
  let desk: ReturnType<typeof testDesk>
  beforeEach(() => {
    // Monday 14:30 in Berlin: a P1 logged now has 240 business minutes, 3½ hours of them left today.
    desk = testDesk('2026-11-23T14:30:00+01:00')
  })
  afterEach(() => desk.close())

  const log = (subject: string, impact: 'high' | 'medium', urgency: 'high' | 'medium') =>
    desk.call('tickets.create', { subject, channel: 'phone', requester: { name: 'Aisha Khan' }, impact, urgency })

  it('lists a P1 at risk late in the day although its due time is tomorrow morning', async () => {
    const p1 = await log('Payroll server down', 'high', 'high')
    const p3 = await log('New mouse please', 'medium', 'medium')
    desk.at('2026-11-23T17:35')
    const { tickets } = await desk.call('tickets.list', breachingSoon(desk.clock.now))
    const listed = tickets.find((t) => t.id === p1.id)
    // The badge says "at risk" while the due time (08:30 tomorrow) is far more than two hours away.
    expect(listed?.sla.resolution).toMatchObject({ state: 'at_risk', dueAt: testIso('2026-11-24T08:30:00+01:00') })
    expect(tickets.map((t) => t.id)).toEqual([p1.id])
    expect(tickets.map((t) => t.id)).not.toContain(p3.id)
  })

  it('does not list a P1 before it is at risk, and lists it once it is', async () => {
    const p1 = await log('Payroll server down', 'high', 'high')
    desk.at('2026-11-23T17:25')
    expect((await desk.call('tickets.list', breachingSoon(desk.clock.now))).tickets).toEqual([])
    desk.at('2026-11-23T17:31')
    expect((await desk.call('tickets.list', breachingSoon(desk.clock.now))).tickets.map((t) => t.id)).toEqual([p1.id])
  })

  it('gives tickets on a desk from before the risk instant was kept theirs when the desk opens', async () => {
    const p1 = await log('Payroll server down', 'high', 'high')
    await desk.core.close()
    // The file as a desk at schema 14 left it: no risk column, nothing marked.
    const file = new Database(join(desk.dir.path, 'desk.sqlite'))
    file.exec("DROP INDEX tickets_risk; ALTER TABLE tickets DROP COLUMN sla_risk_at; DELETE FROM desk_meta WHERE key = 'sla_risk_backfill'")
    file.pragma('user_version = 14')
    file.close()
    desk.reopen()
    desk.at('2026-11-23T17:35')
    expect((await desk.call('tickets.list', breachingSoon(desk.clock.now))).tickets.map((t) => t.id)).toEqual([p1.id])
  })
})
