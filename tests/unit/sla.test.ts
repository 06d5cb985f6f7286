import { describe, expect, it } from 'vitest'
import { DateTime } from 'luxon'
import { addBusinessMinutes, businessMinutesBetween, officeHours, type BusinessCalendar } from '../../src/main/core/rules/business-calendar'
import { slaClock, type StatusChange } from '../../src/main/core/rules/sla'

const berlin = officeHours('Europe/Berlin')

/** Business minutes from `from` to `to`, walked a local day at a time with luxon: the plain reading of a calendar. */
function walkedMinutes(calendar: BusinessCalendar, from: number, to: number): number {
  let total = 0
  for (let day = DateTime.fromMillis(from, { zone: calendar.timeZone }).startOf('day'); day.toMillis() < to; day = day.plus({ days: 1 }).startOf('day')) {
    if (calendar.holidays.includes(day.toISODate()!)) continue
    for (const [open, close] of calendar.hours[day.weekday as 1] ?? []) {
      const at = (minutes: number) => (minutes >= 1_440 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 })).toMillis()
      total += Math.max(0, Math.min(to, at(close)) - Math.max(from, at(open)))
    }
  }
  return total / 60_000
}
// 2026-11-23 is a Monday; Berlin is UTC+1 in November.
const local = (day: number, hh: number, mm = 0) => new Date(Date.UTC(2026, 10, day, hh - 1, mm)).toISOString()

describe('business time on an 08:00–18:00 calendar', () => {
  it.each([
    ['within the day', local(23, 9), 60, local(23, 10)],
    ['over the evening', local(23, 16), 240, local(24, 10)],
    ['from before opening', local(23, 6), 30, local(23, 8, 30)],
    ['over the weekend', local(27, 17), 120, local(30, 9)],
    ['exactly to closing', local(23, 17), 60, local(23, 18)]
  ])('adds minutes %s', (_case, from, minutes, expected) => {
    expect(addBusinessMinutes(berlin, new Date(from), minutes).toISOString()).toBe(expected)
  })

  it('counts business minutes between two instants, skipping nights and weekends', () => {
    expect(businessMinutesBetween(berlin, new Date(local(27, 17)), new Date(local(30, 9)))).toBe(120)
    expect(businessMinutesBetween(berlin, new Date(local(23, 12)), new Date(local(23, 11)))).toBe(0)
  })

  it('skips holidays', () => {
    const withHoliday = { ...berlin, holidays: ['2026-11-24'] }
    expect(addBusinessMinutes(withHoliday, new Date(local(23, 16)), 240).toISOString()).toBe(local(25, 10))
  })

  it('keeps opening at 08:00 local across a daylight-saving change', () => {
    const newYork = officeHours('America/New_York')
    // Friday 2026-03-06 17:00 EST; clocks go forward on Sunday 8 March; Monday 11:00 is EDT (UTC-4).
    expect(addBusinessMinutes(newYork, new Date('2026-03-06T22:00:00Z'), 240).toISOString()).toBe('2026-03-09T15:00:00.000Z')
  })

  // Every zone's odd days: US and EU changes, Lord Howe's half hour, Santiago's at midnight, Casablanca's Ramadan
  // pause, Apia skipping 30 December 2011 whole; hours through the night, and a shift inside the spring-forward gap.
  it.each(['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Africa/Casablanca', 'Pacific/Apia', 'Asia/Kolkata'])(
    'counts the same business time as a day-by-day walk of the local calendar, in %s',
    (timeZone) => {
      const calendars: BusinessCalendar[] = [
        { ...officeHours(timeZone), holidays: ['2011-12-29', '2026-03-30', '2026-10-26'] },
        { timeZone, hours: { 1: [[0, 1_440]], 2: [[0, 1_440]], 3: [[0, 1_440]], 4: [[0, 1_440]], 5: [[0, 1_440]], 6: [[0, 1_440]], 7: [[0, 1_440]] }, holidays: [] },
        { timeZone, hours: { 6: [[90, 200], [1_380, 1_440]], 7: [[0, 150]] }, holidays: [] }
      ]
      // A fixed walk of instant pairs over two and a half years from each base: one around the Apia jump, one over
      // 2026 to 2028. Fixed instants, so the answer does not depend on the day the test runs. The holidays fall in
      // those spans: the day before Apia's jump, and the Mondays after 2026's European clock changes.
      for (const base of [Date.UTC(2011, 5, 1), Date.UTC(2026, 0, 1)]) {
        for (const calendar of calendars) {
          for (let i = 0; i < 40; i++) {
            const from = base + ((i * 7_919) % 900) * 86_400_000 + ((i * 104_729) % 1_440) * 60_000
            const to = from + ((i * 613) % 60) * 86_400_000 + ((i * 3_571) % 1_440) * 60_000
            expect(businessMinutesBetween(calendar, new Date(from), new Date(to)), `${new Date(from).toISOString()} → ${new Date(to).toISOString()}`).toBe(walkedMinutes(calendar, from, to))
          }
        }
      }
    }
  )

  it('refuses a calendar with no open hours instead of looping forever', () => {
    expect(() => addBusinessMinutes({ timeZone: 'UTC', hours: {}, holidays: [] }, new Date(), 1)).toThrow(/no open hours/)
  })
})

