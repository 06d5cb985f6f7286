import { useState, type FormEvent } from 'react'
import type { ResolutionCode, Ticket } from '../../../shared/domain'
import { resolutionCodes } from '../../../shared/vocabulary'
import { resolutionLabel } from '../labels'
import { call } from '../api'
import { useSession } from '../state/session-store'
import { useTicket } from '../state/ticket-store'
import { DialogActions, FormDialog } from './FormDialog'
import { SelectField } from './SelectField'

export function ResolveDialog({ ticket, open, onOpenChange }: { ticket: Ticket; open: boolean; onOpenChange(open: boolean): void }) {
  const act = useTicket((s) => s.act)
  const [code, setCode] = useState<ResolutionCode>(ticket.channel === 'phone' || ticket.channel === 'walk-in' ? 'solved_first_contact' : 'solved')
  const [notes, setNotes] = useState('')
  const [capture, setCapture] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!notes.trim()) return
    if (!(await act('tickets.setStatus', { id: ticket.id, status: 'resolved', resolution: { code, notes } }))) return
    onOpenChange(false)
    if (!capture) return
    // Captured while it is fresh: symptoms, handoff and resolution, as a draft for the author to finish.
    try {
      const draft = await call('kb.draftFromTicket', { ticketId: ticket.id })
      useSession.getState().inform(`Draft article “${draft.title}” saved under Knowledge for you to edit and publish.`)
    } catch (error) {
      useSession.getState().notify(error)
    }
  }

  return (
    <FormDialog title={`Resolve ${ticket.number}`} open={open} onOpenChange={onOpenChange}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <SelectField id="res-code" label="Resolution code" value={code} options={resolutionCodes} labels={resolutionLabel} onChange={setCode} />
        <div className="field">
          <label htmlFor="res-notes">Resolution notes</label>
          <textarea id="res-notes" rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <label className="check">
          <input type="checkbox" checked={capture} onChange={(e) => setCapture(e.target.checked)} /> Draft a knowledge article from this ticket
        </label>
        <p className="hint">A follow-up check is scheduled one business day after resolving.</p>
        <DialogActions submit="Resolve" disabled={!notes.trim()} />
      </form>
    </FormDialog>
  )
}
