import { useEffect, useState } from 'react'
import { Priority } from '../../../shared/domain'
import type { TeamOverview, TeamPolicies } from '../../../shared/team'
import { call } from '../api'
import { errorFor, fieldErrors } from '../field-errors'

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
export function AdminPolicies({ policies, apply }: { policies: TeamPolicies; apply(work: Promise<TeamOverview>): Promise<void> }) {
  const [draft, setDraft] = useState<TeamPolicies>(policies)
  const [holidays, setHolidays] = useState(policies.calendar.holidays.join('\n'))
  const [example, setExample] = useState<Priority>('P2')
  const [preview, setPreview] = useState<{ firstResponseDue: string; resolutionDue: string } | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saved, setSaved] = useState(false)
  const candidate: TeamPolicies = { ...draft, calendar: { ...draft.calendar, holidays: holidays.split(/\s+/).filter(Boolean) } }
  const key = JSON.stringify([candidate, example])

  useEffect(() => {
    const timer = setTimeout(() => {
      const [policies, priority] = JSON.parse(key) as [TeamPolicies, Priority]
      call('team.previewDue', { policies, priority }).then(setPreview, () => setPreview(null))
    }, 250)
    return () => clearTimeout(timer)
  }, [key])

  const setTarget = (p: Priority, which: 'firstResponseMinutes' | 'resolutionMinutes', value: number) => setDraft({ ...draft, sla: { ...draft.sla, [p]: { ...draft.sla[p], [which]: value } } })
  const setDay = (day: Day, spans: Array<[number, number]>) => setDraft({ ...draft, calendar: { ...draft.calendar, hours: { ...draft.calendar.hours, [day]: spans } } })
  const save = async () => {
    setSaved(false)
    try {
      await apply(call('team.savePolicies', candidate))
      setErrors({})
      setSaved(true)
    } catch (error) {
      setErrors(fieldErrors(error))
    }
  }
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
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
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
            {Priority.options.map((p) => (
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
      <p className="preview" aria-live="polite">
        <label>
          A{' '}
          <select aria-label="Example priority" value={example} onChange={(e) => setExample(e.target.value as Priority)}>
            {Priority.options.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>{' '}
          ticket logged now
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
