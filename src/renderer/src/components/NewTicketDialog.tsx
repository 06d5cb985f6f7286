import { useState, type FormEvent } from 'react'
import { Channel, Impact, TicketType, Urgency, type RequesterRef } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import { priorityOf } from '../../../shared/priority'
import { call } from '../api'
import { channelLabel, levelLabel, typeLabel } from '../labels'
import { useSession } from '../state/session-store'
import { refreshAll, useTicket } from '../state/ticket-store'
import { DialogActions, FormDialog } from './FormDialog'
import { RequesterPicker } from './RequesterPicker'

type FieldErrors = Record<string, string>

function NewTicketForm() {
  const [channel, setChannel] = useState<Channel>('phone')
  const [type, setType] = useState<TicketType>('incident')
  const [requester, setRequester] = useState<RequesterRef | null>(null)
  const [subject, setSubject] = useState('')
  const [description, setDescription] = useState('')
  const [impact, setImpact] = useState<Impact>('low')
  const [urgency, setUrgency] = useState<Urgency>('medium')
  const [category, setCategory] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [saving, setSaving] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (saving) return
    const missing: FieldErrors = {}
    if (!requester) missing.requester = 'Who is this for?'
    if (!subject.trim()) missing.subject = 'A short subject helps the next person.'
    setErrors(missing)
    if (!requester || Object.keys(missing).length > 0) return
    setSaving(true)
    try {
      const ticket = await call('tickets.create', {
        channel,
        type,
        requester,
        subject,
        description,
        impact,
        urgency,
        ...(category.trim() ? { category } : {})
      })
      useSession.getState().openDialog(null)
      await useTicket.getState().open(ticket.id)
      await refreshAll()
    } catch (error) {
      if (error instanceof DeskError) {
        const byField: FieldErrors = { form: error.message }
        for (const issue of error.issues ?? []) byField[issue.path.split('.')[0] ?? 'form'] = issue.message
        setErrors(byField)
      } else {
        setErrors({ form: String(error) })
      }
    } finally {
      setSaving(false)
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <div className="row">
        <div className="field">
          <label htmlFor="nt-channel">Channel</label>
          <select id="nt-channel" value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
            {Channel.options.map((c) => (
              <option key={c} value={c}>
                {channelLabel[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="nt-type">Type</label>
          <select id="nt-type" value={type} onChange={(e) => setType(e.target.value as TicketType)}>
            {TicketType.options.map((t) => (
              <option key={t} value={t}>
                {typeLabel[t]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <RequesterPicker onChange={setRequester} error={errors.requester} />
      <div className="field">
        <label htmlFor="nt-subject">Subject</label>
        <input
          id="nt-subject"
          value={subject}
          maxLength={300}
          aria-invalid={errors.subject ? true : undefined}
          onChange={(e) => setSubject(e.target.value)}
        />
        {errors.subject && <p className="field-error">{errors.subject}</p>}
      </div>
      <div className="field">
        <label htmlFor="nt-description">Description</label>
        <textarea
          id="nt-description"
          rows={5}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <div className="row four">
        <div className="field">
          <label htmlFor="nt-impact">Impact</label>
          <select id="nt-impact" value={impact} onChange={(e) => setImpact(e.target.value as Impact)}>
            {Impact.options.map((l) => (
              <option key={l} value={l}>
                {levelLabel[l]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="nt-urgency">Urgency</label>
          <select id="nt-urgency" value={urgency} onChange={(e) => setUrgency(e.target.value as Urgency)}>
            {Urgency.options.map((l) => (
              <option key={l} value={l}>
                {levelLabel[l]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <span className="label">Priority</span>
          <output className={`priority priority-${priorityOf(impact, urgency)}`} aria-label="Priority" htmlFor="nt-impact nt-urgency">
            {priorityOf(impact, urgency)}
          </output>
        </div>
        <div className="field">
          <label htmlFor="nt-category">Category</label>
          <input id="nt-category" value={category} maxLength={100} placeholder="e.g. Network / VPN" onChange={(e) => setCategory(e.target.value)} />
        </div>
      </div>
      {errors.form && (
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      )}
      <DialogActions submit={saving ? 'Saving…' : 'Create ticket'} disabled={saving} />
    </form>
  )
}

export function NewTicketDialog() {
  const open = useSession((s) => s.dialog === 'newTicket')
  const openDialog = useSession((s) => s.openDialog)
  const setOpen = (next: boolean) => openDialog(next ? 'newTicket' : null)
  return (
    <FormDialog title="New ticket" open={open} onOpenChange={setOpen}>
      {/* Mounted only while open, so every new ticket starts from a clean form. */}
      {open && <NewTicketForm />}
    </FormDialog>
  )
}
