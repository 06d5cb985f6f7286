import { useState } from 'react'
import type { ChangeType, Impact, Ticket } from '../../../shared/domain'
import { changeTypes, impacts } from '../../../shared/vocabulary'
import { call } from '../api'
import { errorFor } from '../field-errors'
import { localDateTimeInput } from '../local-time'
import { useSession } from '../state/session-store'
import { RecordForm, useRecordChange } from './RecordForm'

const instant = (value: string) => (value ? new Date(value).toISOString() : null)
const approvalLabel = { pending: 'Waiting for approval', approved: 'Approved', rejected: 'Refused' } as const

/** A change's record, and for a supervisor its approval: approve, or refuse with the reason (both on the timeline). */
export function ChangeRecord({ ticket }: { ticket: Ticket }) {
  const record = ticket.change!
  const role = useSession((s) => s.sync?.account?.role)
  // Signed in, only a supervisor or admin decides; a desk of its own is its technician's to run.
  const mayDecide = !role || role === 'supervisor' || role === 'admin'
  const [form, setForm] = useState({
    changeType: record.changeType ?? 'normal',
    risk: record.risk ?? 'medium',
    plannedStart: localDateTimeInput(record.plannedStart),
    plannedEnd: localDateTimeInput(record.plannedEnd),
    backoutPlan: record.backoutPlan ?? ''
  })
  const [reason, setReason] = useState('')
  const { errors, change } = useRecordChange(ticket.id)
  const save = () =>
    change(() => call('tickets.update', { id: ticket.id, changeType: form.changeType, risk: form.risk, plannedStart: instant(form.plannedStart), plannedEnd: instant(form.plannedEnd), backoutPlan: form.backoutPlan }))
  const decide = (decision: 'approved' | 'rejected') =>
    change(async () => {
      await call('tickets.decideChange', { id: ticket.id, decision, reason })
      setReason('')
    })
  const approval = record.approval === 'pending' && mayDecide && (
    <fieldset className="approval">
      <legend>Approval</legend>
      <label className="field">
        Reason (needed to refuse)
        <input value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={Boolean(errorFor(errors, 'reason'))} />
        {errorFor(errors, 'reason') && <span className="field-error">{errorFor(errors, 'reason')}</span>}
      </label>
      <div className="dialog-actions">
        <button type="button" onClick={() => void decide('rejected')}>
          Refuse
        </button>
        <button type="button" className="primary" onClick={() => void decide('approved')}>
          Approve
        </button>
      </div>
    </fieldset>
  )
  return (
    <RecordForm
      label="Change record"
      state={record.changeType === 'standard' ? 'Standard: approved in advance' : record.approval ? approvalLabel[record.approval] : 'Not planned yet'}
      onSave={() => void save()}
      after={approval}
    >
      <div className="change-fields">
        <label className="field">
          Kind
          <select value={form.changeType} onChange={(e) => setForm({ ...form, changeType: e.target.value as ChangeType })}>
            {changeTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Risk
          <select value={form.risk} onChange={(e) => setForm({ ...form, risk: e.target.value as Impact })}>
            {impacts.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Planned start
          <input type="datetime-local" value={form.plannedStart} onChange={(e) => setForm({ ...form, plannedStart: e.target.value })} />
        </label>
        <label className="field">
          Planned end
          <input type="datetime-local" value={form.plannedEnd} onChange={(e) => setForm({ ...form, plannedEnd: e.target.value })} aria-invalid={Boolean(errorFor(errors, 'plannedEnd'))} />
          {errorFor(errors, 'plannedEnd') && <span className="field-error">{errorFor(errors, 'plannedEnd')}</span>}
        </label>
      </div>
      <label className="field">
        Back-out plan
        <textarea rows={2} value={form.backoutPlan} onChange={(e) => setForm({ ...form, backoutPlan: e.target.value })} placeholder="How to undo it if it goes wrong" />
      </label>
    </RecordForm>
  )
}
