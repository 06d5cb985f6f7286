import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { call } from '../api'
import { useSession } from '../state/session-store'
import { useTicket } from '../state/ticket-store'
import { draftsSaved, saveDraft, useDrafts } from '../state/draft-store'
import { fileSize, isProgramFile } from '../../../shared/attachments'
import type { FileRef } from '../../../shared/file-ref'
import { draftHasContent } from '../../../shared/draft-content'
import type { DraftFields } from '../../../shared/drafts'

/** A chosen file's bytes as base64, read by the browser itself (no copy through a JavaScript string of bytes). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read.`))
    reader.readAsDataURL(file)
  })
}

/** The `;word` being typed just before the caret, if any: the canned-response picker's query. */
function cannedQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s);([\p{L}\p{N}-]*)$/u.exec(text.slice(0, caret))
  return match ? { start: caret - match[2]!.length - 1, query: match[2]!.toLowerCase() } : null
}

/** What the composer's inputs hold, in the shape a draft is kept in. */
function draftOf(visibility: 'public' | 'internal', body: string, minutes: string, eta: string): DraftFields {
  const spent = Number.parseInt(minutes, 10)
  return {
    visibility,
    body,
    minutes: spent > 0 && spent <= 1_440 ? spent : null,
    eta: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(eta) ? eta : null
  }
}

const nothingTyped = JSON.stringify(draftOf('public', '', '', ''))
const draftDelayMs = 400

/**
 * One composer per ticket (keyed), so nothing typed for one ticket is ever shown, or sent, on another.
 * What it holds is kept as that ticket's draft while typing and comes back when the ticket is opened.
 */
export function Composer({ ticketId }: { ticketId: string }) {
  return <TicketComposer key={ticketId} ticketId={ticketId} />
}

