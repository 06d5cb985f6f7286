import { useState, type FormEvent } from 'react'
import type { Channel, Impact, RequesterRef, TicketType, Urgency } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import { priorityOf } from '../../../shared/priority'
import { channels, impacts, ticketTypes, urgencies } from '../../../shared/vocabulary'
import { call } from '../api'
import { channelLabel, levelLabel, typeLabel } from '../labels'
import { useSession } from '../state/session-store'
import { refreshAll, useTicket } from '../state/ticket-store'
import { DialogActions, FormDialog } from './FormDialog'
import { AlreadyOpen } from './AlreadyOpen'
import { RequesterPicker } from './RequesterPicker'
import { SelectField } from './SelectField'
import { SuggestedArticles, type ChosenArticle } from './SuggestedArticles'
import { saveDraft } from '../state/draft-store'

type FieldErrors = Record<string, string>

/** The article as plain text (no markup reaches the requester), kept as the ticket's draft; its use is counted. */
async function startFirstReply(ticketId: string, chosen: ChosenArticle): Promise<void> {
  try {
    const { title, text, visibility } = await call('kb.excerpt', { id: chosen.id })
    await saveDraft(ticketId, { visibility: visibility === 'shareable' ? 'public' : 'internal', body: `${title}\n\n${text}`, minutes: null, eta: null })
    await call('kb.link', { ticketId, articleId: chosen.id, solved: false })
  } catch (error) {
    // The ticket exists either way; the article can still be inserted from the Knowledge panel.
    useSession.getState().notify(error)
  }
}

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
  const [article, setArticle] = useState<ChosenArticle | null>(null)

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
      // The chosen article becomes the new ticket's reply draft, for the technician to edit and send:
      // nothing reaches the requester until they do.
      if (article) await startFirstReply(ticket.id, article)
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
        <SelectField id="nt-channel" label="Channel" value={channel} options={channels} labels={channelLabel} onChange={setChannel} />
        <SelectField id="nt-type" label="Type" value={type} options={ticketTypes} labels={typeLabel} onChange={setType} />
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
        {requester && 'id' in requester && <AlreadyOpen requesterId={requester.id} subject={subject} />}
        <SuggestedArticles
          subject={subject}
          description={description}
          {...(requester && 'id' in requester ? { requesterId: requester.id } : {})}
          chosen={article}
          onChoose={setArticle}
        />
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
        <SelectField id="nt-impact" label="Impact" value={impact} options={impacts} labels={levelLabel} onChange={setImpact} />
        <SelectField id="nt-urgency" label="Urgency" value={urgency} options={urgencies} labels={levelLabel} onChange={setUrgency} />
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
    <FormDialog title="New ticket" open={open} onOpenChange={setOpen} discard="Discard this new ticket?">
      {/* Mounted only while open, so every new ticket starts from a clean form. */}
      {open && <NewTicketForm />}
    </FormDialog>
  )
}
