import { DateTime } from 'luxon'

/**
 * The one place tests on a fixed clock take their instants from. FRONTLINE_TEST_CLOCK_SHIFT_DAYS moves
 * every such instant forward (or back) so the suite can prove it passes on another date. The shift is
 * rounded to whole weeks (365 → 364) and applied to Berlin wall-clock time (the test desks' zone), so
 * weekdays, business hours and local times stay the same across a daylight-saving change.
 *
 * A desk that syncs with a desk server cannot be moved ahead: the server stamps and judges by the real
 * clock. Those tests use the realClock variants, which move the same dates to the same weekday and
 * local time in a week at least a fortnight before the real now, whatever day the suite runs.
 */
const DAY_MS = 86_400_000
const zone = 'Europe/Berlin'
/** Monday 23 November 2026, the week the tests' dates are written in. */
const baseWeek = Date.parse('2026-11-23T00:00:00+01:00')

function weeks(days: number): number {
  if (!Number.isFinite(days)) throw new Error(`FRONTLINE_TEST_CLOCK_SHIFT_DAYS must be a number of days, not ${process.env.FRONTLINE_TEST_CLOCK_SHIFT_DAYS}`)
  return Math.round(days / 7) * 7
}

/** The shift in days, a whole number of weeks (0 unless FRONTLINE_TEST_CLOCK_SHIFT_DAYS says otherwise). */
export const clockShiftDays = weeks(Number(process.env.FRONTLINE_TEST_CLOCK_SHIFT_DAYS || 0))

/** Whole weeks, in days, that bring the base week to one at least 14 days before the real now. */
export const realClockShiftDays = Math.floor((Date.now() - 14 * DAY_MS - baseWeek) / (7 * DAY_MS)) * 7

function shifted(iso: string, days: number): Date {
  const at = DateTime.fromISO(iso, { setZone: true })
  if (!at.isValid) throw new Error(`not an ISO date-time: ${iso}`)
  return at.setZone(zone).plus({ days }).toJSDate()
}
const shiftedDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

/** A fixed instant of a test (ISO with its offset), moved by the shift. */
export const testInstant = (iso: string): Date => shifted(iso, clockShiftDays)
/** The same, as ISO in UTC (what the desk stores and answers). */
export const testIso = (iso: string): string => testInstant(iso).toISOString()
/** A calendar day (YYYY-MM-DD: a holiday, a report's day) moved by the shift. */
export const testDay = (day: string): string => shiftedDay(day, clockShiftDays)

/** For desks on a server's real clock: the instant moved into a week safely before the real now. */
export const realClockInstant = (iso: string): Date => shifted(iso, realClockShiftDays)
export const realClockIso = (iso: string): string => realClockInstant(iso).toISOString()
export const realClockDay = (day: string): string => shiftedDay(day, realClockShiftDays)