/** Reply (public) or internal note, with time spent and canned responses (`;`); Ctrl+Enter sends. */
function TicketComposer({ ticketId }: { ticketId: string }) {
  const act = useTicket((s) => s.act)
  const canned = useSession((s) => s.directory?.canned)
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public')
  const [body, setBody] = useState('')
  const [minutes, setMinutes] = useState('')
  // datetime-local, in this desk's time: "Expected by" on a reply.
  const [eta, setEta] = useState('')
  const [files, setFiles] = useState<FileRef[]>([])
  const [attaching, setAttaching] = useState<string[]>([])
  const picker = useRef<HTMLInputElement>(null)
  const [caret, setCaret] = useState(0)
  const [active, setActive] = useState(0)
  const [dismissed, setDismissed] = useState(-1)
  const box = useRef<HTMLTextAreaElement>(null)
  // Nothing is saved until the ticket's draft is back; what is typed meanwhile (r, then typing at once) wins over it.
  const [restored, setRestored] = useState(false)
  const savedKey = useRef(nothingTyped)
  const shown = useRef<DraftFields>(JSON.parse(nothingTyped) as DraftFields)
  const unsaved = useRef<DraftFields | null>(null)

  useEffect(() => {
    let gone = false
    call('drafts.get', { id: ticketId }).then(
      (draft) => {
        if (gone) return
        if (draft && !draftHasContent(shown.current)) {
          setVisibility(draft.visibility)
          setBody(draft.body)
          setMinutes(draft.minutes === null ? '' : String(draft.minutes))
          setEta(draft.eta ?? '')
          savedKey.current = JSON.stringify(draftOf(draft.visibility, draft.body, draft.minutes === null ? '' : String(draft.minutes), draft.eta ?? ''))
        }
        setRestored(true)
      },
      (error: unknown) => {
        useSession.getState().notify(error)
        if (!gone) setRestored(true)
      }
    )
    return () => {
      gone = true
    }
  }, [ticketId])

  /** Saves what is waiting to be saved now; resolves once every save so far is answered. */
  const flushDraft = useCallback(() => {
    const fields = unsaved.current
    unsaved.current = null
    if (!fields) return draftsSaved()
    savedKey.current = JSON.stringify(fields)
    return saveDraft(ticketId, fields)
  }, [ticketId])

  const fields = draftOf(visibility, body, minutes, eta)
  const fieldsKey = JSON.stringify(fields)
  // Kept a moment after the technician pauses typing.
  useEffect(() => {
    shown.current = JSON.parse(fieldsKey) as DraftFields
    // Typed before the draft came back: kept if the ticket is left at once, saved as usual once it is back.
    if (!restored) {
      unsaved.current = draftHasContent(shown.current) ? shown.current : null
      return
    }
    if (fieldsKey === savedKey.current) {
      unsaved.current = null
      return
    }
    unsaved.current = JSON.parse(fieldsKey) as DraftFields
    const timer = setTimeout(() => void flushDraft(), draftDelayMs)
    return () => clearTimeout(timer)
  }, [restored, fieldsKey, flushDraft])
  // Switching to another ticket (or closing this one) keeps what was typed in the last moment too.
  useEffect(() => () => void flushDraft(), [flushDraft])

  // r / i and the palette ask for the composer in a given mode.
  useEffect(() => {
    const onCompose = (event: Event) => {
      setVisibility((event as CustomEvent<'public' | 'internal'>).detail)
      box.current?.focus()
    }
    // The Knowledge panel's "insert into reply": plain text added at the end (of a note, for an internal-only article).
    const onInsert = (event: Event) => {
      const { text, visibility: mode } = (event as CustomEvent<{ text: string; visibility: 'public' | 'internal' }>).detail
      setVisibility(mode)
      setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${text}` : text))
      box.current?.focus()
    }
    window.addEventListener('frontline:compose', onCompose)
    window.addEventListener('frontline:insert', onInsert)
    return () => {
      window.removeEventListener('frontline:compose', onCompose)
      window.removeEventListener('frontline:insert', onInsert)
    }
  }, [])

  const picking = cannedQuery(body, caret)
  const choices = picking && picking.start !== dismissed ? (canned ?? []).filter((c) => c.title.toLowerCase().includes(picking.query)).slice(0, 8) : []
  const current = Math.min(active, Math.max(0, choices.length - 1))

  const insert = async (cannedId: string) => {
    if (!picking) return
    try {
      // Rendered by core: placeholders filled from the ticket, as plain text.
      const { text } = await call('canned.render', { cannedId, ticketId })
      const next = body.slice(0, picking.start) + text + body.slice(caret)
      setBody(next)
      const at = picking.start + text.length
      setCaret(at)
      requestAnimationFrame(() => box.current?.setSelectionRange(at, at))
    } catch (error) {
      useSession.getState().notify(error)
    }
  }

  // Each file is kept on this desk as it is chosen (offline too); it reaches the server with the next sync.
  const attach = async (chosen: FileList | null) => {
    for (const file of Array.from(chosen ?? [])) {
      setAttaching((list) => [...list, file.name])
      try {
        const ref = await call('files.attach', { name: file.name, data: await base64Of(file), ...(file.type ? { type: file.type } : {}) })
        setFiles((list) => (list.some((f) => f.sha256 === ref.sha256) ? list : [...list, ref]))
      } catch (error) {
        useSession.getState().notify(error)
      } finally {
        setAttaching((list) => list.filter((name) => name !== file.name))
      }
    }
  }

  const send = async (event?: FormEvent | KeyboardEvent) => {
    event?.preventDefault()
    if (!body.trim()) return
    const sent = { visibility, body, minutes, eta, files }
    const spent = Number.parseInt(minutes, 10)
    const due = visibility === 'public' && eta ? new Date(eta) : null
    // The draft is saved first, so a send that fails leaves it as typed; one that succeeds clears it.
    await flushDraft()
    // Emptied at once, back to a reply: what is typed while the send is answered (i, then a note) is the
    // next message, never the tail of this one nor a note turned into a reply when the answer lands.
    savedKey.current = nothingTyped
    setVisibility('public')
    setBody('')
    setFiles([])
    setMinutes('')
    setEta('')
    const ok = await act('tickets.comment', {
      id: ticketId,
      visibility: sent.visibility,
      body: sent.body,
      ...(spent > 0 ? { minutes: spent } : {}),
      ...(due && !Number.isNaN(due.getTime()) ? { eta: due.toISOString() } : {}),
      ...(sent.files.length ? { attachments: sent.files } : {})
    })
    const typedSince = draftHasContent(shown.current)
    if (ok) {
      // Core removed this ticket's draft with the send: anything typed since is kept again.
      if (typedSince) {
        unsaved.current = shown.current
        void flushDraft()
      } else {
        useDrafts.getState().mark(ticketId, false)
      }
    } else if (!typedSince) {
      // Not sent: it comes back as typed (its draft is still kept), unless something new was started.
      savedKey.current = JSON.stringify(draftOf(sent.visibility, sent.body, sent.minutes, sent.eta))
      setVisibility(sent.visibility)
      setBody(sent.body)
      setFiles(sent.files)
      setMinutes(sent.minutes)
      setEta(sent.eta)
    }
  }

  const onBoxKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Escape leaves the composer so single-key shortcuts work again; the draft stays.
    if (choices.length === 0 && e.key === 'Escape') e.currentTarget.blur()
    if (choices.length === 0) return
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      setActive(e.key === 'ArrowDown' ? Math.min(current + 1, choices.length - 1) : Math.max(current - 1, 0))
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.ctrlKey && !e.metaKey) {
      e.preventDefault()
      void insert(choices[current]!.id)
    } else if (e.key === 'Escape') {
      // Close the picker, not the whole console's focus.
      e.preventDefault()
      e.stopPropagation()
      setDismissed(picking!.start)
    }
  }

  const label = visibility === 'public' ? 'Reply to the requester' : 'Internal note'
  return (
    <form
      className={`composer composer-${visibility}`}
      onSubmit={(e) => void send(e)}
      aria-label="Composer"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send(e)
      }}
      // Files dropped on the composer attach to it (and never make the page navigate to them).
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault()
      }}
      onDrop={(e) => {
        if (!e.dataTransfer.files.length) return
        e.preventDefault()
        void attach(e.dataTransfer.files)
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
      <div className="combobox">
        <textarea
          ref={box}
          aria-label={label}
          rows={3}
          value={body}
          placeholder="Type ; for a canned response"
          aria-controls={choices.length ? 'canned-list' : undefined}
          aria-autocomplete="list"
          aria-activedescendant={choices.length ? `canned-${current}` : undefined}
          onChange={(e) => {
            setBody(e.target.value)
            setCaret(e.target.selectionStart)
            setActive(0)
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onBoxKey}
        />
        {choices.length > 0 && (
          <ul id="canned-list" role="listbox" aria-label="Canned responses" className="options">
            {choices.map((c, i) => (
              <li
                key={c.id}
                id={`canned-${i}`}
                role="option"
                aria-selected={i === current}
                onMouseDown={(e) => {
                  e.preventDefault()
                  void insert(c.id)
                }}
              >
                <span>{c.title}</span>
                <span className="hint">{c.body.slice(0, 80)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {(files.length > 0 || attaching.length > 0) && (
        <ul className="composer-files" aria-label="Files to send">
          {files.map((f) => (
            <li key={f.sha256}>
              {f.name} <span className="hint">{fileSize(f.size)}</span>
              {isProgramFile(f.name) && <span className="file-warning">program</span>}
              <button type="button" className="link" aria-label={`Remove ${f.name}`} onClick={() => setFiles((list) => list.filter((x) => x.sha256 !== f.sha256))}>
                ×
              </button>
            </li>
          ))}
          {attaching.map((name) => (
            <li key={`attaching-${name}`} className="hint" role="status">
              Attaching {name}…
            </li>
          ))}
        </ul>
      )}
      <div className="composer-actions">
        <input ref={picker} type="file" multiple hidden aria-label="Files to attach" onChange={(e) => void attach(e.target.files).then(() => (e.target.value = ''))} />
        <button type="button" className="small" onClick={() => picker.current?.click()}>
          Attach files…
        </button>
        {visibility === 'public' && (
          <label>
            Expected by
            <input type="datetime-local" value={eta} onChange={(e) => setEta(e.target.value)} />
          </label>
        )}
        <label>
          Time spent (min)
          <input type="number" min={1} max={1440} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={!body.trim() || attaching.length > 0}>
          {visibility === 'public' ? 'Send reply' : 'Add note'} <kbd>Ctrl ↵</kbd>
        </button>
      </div>
    </form>
  )
}
