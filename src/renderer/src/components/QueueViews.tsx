import { Channel, Priority, TicketType } from '../../../shared/domain'
import { channelLabel, typeLabel } from '../labels'
import { useConsole } from '../state/console-store'
import { queueViews, sortLabels, type QueueSort } from '../views'

export function QueueViews() {
  const view = useConsole((s) => s.view)
  const sort = useConsole((s) => s.sort)
  const filters = useConsole((s) => s.filters)
  const setView = useConsole((s) => s.setView)
  const setSort = useConsole((s) => s.setSort)
  const setFilters = useConsole((s) => s.setFilters)
  const togglePriority = (p: Priority) =>
    setFilters({ priorities: filters.priorities.includes(p) ? filters.priorities.filter((x) => x !== p) : [...filters.priorities, p] })
  return (
    <div className="queue-views">
      <div role="tablist" aria-label="Saved views" className="views">
        {queueViews.map((v) => (
          <button key={v.key} type="button" role="tab" aria-selected={v.key === view} onClick={() => setView(v.key)}>
            {v.label}
          </button>
        ))}
      </div>
      <div className="filters" aria-label="Filters">
        {Priority.options.map((p) => (
          <button key={p} type="button" className={`chip priority-${p}`} aria-pressed={filters.priorities.includes(p)} onClick={() => togglePriority(p)}>
            {p}
          </button>
        ))}
        <select aria-label="Type" value={filters.type ?? ''} onChange={(e) => setFilters({ type: (e.target.value || null) as TicketType | null })}>
          <option value="">Any type</option>
          {TicketType.options.map((t) => (
            <option key={t} value={t}>
              {typeLabel[t]}
            </option>
          ))}
        </select>
        <select aria-label="Channel" value={filters.channel ?? ''} onChange={(e) => setFilters({ channel: (e.target.value || null) as Channel | null })}>
          <option value="">Any channel</option>
          {Channel.options.map((c) => (
            <option key={c} value={c}>
              {channelLabel[c]}
            </option>
          ))}
        </select>
        <label className="sort">
          Sort
          <select value={sort} onChange={(e) => setSort(e.target.value as QueueSort)}>
            {Object.entries(sortLabels).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  )
}
