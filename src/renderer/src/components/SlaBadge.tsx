import type { SlaClock } from '../../../shared/domain'
import { until } from '../labels'

const words: Record<SlaClock['state'], string> = {
  running: 'due',
  at_risk: 'at risk, due',
  breached: 'breached',
  paused: 'paused',
  met: 'met',
  missed: 'missed'
}

/** The resolution clock at a glance: green running, amber at risk, red breached, grey paused or stopped. */
export function SlaBadge({ clock, label = 'SLA' }: { clock: SlaClock; label?: string }) {
  const when = clock.dueAt && (clock.state === 'running' || clock.state === 'at_risk' || clock.state === 'breached') ? ` ${until(clock.dueAt)}` : ''
  return (
    <span className={`sla sla-${clock.state}`} title={`${label}: ${clock.elapsedMinutes} of ${clock.targetMinutes} business minutes used`}>
      {label} {words[clock.state]}
      {when}
    </span>
  )
}
