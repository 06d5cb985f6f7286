import { useState, type FormEvent } from 'react'
import type { Handoff, Ticket } from '../../../shared/domain'
import { useSession } from '../state/session-store'
import { useTicket } from '../state/ticket-store'
import { DialogActions, FormDialog } from './FormDialog'

const fields: Array<{ key: keyof Handoff; label: string }> = [
  { key: 'symptoms', label: 'Symptoms' },
  { key: 'tried', label: 'What was tried' },
  { key: 'findings', label: 'Findings' },
  { key: 'nextStep', label: 'Suggested next step' }
]

/** Escalation needs the whole handoff, so the next tier never calls the user back to ask again. */
export function EscalateDialog({ ticket, open, onOpenChange }: { ticket: Ticket; open: boolean; onOpenChange(open: boolean): void }) {
  const groups = useSession((s) => s.directory?.groups) ?? []
  const act = useTicket((s) => s.act)
  const targets = groups.filter((g) => g.id !== ticket.group?.id)
  const [groupId, setGroupId] = useState('')
  const [handoff, setHandoff] = useState<Handoff>({ symptoms: '', tried: '', findings: '', nextStep: '' })
  const [missing, setMissing] = useState<string[]>([])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const gaps = [...(groupId ? [] : ['group']), ...fields.filter((f) => !handoff[f.key].trim()).map((f) => f.key)]
    setMissing(gaps)
    if (gaps.length) return
    if (await act('tickets.escalate', { id: ticket.id, groupId, handoff })) onOpenChange(false)
  }

  return (
    <FormDialog title={`Escalate ${ticket.number}`} open={open} onOpenChange={onOpenChange}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="esc-group">Escalate to</label>
          <select id="esc-group" value={groupId} onChange={(e) => setGroupId(e.target.value)} aria-invalid={(missing.includes('group') && !groupId) || undefined}>
            <option value="">Choose a group…</option>
            {targets.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name} — {g.tier}
              </option>
            ))}
          </select>
        </div>
        {fields.map((f) => (
          <div className="field" key={f.key}>
            <label htmlFor={`esc-${f.key}`}>{f.label}</label>
            <textarea
              id={`esc-${f.key}`}
              rows={2}
              value={handoff[f.key]}
              aria-invalid={(missing.includes(f.key) && !handoff[f.key].trim()) || undefined}
              onChange={(e) => setHandoff({ ...handoff, [f.key]: e.target.value })}
            />
            {missing.includes(f.key) && !handoff[f.key].trim() && <p className="field-error">Required for the handoff.</p>}
          </div>
        ))}
        <DialogActions submit="Escalate" />
      </form>
    </FormDialog>
  )
}
