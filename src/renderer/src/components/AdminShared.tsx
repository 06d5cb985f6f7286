import { useState } from 'react'
import { v7 as uuidv7 } from 'uuid'
import type { CannedList, TeamOverview } from '../../../shared/team'
import { call } from '../api'
import { errorFor } from '../field-errors'
import { useSettingsSave } from '../settings-save'
import { useSession } from '../state/session-store'

type Apply = (work: Promise<TeamOverview>) => Promise<void>

/**
 * The team's canned responses. Until the team has a list, this desk's own is offered as the start,
 * so a lead who set good ones up before the team joined keeps them by saving.
 */
export function CannedEditor({ overview, apply }: { overview: TeamOverview; apply: Apply }) {
  // The selector returns the stored array itself: a fresh default there would re-render without end.
  const local = useSession((s) => s.directory?.canned)
  const [list, setList] = useState<CannedList>(overview.directory.canned ?? (local ?? []).map(({ id, title, body }) => ({ id, title, body })))
  const { errors, saved, onSubmit } = useSettingsSave(() => apply(call('team.saveCanned', { list })))
  const edit = (i: number, part: Partial<CannedList[number]>) => setList(list.map((c, j) => (j === i ? { ...c, ...part } : c)))
  return (
    <form
      className="admin-policies"
      onSubmit={onSubmit}
    >
      {overview.directory.canned === null && <p className="hint">The team has no shared responses yet; these are this desk’s own. Saving makes them every desk’s.</p>}
      <p className="hint">Placeholders: {'{requester.firstName}'}, {'{ticket.number}'}, {'{me.name}'}.</p>
      {list.map((c, i) => (
        <fieldset key={c.id}>
          <legend>Response {i + 1}</legend>
          <label className="field">
            Title
            <input value={c.title} onChange={(e) => edit(i, { title: e.target.value })} aria-invalid={Boolean(errorFor(errors, `list.${i}.title`))} />
            {errorFor(errors, `list.${i}.title`) && <span className="field-error">{errorFor(errors, `list.${i}.title`)}</span>}
          </label>
          <label className="field">
            Text
            <textarea rows={4} value={c.body} onChange={(e) => edit(i, { body: e.target.value })} aria-invalid={Boolean(errorFor(errors, `list.${i}.body`))} />
            {errorFor(errors, `list.${i}.body`) && <span className="field-error">{errorFor(errors, `list.${i}.body`)}</span>}
          </label>
          <button type="button" onClick={() => setList(list.filter((_, j) => j !== i))}>
            Remove “{c.title || 'untitled'}”
          </button>
        </fieldset>
      ))}
      <div className="dialog-actions">
        <button type="button" onClick={() => setList([...list, { id: uuidv7(), title: '', body: '' }])}>
          Add a response
        </button>
        <button type="submit" className="primary">
          Save for the team
        </button>
      </div>
      {errors.form && (
        <p role="alert" className="field-error">
          {errors.form}
        </p>
      )}
      {saved && <p role="status">Saved. Every desk has them with its next sync.</p>}
    </form>
  )
}

/** Words the knowledge search treats as one: a group per line, words separated by commas. */
export function SynonymsEditor({ overview, apply }: { overview: TeamOverview; apply: Apply }) {
  const [text, setText] = useState((overview.directory.synonyms ?? []).map((g) => g.join(', ')).join('\n'))
  const groups = text
    .split('\n')
    .map((line) => line.split(',').map((w) => w.trim()).filter(Boolean))
    .filter((g) => g.length > 0)
  const { errors, saved, onSubmit } = useSettingsSave(() => apply(call('team.saveSynonyms', { groups })))
  // A refused group is named by its line.
  const line = Object.keys(errors).map((path) => /^groups\.(\d+)/.exec(path)?.[1]).find(Boolean)
  const error = line !== undefined ? `Line ${Number(line) + 1}: ${Object.entries(errors).find(([p]) => p.startsWith(`groups.${line}`))?.[1]}` : (errors.form ?? null)
  return (
    <form
      className="admin-policies"
      onSubmit={onSubmit}
    >
      {overview.directory.synonyms === null && <p className="hint">The team has no synonyms yet; each desk uses the ones it came with. Saving makes these every desk’s.</p>}
      <label className="field">
        Synonyms (one group per line, words separated by commas)
        <textarea rows={14} value={text} onChange={(e) => setText(e.target.value)} placeholder="pw, password, passcode" aria-invalid={Boolean(error)} aria-describedby={error ? 'synonyms-error' : undefined} />
      </label>
      {error && (
        <p role="alert" className="field-error" id="synonyms-error">
          {error}
        </p>
      )}
      {saved && <p role="status">Saved. Knowledge search on every desk uses them after its next sync.</p>}
      <div className="dialog-actions">
        <button type="submit" className="primary">
          Save for the team
        </button>
      </div>
    </form>
  )
}
