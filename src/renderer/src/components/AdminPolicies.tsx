import { maxAttachmentMb } from '../../../shared/attachments'
import { useEffect, useState } from 'react'
import type { Priority } from '../../../shared/domain'
import { aroundTheClock, type SlaOverride, type TeamGroup, type TeamOverview, type TeamPolicies } from '../../../shared/team'
import { priorities, ticketTypes } from '../../../shared/vocabulary'
import { v7 as uuidv7 } from 'uuid'
import { typeLabel } from '../labels'
import { call } from '../api'
import { errorFor } from '../field-errors'
import { useSettingsSave } from '../settings-save'
import { AnySelect } from './AnySelect'

const days = [
  ['1', 'Monday'],
  ['2', 'Tuesday'],
  ['3', 'Wednesday'],
  ['4', 'Thursday'],
  ['5', 'Friday'],
  ['6', 'Saturday'],
  ['7', 'Sunday']
] as const
type Day = (typeof days)[number][0]

const clock = (minutes: number) => `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
const minutesOf = (time: string) => {
  const [h, m] = time.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}
const span = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} h` : minutes > 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`)

/** The team's business hours and SLA targets, with the due times an example ticket would get before saving. */
export function AdminPolicies({ policies, groups, apply }: { policies: TeamPolicies; groups: TeamGroup[]; apply(work: Promise<TeamOverview>): Promise<void> }) {
  const [draft, setDraft] = useState<TeamPolicies>(policies)
  const [holidays, setHolidays] = useState(policies.calendar.holidays.join('\n'))
  const [example, setExample] = useState<Priority>('P2')
  const [exampleGroup, setExampleGroup] = useState('')
  const [preview, setPreview] = useState<{ firstResponseDue: string; resolutionDue: string } | null>(null)
  const candidate: TeamPolicies = { ...draft, calendar: { ...draft.calendar, holidays: holidays.split(/\s+/).filter(Boolean) } }
  const key = JSON.stringify([candidate, example, exampleGroup])

  useEffect(() => {
    const timer = setTimeout(() => {
      const [policies, priority, groupId] = JSON.parse(key) as [TeamPolicies, Priority, string]
      call('team.previewDue', { policies, priority, ...(groupId ? { groupId } : {}) }).then(setPreview, () => setPreview(null))
    }, 250)
    return () => clearTimeout(timer)
  }, [key])

  const setTarget = (p: Priority, which: 'firstResponseMinutes' | 'resolutionMinutes', value: number) => setDraft({ ...draft, sla: { ...draft.sla, [p]: { ...draft.sla[p], [which]: value } } })
  const setDay = (day: Day, spans: Array<[number, number]>) => setDraft({ ...draft, calendar: { ...draft.calendar, hours: { ...draft.calendar.hours, [day]: spans } } })
  const { errors, saved, onSubmit } = useSettingsSave(() => apply(call('team.savePolicies', candidate)))
  // In the desk's time zone while it is one; a zone being typed falls back to this computer's.
  const when = (iso: string) => {
    const format = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' } as const
    try {
      return new Date(iso).toLocaleString(undefined, { ...format, timeZone: draft.calendar.timeZone })
    } catch {
      return new Date(iso).toLocaleString(undefined, format)
    }
  }

  return (
    <form
      className="admin-policies"
      // The team's schema judges every field and says what is wrong beside it; the browser's own bubbles would say less.
      noValidate
      onSubmit={onSubmit}
    >
      <fieldset>
        <legend>SLA targets, in business minutes</legend>
        <table className="fleet-table">
          <thead>
            <tr>
              <th scope="col">Priority</th>
              <th scope="col">First response</th>
              <th scope="col">Resolution</th>
            </tr>
          </thead>
          <tbody>
            {priorities.map((p) => (
              <tr key={p}>
                <th scope="row">{p}</th>
                {(['firstResponseMinutes', 'resolutionMinutes'] as const).map((which) => {
                  const error = errorFor(errors, `sla.${p}.${which}`) ?? errorFor(errors, `sla.${p}`)
                  return (
                    <td key={which}>
                      <input
                        type="number"
                        min={1}
                        aria-label={`${p} ${which === 'firstResponseMinutes' ? 'first response' : 'resolution'} minutes`}
                        value={draft.sla[p][which]}
                        onChange={(e) => setTarget(p, which, Number(e.target.value))}
                        aria-invalid={Boolean(error)}
                      />{' '}
                      <small>{span(draft.sla[p][which])}</small>
                      {error && <span className="field-error">{error}</span>}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <fieldset>
        <legend>Business hours</legend>
        <label className="field">
          Time zone
          <input value={draft.calendar.timeZone} onChange={(e) => setDraft({ ...draft, calendar: { ...draft.calendar, timeZone: e.target.value } })} aria-invalid={Boolean(errorFor(errors, 'calendar.timeZone'))} />
          {errorFor(errors, 'calendar.timeZone') && <span className="field-error">{errorFor(errors, 'calendar.timeZone')}</span>}
        </label>
        {days.map(([day, label]) => {
          const spans = draft.calendar.hours[day] ?? []
          const [start, end] = spans[0] ?? [8 * 60, 18 * 60]
          return (
            <div key={day} className="day-hours">
              <label className="check">
                <input type="checkbox" checked={spans.length > 0} onChange={(e) => setDay(day, e.target.checked ? [[start, end]] : [])} />
                {label}
              </label>
              {spans.length > 0 && (
                <>
                  <input type="time" aria-label={`${label} opens`} value={clock(start)} onChange={(e) => setDay(day, [[minutesOf(e.target.value), end]])} />
                  –
                  <input type="time" aria-label={`${label} closes`} value={clock(end)} onChange={(e) => setDay(day, [[start, minutesOf(e.target.value) || 1_440]])} />
                </>
              )}
            </div>
          )
        })}
        {errorFor(errors, 'calendar.hours') && <span className="field-error">{errorFor(errors, 'calendar.hours')}</span>}
        <label className="field">
          Holidays (one date per line, like 2026-12-25)
          <textarea rows={4} value={holidays} onChange={(e) => setHolidays(e.target.value)} aria-invalid={Boolean(errorFor(errors, 'calendar.holidays'))} />
          {errorFor(errors, 'calendar.holidays') && <span className="field-error">{errorFor(errors, 'calendar.holidays')}</span>}
        </label>
      </fieldset>
      <label className="field">
        Close resolved tickets the requester does not answer after (business days; 0: never)
        <input
          type="number"
          min={0}
          max={60}
          value={draft.autoCloseDays}
          onChange={(e) => setDraft({ ...draft, autoCloseDays: Number(e.target.value) })}
          aria-invalid={Boolean(errorFor(errors, 'autoCloseDays'))}
        />
        {errorFor(errors, 'autoCloseDays') && <span className="field-error">{errorFor(errors, 'autoCloseDays')}</span>}
      </label>
      <label className="field">
        Largest file a ticket keeps (MB; larger ones in mail are listed, not kept)
        <input
          type="number"
          min={1}
          max={maxAttachmentMb}
          value={draft.attachmentMb}
          onChange={(e) => setDraft({ ...draft, attachmentMb: Number(e.target.value) })}
          aria-invalid={Boolean(errorFor(errors, 'attachmentMb'))}
        />
        {errorFor(errors, 'attachmentMb') && <span className="field-error">{errorFor(errors, 'attachmentMb')}</span>}
      </label>
      <Exceptions overrides={draft.overrides} groups={groups} errors={errors} onChange={(overrides) => setDraft({ ...draft, overrides })} timeZone={draft.calendar.timeZone} />
      <p className="preview" aria-live="polite">
        <label>
          A{' '}
          <select aria-label="Example priority" value={example} onChange={(e) => setExample(e.target.value as Priority)}>
            {priorities.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>{' '}
          ticket held by{' '}
          <select aria-label="Example group" value={exampleGroup} onChange={(e) => setExampleGroup(e.target.value)}>
            <option value="">any group</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>{' '}
          logged now
        </label>{' '}
        {preview ? (
          <span>
            needs a first response by <strong>{when(preview.firstResponseDue)}</strong> and is due <strong>{when(preview.resolutionDue)}</strong>.
          </span>
        ) : (
          <span>— fix the fields above to see its due times.</span>
        )}
      </p>
      {errors.form && (
        <p role="alert" className="field-error">
          {errors.form}
        </p>
      )}
      {saved && <p role="status">Saved. Every desk’s due times follow with its next sync.</p>}
      <div className="dialog-actions">
        <button type="submit" className="primary">
          Save hours and targets
        </button>
      </div>
    </form>
  )
}

/** Exceptions to the team's targets for one group or ticket type: their own targets, and their own hours if they are on call. */
function Exceptions({ overrides, groups, errors, timeZone, onChange }: { overrides: SlaOverride[]; groups: TeamGroup[]; errors: Record<string, string>; timeZone: string; onChange(o: SlaOverride[]): void }) {
  const set = (i: number, part: Partial<SlaOverride>) => onChange(overrides.map((o, j) => (j === i ? { ...o, ...part } : o)))
  return (
    <fieldset>
      <legend>Exceptions by group or ticket type</legend>
      {overrides.length === 0 && <p className="hint">None: every ticket runs on the targets and hours above.</p>}
      {overrides.map((o, i) => {
        const error = errorFor(errors, `overrides.${i}`)
        return (
          <div key={o.id} className="exception" role="group" aria-label={`Exception ${i + 1}`}>
            <div className="day-hours">
              <select aria-label={`Exception ${i + 1} group`} value={o.groupId ?? ''} onChange={(e) => set(i, { groupId: e.target.value || null })}>
                <option value="">Any group</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name} ({g.tier})
                  </option>
                ))}
              </select>
              <AnySelect label={`Exception ${i + 1} type`} any="Any type" value={o.type} options={ticketTypes} labels={typeLabel} onChange={(type) => set(i, { type })} />
              <label className="check">
                <input type="checkbox" checked={o.calendar !== null} onChange={(e) => set(i, { calendar: e.target.checked ? aroundTheClock(timeZone) : null })} />
                Around the clock
              </label>
              <button type="button" onClick={() => onChange(overrides.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
            <div className="day-hours">
              {priorities.map((p) => (
                <span key={p} className="check">
                  {p}
                  {(['firstResponseMinutes', 'resolutionMinutes'] as const).map((which) => (
                    <input
                      key={which}
                      type="number"
                      min={1}
                      placeholder={which === 'firstResponseMinutes' ? 'response' : 'resolve'}
                      aria-label={`Exception ${i + 1} ${p} ${which === 'firstResponseMinutes' ? 'first response' : 'resolution'} minutes`}
                      value={o.sla[p]?.[which] ?? ''}
                      onChange={(e) => {
                        const sla = { ...o.sla }
                        if (!e.target.value) delete sla[p]
                        // A priority the exception names gets both targets; the other starts as the same number.
                        else sla[p] = { firstResponseMinutes: Number(e.target.value), resolutionMinutes: Number(e.target.value), ...(sla[p] ?? {}), [which]: Number(e.target.value) }
                        set(i, { sla })
                      }}
                    />
                  ))}
                </span>
              ))}
            </div>
            {error && <span className="field-error">{error}</span>}
          </div>
        )
      })}
      <button type="button" onClick={() => onChange([...overrides, { id: uuidv7(), groupId: groups[0]?.id ?? null, type: null, calendar: null, sla: {} }])}>
        Add an exception
      </button>
    </fieldset>
  )
}