describe('the resolution clock', () => {
  const opened = local(23, 16)
  const base = { calendar: berlin, targetMinutes: 240, startAt: opened, stoppedAt: null, pauses: true }

  it('is due 10:00 next business day for a 4-hour target opened at 16:00', () => {
    const clock = slaClock({ ...base, history: [{ at: opened, to: 'new' }], now: new Date(local(23, 16, 30)) })
    // Three quarters of 240 minutes used at 09:00 the next morning: amber from then, idle console or not.
    expect(clock).toEqual({ targetMinutes: 240, elapsedMinutes: 30, dueAt: local(24, 10), atRiskAt: local(24, 9), state: 'running' })
  })

  it('moves the due time by exactly the business time spent pending: 3 hours → 13:00', () => {
    const history: StatusChange[] = [
      { at: opened, to: 'new' },
      { at: local(24, 8), to: 'pending' },
      { at: local(24, 11), to: 'in_progress' }
    ]
    expect(slaClock({ ...base, history, now: new Date(local(24, 11)) })).toMatchObject({ dueAt: local(24, 13), state: 'running' })
  })

  it('shows paused, with no due time, while waiting on the requester', () => {
    const history: StatusChange[] = [
      { at: opened, to: 'new' },
      { at: local(23, 17), to: 'pending' }
    ]
    expect(slaClock({ ...base, history, now: new Date(local(25, 12)) })).toEqual({
      targetMinutes: 240,
      elapsedMinutes: 60,
      dueAt: null,
      atRiskAt: null,
      state: 'paused'
    })
  })

  it('turns at risk at 75% used and breached past the target, remembering when it breached', () => {
    const history: StatusChange[] = [{ at: opened, to: 'new' }]
    expect(slaClock({ ...base, history, now: new Date(local(24, 9)) }).state).toBe('at_risk')
    expect(slaClock({ ...base, history, now: new Date(local(24, 12)) })).toMatchObject({ state: 'breached', dueAt: local(24, 10) })
  })

  it('stops at resolution: met or missed', () => {
    const history: StatusChange[] = [{ at: opened, to: 'new' }]
    expect(slaClock({ ...base, history, stoppedAt: local(24, 9), now: new Date(local(30, 9)) }).state).toBe('met')
    expect(slaClock({ ...base, history, stoppedAt: local(24, 11), now: new Date(local(30, 9)) }).state).toBe('missed')
  })

  it('does not pause a clock that ignores pending (first response)', () => {
    const history: StatusChange[] = [
      { at: opened, to: 'new' },
      { at: local(23, 17), to: 'pending' }
    ]
    expect(slaClock({ ...base, pauses: false, history, now: new Date(local(24, 9)) })).toMatchObject({ elapsedMinutes: 180, state: 'at_risk' })
  })
})
