import { DateTime } from 'luxon'

/** Opening hours per ISO weekday (1 = Monday … 7 = Sunday), as [start, end) minutes after local midnight. */
export type WeeklyHours = Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, Array<[number, number]>>>

export interface BusinessCalendar {
  timeZone: string
  hours: WeeklyHours
  /** Local dates ('2026-12-25') the desk is closed. */
  holidays: readonly string[]
}

const MINUTE = 60_000

/** The open hours of a local date ('2026-12-25', ISO weekday), in minutes after midnight; none on a holiday. */
function openSpans(calendar: BusinessCalendar, date: string, weekday: number): Array<[number, number]> {
  return calendar.holidays.includes(date) ? [] : (calendar.hours[weekday as 1] ?? [])
}

/** The desk's open intervals on the local day containing `day`, as epoch milliseconds. */
function openIntervals(calendar: BusinessCalendar, day: DateTime): Array<[number, number]> {
  const spans = openSpans(calendar, day.toISODate() ?? '', day.weekday)
  // Wall-clock set() rather than plus(): a DST change that morning must not move 08:00.
  const at = (minutes: number) =>
    minutes >= 1_440 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 })
  return spans.map(([start, end]) => [at(start).toMillis(), at(end).toMillis()])
}

/**
 * The calendar's open intervals over a span of days, with running totals, so that "business time
 * between" and "add business time" are binary searches instead of day-by-day walks. Built lazily
 * and widened when a question falls outside it; one per calendar object.
 */
class OpenTimeline {
  private starts: number[] = []
  private ends: number[] = []
  private before: number[] = []
  private from = 0
  private to = 0

  constructor(private readonly calendar: BusinessCalendar) {}

  /** Business milliseconds from the start of the covered span up to `ms`. */
  cumulative(ms: number): number {
    this.cover(ms)
    const i = this.lastStartingAtOrBefore(ms)
    if (i < 0) return 0
    return this.before[i]! + Math.min(ms, this.ends[i]!) - this.starts[i]!
  }

  /** The instant at which the running total reaches `target`. */
  instantAt(target: number, from: number): number {
    for (let widen = 0; this.total() < target; widen++) {
      if (widen > 12) throw new Error('The business calendar has no open hours in the next ten years.')
      this.cover(this.to + (this.to - this.from))
    }
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.before[mid]! + this.ends[mid]! - this.starts[mid]! < target) lo = mid + 1
      else hi = mid
    }
    return Math.max(from, this.starts[lo]! + (target - this.before[lo]!))
  }

  private total(): number {
    const last = this.starts.length - 1
    return last < 0 ? 0 : this.before[last]! + this.ends[last]! - this.starts[last]!
  }

  private lastStartingAtOrBefore(ms: number): number {
    let lo = 0
    let hi = this.starts.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (this.starts[mid]! <= ms) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found
  }

  /** Makes sure `ms` is inside the span; widening backwards rebuilds the totals, so cover the earlier instant first. */
  cover(ms: number): void {
    if (this.starts.length > 0 && ms >= this.from && ms < this.to) return
    const year = 366 * 86_400_000
    const from = this.starts.length ? Math.min(this.from, ms - year) : ms - year
    const to = this.starts.length ? Math.max(this.to, ms + year) : ms + year
    this.starts = []
    this.ends = []
    this.before = []
    let running = 0
    const first = DateTime.fromMillis(from, { zone: this.calendar.timeZone }).startOf('day')
    const zone = first.zone
    let day = first.toMillis()
    let offset = first.offset
    // Until when the offset is known not to change: asked a week ahead (an offset lookup costs ~11 µs, and
    // no zone changes and changes back within a week), then day by day only across a week that changes.
    let steady = day
    while (day < to) {
      // A day that starts at midnight with the same UTC offset at both ends is 24 hours of plain wall-clock
      // time: its hours are sums. Only a daylight-saving day goes through luxon's calendar arithmetic (two
      // years of days through it cost ~50 ms, a stall the first queue page after a start waited out).
      let intervals: Array<[number, number]>
      let next = day + 86_400_000
      if (next > steady && zone.offset(day + 7 * 86_400_000) === offset) steady = day + 7 * 86_400_000
      let nextOffset = next <= steady ? offset : zone.offset(next)
      // Wall-clock time at the day's start, as if it were UTC: not midnight where the clocks went forward at midnight.
      const wall = new Date(day + offset * MINUTE)
      if (nextOffset === offset && wall.getTime() % 86_400_000 === 0) {
        intervals = openSpans(this.calendar, wall.toISOString().slice(0, 10), wall.getUTCDay() || 7).map(([start, end]) => [day + Math.min(start, 1_440) * MINUTE, day + Math.min(end, 1_440) * MINUTE])
      } else {
        const local = DateTime.fromMillis(day, { zone })
        intervals = openIntervals(this.calendar, local)
        const following = local.plus({ days: 1 }).startOf('day')
        next = following.toMillis()
        nextOffset = following.offset
      }
      for (const [open, close] of intervals) {
        this.starts.push(open)
        this.ends.push(close)
        this.before.push(running)
        running += close - open
      }
      day = next
      offset = nextOffset
    }
    this.from = from
    this.to = to
  }
}

const timelines = new WeakMap<BusinessCalendar, OpenTimeline>()
function timeline(calendar: BusinessCalendar): OpenTimeline {
  let t = timelines.get(calendar)
  if (!t) timelines.set(calendar, (t = new OpenTimeline(calendar)))
  return t
}

/** Business minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  if (to <= from) return 0
  const t = timeline(calendar)
  t.cover(from.getTime())
  t.cover(to.getTime())
  return (t.cumulative(to.getTime()) - t.cumulative(from.getTime())) / MINUTE
}

/** The instant `minutes` business minutes after `from` (from itself when nothing is left). */
export function addBusinessMinutes(calendar: BusinessCalendar, from: Date, minutes: number): Date {
  if (minutes <= 0) return from
  const t = timeline(calendar)
  // Widening forward keeps the totals' origin, so this total stays valid while instantAt widens.
  return new Date(t.instantAt(t.cumulative(from.getTime()) + minutes * MINUTE, from.getTime()))
}

export const officeHours = (timeZone: string, open = 8 * 60, close = 18 * 60): BusinessCalendar => ({
  timeZone,
  hours: { 1: [[open, close]], 2: [[open, close]], 3: [[open, close]], 4: [[open, close]], 5: [[open, close]] },
  holidays: []
})
