import { Channel, Priority, TicketStatus, TicketType } from '../../../shared/domain'
import { channelLabel, statusLabel, typeLabel } from '../labels'
import { useQueue } from '../state/queue-store'
import { useSession } from '../state/session-store'
import { queueViews, sortLabels, type QueueSort } from '../views'

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
        {Priority.options.map((p) => (
          <button key={p} type="button" className={`chip priority-${p}`} aria-pressed={filters.priorities.includes(p)} onClick={() => togglePriority(p)}>
            {p}
          </button>
        ))}
        <select
          aria-label="Status"
          value={filters.statuses[0] ?? ''}
          onChange={(e) => setFilters({ statuses: e.target.value ? [e.target.value as TicketStatus] : [] })}
        >
          <option value="">Any status</option>
          {TicketStatus.options.map((s) => (
            <option key={s} value={s}>
              {statusLabel[s]}
            </option>
          ))}
        </select>
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
