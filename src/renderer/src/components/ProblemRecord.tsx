import { useState } from 'react'
import type { Ticket, TicketDetail } from '../../../shared/domain'
import { errorFor, fieldErrors } from '../field-errors'
import { call } from '../api'
import { useTicket } from '../state/ticket-store'
import { useSession } from '../state/session-store'

/** A problem's record: what causes its incidents, the workaround meanwhile, and whether it is a known error. */
export function ProblemRecord({ ticket }: { ticket: Ticket }) {
  const record = ticket.problem!
  const [rootCause, setRootCause] = useState(record.rootCause ?? '')
  const [workaround, setWorkaround] = useState(record.workaround ?? '')
  const [knownError, setKnownError] = useState(record.knownError)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const state = ticket.status === 'resolved' || ticket.status === 'closed' ? 'Resolved' : record.knownError ? 'Known error' : 'Investigating'
  const save = async () => {
    try {
      await call('tickets.update', { id: ticket.id, rootCause, workaround, knownError })
      setErrors({})
      await useTicket.getState().open(ticket.id)
      useSession.getState().inform(knownError ? 'Saved: its workaround is now offered on every incident it explains.' : 'Saved.')
    } catch (error) {
      setErrors(fieldErrors(error))
      useSession.getState().notify(error)
    }
  }
  return (
    <form
      className="problem-record"
      aria-label="Problem record"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <h2>
        Problem record <span className="badge">{state}</span>
      </h2>
      <label className="field">
        Root cause
        <textarea rows={2} value={rootCause} onChange={(e) => setRootCause(e.target.value)} placeholder="Not known yet" />
      </label>
      <label className="field">
        Workaround
        <textarea rows={2} value={workaround} onChange={(e) => setWorkaround(e.target.value)} aria-invalid={Boolean(errorFor(errors, 'workaround'))} placeholder="What helps until the cause is fixed" />
        {errorFor(errors, 'workaround') && <span className="field-error">{errorFor(errors, 'workaround')}</span>}
      </label>
      <label className="check">
        <input type="checkbox" checked={knownError} onChange={(e) => setKnownError(e.target.checked)} /> Known error: offer the workaround on every incident it explains
      </label>
      <div className="dialog-actions">
        <button type="submit">Save the record</button>
      </div>
    </form>
  )
}

/** On an incident a known error explains: its workaround, ready to send. */
export function KnownErrors({ known }: { known: TicketDetail['knownErrors'] }) {
  if (known.length === 0) return null
  const insert = (text: string) => window.dispatchEvent(new CustomEvent('frontline:insert', { detail: { text, visibility: 'public' } }))
  return (
    <aside className="known-errors" aria-label="Known errors">
      {known.map((k) => (
        <div key={k.id} className="notice">
          <span>
            Known error <span className="number">{k.number}</span> {k.subject}. Workaround: {k.workaround}
          </span>
          <button type="button" className="link" onClick={() => insert(k.workaround)}>
            Insert the workaround into the reply
          </button>
        </div>
      ))}
    </aside>
  )
}
