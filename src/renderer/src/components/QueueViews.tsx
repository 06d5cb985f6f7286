import type { Priority } from '../../../shared/domain'
import { channels, priorities, ticketStatuses, ticketTypes } from '../../../shared/vocabulary'
import { channelLabel, statusLabel, typeLabel } from '../labels'
import { useQueue } from '../state/queue-store'
import { useSession } from '../state/session-store'
import { queueViews, sortLabels, type QueueSort } from '../views'
import { AnySelect } from './AnySelect'

export function QueueViews() {
  const view = useQueue((s) => s.view)
  const sort = useQueue((s) => s.sort)
  const filters = useQueue((s) => s.filters)
  const setView = useQueue((s) => s.setView)
  const setSort = useQueue((s) => s.setSort)
  const setFilters = useQueue((s) => s.setFilters)
  const directory = useSession((s) => s.directory)
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
      <div className="filters" role="group" aria-label="Filters">
        {priorities.map((p) => (
          <button key={p} type="button" className={`chip priority-${p}`} aria-pressed={filters.priorities.includes(p)} onClick={() => togglePriority(p)}>
            {p}
          </button>
        ))}
        <AnySelect label="Status" any="Any status" value={filters.statuses[0] ?? null} options={ticketStatuses} labels={statusLabel} onChange={(s) => setFilters({ statuses: s ? [s] : [] })} />
        <AnySelect label="Type" any="Any type" value={filters.type} options={ticketTypes} labels={typeLabel} onChange={(type) => setFilters({ type })} />
        <AnySelect label="Channel" any="Any channel" value={filters.channel} options={channels} labels={channelLabel} onChange={(channel) => setFilters({ channel })} />
        <select aria-label="Group" value={filters.groupId ?? ''} onChange={(e) => setFilters({ groupId: e.target.value || null })}>
          <option value="">Any group</option>
          {directory?.groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name} ({g.tier})
            </option>
          ))}
        </select>
        <select aria-label="Assignee" value={filters.assignee ?? ''} onChange={(e) => setFilters({ assignee: e.target.value || null })}>
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="none">Unassigned</option>
          {directory?.agents
            .filter((a) => a.id !== directory.me.id)
            .map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
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
