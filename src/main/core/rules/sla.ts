import type { SlaClock, TicketStatus } from '../../../shared/domain'
import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from './business-calendar'

export interface StatusChange {
  at: string
  to: TicketStatus
}

export interface ClockInput {
  calendar: BusinessCalendar
  targetMinutes: number
  startAt: string
  /** Status history in time order; the clock pauses while the ticket is pending. */
  history: readonly StatusChange[]
  /** When the clock stopped for good (first reply, or resolution); null while it runs. */
  stoppedAt: string | null
  pauses: boolean
  now: Date
}

export const atRiskShare = 0.75

/** Intervals during which the clock ran, from the status history (never from stored counters). */
function runningIntervals({ startAt, history, stoppedAt, pauses, now }: ClockInput): Array<[Date, Date]> {
  const end = stoppedAt ? new Date(stoppedAt) : now
  const intervals: Array<[Date, Date]> = []
  let runningSince: Date | null = new Date(startAt)
  for (const change of history) {
    const at = new Date(change.at)
    if (at > end) break
    const paused = pauses && change.to === 'pending'
    if (paused && runningSince) {
      intervals.push([runningSince, at])
      runningSince = null
    } else if (!paused && !runningSince) {
      runningSince = at
    }
  }
  if (runningSince && runningSince < end) intervals.push([runningSince, end])
  return intervals
}

/** One SLA clock (first response or resolution), computed from the ticket's history at `now`. */
export function slaClock(input: ClockInput): SlaClock {
  const { calendar, targetMinutes, stoppedAt } = input
  const riskMinutes = targetMinutes * atRiskShare
  const intervals = runningIntervals(input)
  let elapsed = 0
  let breachedAt: Date | null = null
  let riskAt: Date | null = null
  for (const [from, to] of intervals) {
    const length = businessMinutesBetween(calendar, from, to)
    if (!riskAt && elapsed + length >= riskMinutes) riskAt = addBusinessMinutes(calendar, from, riskMinutes - elapsed)
    if (!breachedAt && elapsed + length >= targetMinutes) breachedAt = addBusinessMinutes(calendar, from, targetMinutes - elapsed)
    elapsed += length
  }
  const elapsedMinutes = Math.floor(elapsed)
  if (stoppedAt) {
    return { targetMinutes, elapsedMinutes, dueAt: null, atRiskAt: null, state: elapsed <= targetMinutes ? 'met' : 'missed' }
  }
  if (breachedAt) return { targetMinutes, elapsedMinutes, dueAt: breachedAt.toISOString(), atRiskAt: riskAt!.toISOString(), state: 'breached' }
  if (isPaused(input)) return { targetMinutes, elapsedMinutes, dueAt: null, atRiskAt: null, state: 'paused' }
  const dueAt = addBusinessMinutes(calendar, input.now, targetMinutes - elapsed).toISOString()
  const atRiskAt = (riskAt ?? addBusinessMinutes(calendar, input.now, riskMinutes - elapsed)).toISOString()
  return { targetMinutes, elapsedMinutes, dueAt, atRiskAt, state: riskAt ? 'at_risk' : 'running' }
}

function isPaused({ history, pauses, now }: ClockInput): boolean {
  const current = history.findLast((change) => new Date(change.at) <= now)
  return pauses && current?.to === 'pending'
}
