import { useState, type FormEvent } from 'react'
import { Channel, TicketType, type RequesterRef } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import { channelLabel, typeLabel } from '../labels'
import { useConsole } from '../state/console-store'
import { DialogActions, FormDialog } from './FormDialog'
import { RequesterPicker } from './RequesterPicker'

type FieldErrors = Record<string, string>

function NewTicketForm() {
  const createTicket = useConsole((s) => s.createTicket)
  const [channel, setChannel] = useState<Channel>('phone')
  const [type, setType] = useState<TicketType>('incident')
  const [requester, setRequester] = useState<RequesterRef | null>(null)
  const [subject, setSubject] = useState('')
  const [description, setDescription] = useState('')
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
      await createTicket({ channel, type, requester, subject, description })
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
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e)
          }}
        />
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
  const open = useConsole((s) => s.newTicketOpen)
  const setOpen = useConsole((s) => s.setNewTicketOpen)
  return (
    <FormDialog title="New ticket" open={open} onOpenChange={setOpen}>
      {/* Mounted only while open, so every new ticket starts from a clean form. */}
      {open && <NewTicketForm />}
    </FormDialog>
  )
}
