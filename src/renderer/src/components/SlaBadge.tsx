import type { SlaClock } from '../../../shared/domain'
import { dayAndTime, until } from '../labels'
import { useNow } from '../now'

const words: Record<SlaClock['state'], string> = {
  running: 'due',
  at_risk: 'at risk, due',
  breached: 'breached',
  paused: 'paused',
  met: 'met',
  missed: 'missed'
}

/** The state as of `now`: the desk computed it when the ticket was read, and the screen may have sat idle since. */
export function clockState(clock: SlaClock, now: number): SlaClock['state'] {
  if (clock.state !== 'running' && clock.state !== 'at_risk') return clock.state
  if (clock.dueAt && Date.parse(clock.dueAt) <= now) return 'breached'
  if (clock.atRiskAt && Date.parse(clock.atRiskAt) <= now) return 'at_risk'
  return clock.state
}

/** The resolution clock at a glance: green running, amber at risk, red breached, grey paused or stopped. */
export function SlaBadge({ clock, label = 'SLA' }: { clock: SlaClock; label?: string }) {
  const now = useNow()
  const state = clockState(clock, now)
  const counting = clock.dueAt && (state === 'running' || state === 'at_risk' || state === 'breached')
  const due = counting ? `; ${state === 'breached' ? 'was due' : 'due'} ${dayAndTime(clock.dueAt!, now)}` : ''
  return (
    <span className={`sla sla-${state}`} title={`${label}: ${clock.elapsedMinutes} of ${clock.targetMinutes} business minutes used${due}`}>
      {label} {words[state]}
      {counting ? ` ${until(clock.dueAt!, now)}` : ''}
    </span>
  )
}

/** "due Thu 14:30" beside the badges in the ticket header, for the promise made on the phone. */
export function DueAt({ clock }: { clock: SlaClock }) {
  const now = useNow()
  const state = clockState(clock, now)
  if (!clock.dueAt || (state !== 'running' && state !== 'at_risk' && state !== 'breached')) return null
  return (
    <span className="due-at">
      {state === 'breached' ? 'was due' : 'due'} {dayAndTime(clock.dueAt, now)}
    </span>
  )
}
