import { useState, type FormEvent } from 'react'
import { ResolutionCode, type Ticket } from '../../../shared/domain'
import { resolutionLabel } from '../labels'
import { useTicket } from '../state/ticket-store'
import { DialogActions, FormDialog } from './FormDialog'

export function ResolveDialog({ ticket, open, onOpenChange }: { ticket: Ticket; open: boolean; onOpenChange(open: boolean): void }) {
  const act = useTicket((s) => s.act)
  const [code, setCode] = useState<ResolutionCode>(ticket.channel === 'phone' || ticket.channel === 'walk-in' ? 'solved_first_contact' : 'solved')
  const [notes, setNotes] = useState('')

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!notes.trim()) return
    if (await act('tickets.setStatus', { id: ticket.id, status: 'resolved', resolution: { code, notes } })) onOpenChange(false)
  }

  return (
    <FormDialog title={`Resolve ${ticket.number}`} open={open} onOpenChange={onOpenChange}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="res-code">Resolution code</label>
          <select id="res-code" value={code} onChange={(e) => setCode(e.target.value as ResolutionCode)}>
            {ResolutionCode.options.map((c) => (
              <option key={c} value={c}>
                {resolutionLabel[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="res-notes">Resolution notes</label>
          <textarea id="res-notes" rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <p className="hint">A follow-up check is scheduled one business day after resolving.</p>
        <DialogActions submit="Resolve" disabled={!notes.trim()} />
      </form>
    </FormDialog>
  )
}
