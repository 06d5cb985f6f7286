import { call } from '../api'
import { useSession } from '../state/session-store'
import { useTicket } from '../state/ticket-store'
import { FormDialog } from './FormDialog'

/** Changes the desk server would not take: each shown with its reason, never dropped without the technician's say. */
export function RefusedChanges() {
  const open = useSession((s) => s.dialog === 'refused')
  const refused = useSession((s) => s.sync?.refused) ?? []
  const openDialog = useSession((s) => s.openDialog)
  const openTicket = (id: string) => {
    openDialog(null)
    void useTicket.getState().open(id)
  }
  const act = (method: 'sync.retry' | 'sync.discard', mutationId: string) =>
    void call(method, { mutationId }).then(useSession.getState().setSync, useSession.getState().notify)
  return (
    <FormDialog title="Changes the desk server refused" open={open} onOpenChange={(next) => openDialog(next ? 'refused' : null)}>
      {refused.length === 0 ? (
        <p className="hint">Nothing refused: every change has reached the desk server or is waiting to.</p>
      ) : (
        <ul className="refused-list">
          {refused.map((r) => (
            <li key={r.mutationId}>
              <div>
                {r.ticketId && r.ticketNumber && (
                  <button type="button" className="link" onClick={() => openTicket(r.ticketId!)}>
                    {r.ticketNumber}
                  </button>
                )}{' '}
                <strong>{r.kind.replace('ticket.', '').replace(/([A-Z])/g, ' $1').toLowerCase()}</strong>
                <span className="hint"> · {new Date(r.createdAt).toLocaleString()}</span>
                {r.change && <p className="refused-change">{r.change}</p>}
                <p className="field-error">{r.reason}</p>
              </div>
              <div className="actions">
                <button type="button" onClick={() => act('sync.retry', r.mutationId)}>
                  Retry
                </button>
                <button type="button" onClick={() => act('sync.discard', r.mutationId)}>
                  Discard
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </FormDialog>
  )
}
