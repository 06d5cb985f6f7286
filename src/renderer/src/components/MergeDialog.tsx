import { useState, type FormEvent } from 'react'
import type { Ticket } from '../../../shared/domain'
import { statusLabel } from '../labels'
import { useTicket } from '../state/ticket-store'
import { useTicketSearch } from '../ticket-search'
import { DialogActions, FormDialog } from './FormDialog'

type Relation = 'related' | 'explains' | 'fixes' | 'merge'

/** Link the open ticket to another one, let a problem explain an incident, or merge a duplicate into the survivor. */
export function MergeDialog({ ticket, open, onOpenChange }: { ticket: Ticket; open: boolean; onOpenChange(open: boolean): void }) {
  const act = useTicket((s) => s.act)
  const [text, setText] = useState('')
  const [otherId, setOtherId] = useState('')
  const [relation, setRelation] = useState<Relation>('related')
  const [missing, setMissing] = useState(false)

  const shown = useTicketSearch(text).filter((h) => h.ticket.id !== ticket.id)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setMissing(!otherId)
    if (!otherId) return
    const ok =
      relation === 'merge'
        ? await act('tickets.merge', { id: ticket.id, intoId: otherId })
        : await act('tickets.link', { id: ticket.id, otherId, relation })
    if (ok) onOpenChange(false)
  }

  return (
    <FormDialog title={`Link or merge ${ticket.number}`} open={open} onOpenChange={onOpenChange}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="merge-search">Other ticket</label>
          <input id="merge-search" value={text} placeholder="Words from its subject or timeline" autoComplete="off" onChange={(e) => setText(e.target.value)} />
        </div>
        <fieldset className="field choices">
          <legend>Found</legend>
          {shown.length === 0 && <p className="hint">Type at least two letters to find the other ticket.</p>}
          {shown.map((hit) => (
            <label key={hit.ticket.id} className="choice">
              <input type="radio" name="merge-other" value={hit.ticket.id} checked={otherId === hit.ticket.id} onChange={() => setOtherId(hit.ticket.id)} />
              <span className="number">{hit.ticket.number}</span> {hit.ticket.subject} · {statusLabel[hit.ticket.status]}
            </label>
          ))}
          {missing && <p className="field-error">Choose the other ticket.</p>}
        </fieldset>
        <fieldset className="field choices">
          <legend>How they relate</legend>
          <label className="choice">
            <input type="radio" name="merge-relation" checked={relation === 'related'} onChange={() => setRelation('related')} /> Related
          </label>
          {ticket.type === 'problem' && (
            <label className="choice">
              <input type="radio" name="merge-relation" checked={relation === 'explains'} onChange={() => setRelation('explains')} /> This problem explains it
            </label>
          )}
          {ticket.type === 'change' && (
            <label className="choice">
              <input type="radio" name="merge-relation" checked={relation === 'fixes'} onChange={() => setRelation('fixes')} /> This change fixes it
            </label>
          )}
          <label className="choice">
            <input type="radio" name="merge-relation" checked={relation === 'merge'} onChange={() => setRelation('merge')} /> Duplicate: merge {ticket.number} into it
          </label>
        </fieldset>
        {relation === 'merge' && <p className="hint">The timeline moves to the other ticket; {ticket.number} is closed and points to it.</p>}
        <DialogActions submit={relation === 'merge' ? 'Merge' : 'Link'} />
      </form>
    </FormDialog>
  )
}
