import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { useConsole } from '../state/console-store'

/** Reply (public) or internal note, with time spent; Ctrl+Enter sends. */
export function Composer({ ticketId }: { ticketId: string }) {
  const act = useConsole((s) => s.act)
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public')
  const [body, setBody] = useState('')
  const [minutes, setMinutes] = useState('')

  const send = async (event?: FormEvent | KeyboardEvent) => {
    event?.preventDefault()
    if (!body.trim()) return
    const spent = Number.parseInt(minutes, 10)
    const ok = await act('tickets.comment', { id: ticketId, visibility, body, ...(spent > 0 ? { minutes: spent } : {}) })
    if (ok) {
      setBody('')
      setMinutes('')
    }
  }

  return (
    <form
      className={`composer composer-${visibility}`}
      onSubmit={(e) => void send(e)}
      aria-label="Composer"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send(e)
      }}
    >
      <div role="radiogroup" aria-label="Visibility" className="toggle">
        <label>
          <input type="radio" name="visibility" checked={visibility === 'public'} onChange={() => setVisibility('public')} /> Reply
        </label>
        <label>
          <input type="radio" name="visibility" checked={visibility === 'internal'} onChange={() => setVisibility('internal')} /> Internal note
        </label>
      </div>
      <textarea
        aria-label={visibility === 'public' ? 'Reply to the requester' : 'Internal note'}
        rows={3}
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <div className="composer-actions">
        <label>
          Time spent (min)
          <input type="number" min={1} max={1440} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={!body.trim()}>
          {visibility === 'public' ? 'Send reply' : 'Add note'} <kbd>Ctrl ↵</kbd>
        </button>
      </div>
    </form>
  )
}
