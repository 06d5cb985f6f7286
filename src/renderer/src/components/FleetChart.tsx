import type { FleetFlag } from '../../../shared/inventory'

/** Counts per review flag as horizontal bars; a bar is also the filter button for its flag. */
export function FleetChart({ counts, total, active, onToggle }: { counts: Record<FleetFlag, number>; total: number; active: FleetFlag[]; onToggle(flag: FleetFlag): void }) {
  const entries = Object.entries(counts) as Array<[FleetFlag, number]>
  const max = Math.max(1, ...entries.map(([, n]) => n))
  return (
    <figure className="fleet-chart" aria-label="Machines needing attention, by reason">
      <figcaption>
        Needs attention, of {total.toLocaleString()} machine{total === 1 ? '' : 's'}
      </figcaption>
      <ul>
        {entries.map(([flag, n]) => (
          <li key={flag}>
            <button type="button" className={active.includes(flag) ? 'bar-row active' : 'bar-row'} aria-pressed={active.includes(flag)} onClick={() => onToggle(flag)}>
              <span className="bar-label">{flag}</span>
              <svg className="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                <rect x="0" y="0" width={(n / max) * 100} height="10" />
              </svg>
              <span className="bar-value">{n}</span>
            </button>
          </li>
        ))}
      </ul>
    </figure>
  )
}
