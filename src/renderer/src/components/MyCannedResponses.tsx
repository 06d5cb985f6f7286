import { useState } from 'react'
import { call } from '../api'
import { errorFor, fieldErrors } from '../field-errors'
import { useSession } from '../state/session-store'

/** A technician's own saved replies, beside the team's: kept on this desk, offered by `;` in the composer. */
export function MyCannedResponses() {
  const canned = useSession((s) => s.directory?.canned)
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const mine = (canned ?? []).filter((c) => c.personal)
  const refresh = (list: NonNullable<typeof canned>) => {
    const session = useSession.getState()
    if (session.directory) useSession.setState({ directory: { ...session.directory, canned: list } })
  }
  const add = async () => {
    try {
      refresh(await call('canned.savePersonal', { title, body }))
      setTitle('')
      setBody('')
      setErrors({})
    } catch (error) {
      setErrors(fieldErrors(error))
    }
  }
  return (
    <section aria-label="My canned responses" className="my-canned">
      <h3>My canned responses</h3>
      {mine.length === 0 ? (
        <p className="hint">None yet. The team’s are offered too; type ; in a reply to pick one.</p>
      ) : (
        <ul>
          {mine.map((c) => (
            <li key={c.id}>
              {c.title}{' '}
              <button type="button" className="link" aria-label={`Remove ${c.title}`} onClick={() => void call('canned.removePersonal', { id: c.id }).then(refresh, useSession.getState().notify)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void add()
        }}
        noValidate
      >
        <div className="field">
          <label htmlFor="my-canned-title">Title</label>
          <input id="my-canned-title" value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} aria-invalid={Boolean(errorFor(errors, 'title'))} />
          {errorFor(errors, 'title') && <p className="field-error">{errorFor(errors, 'title')}</p>}
        </div>
        <div className="field">
          <label htmlFor="my-canned-body">Text</label>
          <textarea id="my-canned-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} aria-invalid={Boolean(errorFor(errors, 'body'))} />
          {errorFor(errors, 'body') && <p className="field-error">{errorFor(errors, 'body')}</p>}
        </div>
        <button type="submit">Add my response</button>
      </form>
    </section>
  )
}
