import { DateTime } from 'luxon'
import type { TeamCalendar } from './team'

/**
 * The instant `days` business days after `from`, at the same local time: a business day is one the
 * team's calendar opens on (some hours that weekday, not a holiday), counted in the team's time zone.
 */
export function businessDaysAfter(calendar: TeamCalendar, from: Date, days: number): Date {
  let at = DateTime.fromJSDate(from, { zone: calendar.timeZone })
  const holidays = new Set(calendar.holidays)
  let counted = 0
  // A calendar open some day of the week (the schema insists) finds one within a week, holidays aside.
  for (let step = 0; counted < days && step < days * 14 + 400; step++) {
    at = at.plus({ days: 1 })
    const open = (calendar.hours[String(at.weekday) as keyof TeamCalendar['hours']] ?? []).length > 0
    if (open && !holidays.has(at.toISODate()!)) counted++
  }
  return at.toJSDate()
}
