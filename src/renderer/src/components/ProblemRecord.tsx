import { useState } from 'react'
import type { Ticket, TicketDetail } from '../../../shared/domain'
import { errorFor } from '../field-errors'
import { call } from '../api'
import { useTicket } from '../state/ticket-store'
import { useSession } from '../state/session-store'
import { RecordForm, useRecordChange } from './RecordForm'

/** A problem's record: what causes its incidents, the workaround meanwhile, and whether it is a known error. */
export function ProblemRecord({ ticket, openIncidents }: { ticket: Ticket; openIncidents: number }) {
  const record = ticket.problem!
  const [rootCause, setRootCause] = useState(record.rootCause ?? '')
  const [workaround, setWorkaround] = useState(record.workaround ?? '')
  const [knownError, setKnownError] = useState(record.knownError)
  const { errors, change } = useRecordChange(ticket.id)
  const state = ticket.status === 'resolved' || ticket.status === 'closed' ? 'Resolved' : record.knownError ? 'Known error' : 'Investigating'
  const save = async () => {
    if (await change(() => call('tickets.update', { id: ticket.id, rootCause, workaround, knownError }))) {
      useSession.getState().inform(knownError ? 'Saved: its workaround is now offered on every incident it explains.' : 'Saved.')
    }
  }
  return (
    <RecordForm label="Problem record" state={state} onSave={() => void save()} after={state === 'Resolved' && openIncidents > 0 && <SettleIncidents ticket={ticket} count={openIncidents} />}>
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
    </RecordForm>
  )
}

/** A fixed problem's incidents still open: resolved with the fix, or their requesters told. */
function SettleIncidents({ ticket, count }: { ticket: Ticket; count: number }) {
  const settle = async (how: 'resolve' | 'notify') => {
    const fix = ticket.resolutionNotes ?? ticket.problem?.rootCause ?? 'the cause was found and fixed'
    const message =
      how === 'resolve'
        ? `Resolved with problem ${ticket.number}: ${fix}`
        : `The cause of your request has been found and fixed (${ticket.number}): ${fix}. If you still have the problem, reply to this message and we will look again.`
    try {
      const { settled, skipped } = await call('problems.settleIncidents', { id: ticket.id, how, message })
      useSession.getState().inform(`${settled} incident${settled === 1 ? '' : 's'} ${how === 'resolve' ? 'resolved' : 'told'}${skipped ? `; ${skipped} left for a technician` : ''}.`)
      await useTicket.getState().open(ticket.id)
    } catch (error) {
      useSession.getState().notify(error)
    }
  }
  return (
    <div className="notice" role="group" aria-label="Its open incidents">
      <span>
        The problem is resolved; {count} incident{count === 1 ? ' it explains is' : 's it explains are'} still open.
      </span>
      <button type="button" onClick={() => void settle('resolve')}>
        Resolve them
      </button>
      <button type="button" onClick={() => void settle('notify')}>
        Tell their requesters
      </button>
    </div>
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
