import { useState } from 'react'
import type { TicketStatus } from '../../../shared/domain'
import { call } from '../api'
import { statusLabel } from '../labels'
import { useQueue } from '../state/queue-store'
import { useSession } from '../state/session-store'
import { refreshAll } from '../state/ticket-store'

// Only the steps that need nothing more than a click; resolving needs notes, escalating a handoff.
const bulkStatuses: TicketStatus[] = ['in_progress', 'pending', 'closed']

/** Tickets picked with x: assign them to me or move their status in one go, and say exactly what was refused. */
export function BulkBar() {
  const picked = useQueue((s) => s.picked)
  const clear = useQueue((s) => s.clearPicks)
  const me = useSession((s) => s.directory?.me)
  const [busy, setBusy] = useState(false)
  if (picked.length === 0) return null

  const apply = async (what: string, change: (id: string) => Promise<unknown>) => {
    setBusy(true)
    const refused: string[] = []
    for (const id of picked) {
      try {
        await change(id)
      } catch (error) {
        refused.push(error instanceof Error ? error.message : String(error))
      }
    }
    setBusy(false)
    clear()
    const session = useSession.getState()
    if (refused.length) session.notify(new Error(`${what}: ${picked.length - refused.length} of ${picked.length} changed. Refused: ${[...new Set(refused)].join(' ')}`))
    else session.inform(`${what}: ${picked.length} ticket${picked.length === 1 ? '' : 's'} changed.`)
    await refreshAll()
  }

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk change">
      <span>{picked.length} picked</span>
      {me && (
        <button type="button" disabled={busy} onClick={() => void apply('Assign to me', (id) => call('tickets.assign', { id, assigneeId: me.id }))}>
          Assign to me
        </button>
      )}
      <select
        aria-label="Set status of picked tickets"
        disabled={busy}
        value=""
        onChange={(e) => {
          const status = e.target.value as TicketStatus
          if (status)
            void apply(`Set to ${statusLabel[status]}`, (id) =>
              call('tickets.setStatus', { id, status, ...(status === 'pending' ? { pendingReason: 'requester' as const } : {}) })
            )
        }}
      >
        <option value="">Set status…</option>
        {bulkStatuses.map((s) => (
          <option key={s} value={s}>
            {statusLabel[s]}
          </option>
        ))}
      </select>
      <button type="button" className="ghost" onClick={clear}>
        Clear
      </button>
    </div>
  )
}
