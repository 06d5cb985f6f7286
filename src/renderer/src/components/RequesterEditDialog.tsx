import { useState } from 'react'
import type { Person, PersonEdit } from '../../../shared/domain'
import { call } from '../api'
import { errorFor, fieldErrors } from '../field-errors'
import { refreshAll, useTicket } from '../state/ticket-store'
import { DialogActions, FormDialog } from './FormDialog'

const textFields: Array<{ key: Exclude<keyof PersonEdit, 'vip' | 'aliases'>; label: string; type?: string; long?: boolean }> = [
  { key: 'name', label: 'Name' },
  { key: 'email', label: 'Email', type: 'email' },
  { key: 'phone', label: 'Phone', type: 'tel' },
  { key: 'department', label: 'Department' },
  { key: 'location', label: 'Location' },
  { key: 'manager', label: 'Manager' },
  { key: 'language', label: 'Preferred language' },
  { key: 'notes', label: 'Notes for the desk', long: true }
]

/**
 * The requester's details, as a technician corrects them on the phone: saved on this desk at once,
 * offline too, and merged with other desks' edits field by field.
 */
export function RequesterEditDialog({ person, open, onClose }: { person: Person; open: boolean; onClose(): void }) {
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(textFields.map(({ key }) => [key, (person[key] as string | null | undefined) ?? ''])))
  const [vip, setVip] = useState(person.vip)
  const [aliases, setAliases] = useState((person.aliases ?? []).join(', '))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const submit = async () => {
    // Only what changed goes: each field merges on its own with other desks' edits.
    const edit: Record<string, unknown> = {}
    for (const { key } of textFields) if ((draft[key] ?? '') !== ((person[key] as string | null | undefined) ?? '')) edit[key] = draft[key]
    if (vip !== person.vip) edit.vip = vip
    const others = aliases.split(/[\s,;]+/).filter(Boolean)
    if (others.join() !== (person.aliases ?? []).join()) edit.aliases = others
    if (Object.keys(edit).length === 0) return onClose()
    try {
      await call('people.update', { id: person.id, edit: edit as PersonEdit })
      const current = useTicket.getState().detail?.ticket.id
      if (current) await useTicket.getState().open(current)
      await refreshAll()
      onClose()
    } catch (error) {
      setErrors(fieldErrors(error))
    }
  }
  return (
    <FormDialog title={`Edit ${person.name}`} open={open} onOpenChange={(o) => !o && onClose()}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
        noValidate
      >
        {textFields.map(({ key, label, type, long }) => {
          const error = errorFor(errors, key)
          const props = {
            id: `person-${key}`,
            value: draft[key] ?? '',
            'aria-invalid': Boolean(error),
            ...(error ? { 'aria-describedby': `person-${key}-error` } : {}),
            onChange: (e: { target: { value: string } }) => {
              setDraft({ ...draft, [key]: e.target.value })
              // A field being corrected no longer shows the old complaint.
              if (error) setErrors(Object.fromEntries(Object.entries(errors).filter(([path]) => path !== key && !path.endsWith(`.${key}`))))
            }
          }
          return (
            <div className="field" key={key}>
              <label htmlFor={`person-${key}`}>{label}</label>
              {long ? <textarea rows={3} {...props} /> : <input type={type ?? 'text'} {...props} />}
              {error && (
                <p className="field-error" id={`person-${key}-error`}>
                  {error}
                </p>
              )}
            </div>
          )
        })}
        <div className="field">
          <label htmlFor="person-aliases">Other email addresses (mail from these finds {person.name})</label>
          <input id="person-aliases" value={aliases} onChange={(e) => setAliases(e.target.value)} aria-invalid={Boolean(errorFor(errors, 'aliases'))} placeholder="m.ortiz@old-domain.example, finance-team@corp.example" />
          {errorFor(errors, 'aliases') && <p className="field-error">{errorFor(errors, 'aliases')}</p>}
        </div>
        <label className="check">
          <input type="checkbox" checked={vip} onChange={(e) => setVip(e.target.checked)} />
          VIP (their tickets stand out in every queue)
        </label>
        {errors.form && !Object.keys(errors).some((k) => k !== 'form') && (
          <p role="alert" className="field-error">
            {errors.form}
          </p>
        )}
        <DialogActions submit="Save details" />
      </form>
    </FormDialog>
  )
}
