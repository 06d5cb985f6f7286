/**
 * The one place tests on a fixed clock take their instants from. FRONTLINE_TEST_CLOCK_SHIFT_DAYS moves
 * every such instant forward (or back) so the suite can prove it passes on another date; the shift is
 * rounded to whole weeks (365 → 364) so weekdays, and the business hours that depend on them, stay the
 * same. Berlin is on CET (+01:00) from the last Sunday of October to the last Sunday of March, so the
 * November-to-February dates the tests use keep their offset too.
 */
const DAY_MS = 86_400_000

function weeks(days: number): number {
  if (!Number.isFinite(days)) throw new Error(`FRONTLINE_TEST_CLOCK_SHIFT_DAYS must be a number of days, not ${process.env.FRONTLINE_TEST_CLOCK_SHIFT_DAYS}`)
  return Math.round(days / 7) * 7
}

/** The shift in days, a whole number of weeks (0 unless FRONTLINE_TEST_CLOCK_SHIFT_DAYS says otherwise). */
export const clockShiftDays = weeks(Number(process.env.FRONTLINE_TEST_CLOCK_SHIFT_DAYS || 0))

/** A fixed instant of a test (an ISO date-time with its offset), moved by the shift. */
export function testInstant(iso: string): Date {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) throw new Error(`not an ISO date-time: ${iso}`)
  return new Date(at + clockShiftDays * DAY_MS)
}

/** The same, as ISO in UTC (what the desk stores and answers). */
export const testIso = (iso: string): string => testInstant(iso).toISOString()

/** A calendar day (YYYY-MM-DD: a holiday, a report's week) moved by the shift. */
export function testDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + clockShiftDays * DAY_MS).toISOString().slice(0, 10)
}

/** A local date-time without offset ("2026-11-24T11:00"), as a web host's --clock-start or a datetime-local field takes it, moved by the shift. */
export function testLocal(local: string): string {
  return testIso(`${local}Z`).slice(0, local.length)
}
