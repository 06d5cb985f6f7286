import { lazy, Suspense, useEffect, useState } from 'react'
import type { ArticleHit } from '../../../shared/knowledge'
import { call } from '../api'
import { learnedLabel } from '../labels'
import { useSearchLog } from '../search-log'
import { useSession } from '../state/session-store'
import { useTicket } from '../state/ticket-store'
import { Snippet } from './Snippet'

// The reader brings markdown with it: loaded when an article is first opened.
const ArticleDialog = lazy(() => import('./ArticleDialog').then((m) => ({ default: m.ArticleDialog })))

/**
 * Articles for the open ticket, ranked from its subject and description and weighed by the
 * requester's machines; a search box for anything else. Each can be read, pasted into the reply as
 * plain text, or marked as the one that solved it.
 */
export function KnowledgePane() {
  const detail = useTicket((s) => s.detail)
  const act = useTicket((s) => s.act)
  const notify = useSession((s) => s.notify)
  const [query, setQuery] = useState('')
  const [hits, setHits] = useState<ArticleHit[]>([])
  const [reading, setReading] = useState<string | null>(null)
  const ticket = detail?.ticket
  const ticketId = ticket?.id
  const subject = ticket?.subject ?? ''
  const description = ticket?.description ?? ''
  const requesterId = ticket?.requester.id

  useEffect(() => {
    if (!ticketId) return
    let stale = false
    const timer = setTimeout(() => {
      const ask = query.trim() ? call('kb.search', { text: query, log: false, limit: 8 }) : call('kb.suggest', { subject, description, ticketId, ...(requesterId ? { requesterId } : {}) })
      ask.then((found) => !stale && setHits(found), notify)
    }, 150)
    return () => {
      stale = true
      clearTimeout(timer)
    }
  }, [ticketId, subject, description, requesterId, query, notify])

  useSearchLog(query, (typed) => void call('kb.search', { text: typed, limit: 8 }).catch(notify))

  const insert = async (id: string) => {
    try {
      const { title, text, visibility } = await call('kb.excerpt', { id })
      // An internal-only article never lands in a reply the requester reads: it goes into an internal note.
      window.dispatchEvent(new CustomEvent('frontline:insert', { detail: { text: `${title}\n\n${text}`, visibility: visibility === 'shareable' ? 'public' : 'internal' } }))
      if (ticket) await call('kb.link', { ticketId: ticket.id, articleId: id, solved: false })
    } catch (error) {
      notify(error)
    }
  }

  return (
    <section className="knowledge" aria-label="Knowledge">
      <h2>Knowledge</h2>
      {!ticket ? (
        <p className="hint">Open a ticket to see articles that match it.</p>
      ) : (
        <>
          {detail.knownErrors.length > 0 && (
            <ul className="kb-hits" aria-label="Known errors for this ticket">
              {detail.knownErrors.map((k) => (
                <li key={k.id}>
                  <strong>
                    Known error <span className="number">{k.number}</span>
                  </strong>{' '}
                  {k.subject}
                  <p className="kb-snippet">{k.workaround}</p>
                </li>
              ))}
            </ul>
          )}
          <input type="search" className="kb-search" aria-label="Search knowledge" placeholder="Search articles" value={query} onChange={(e) => setQuery(e.target.value)} />
          {hits.length === 0 ? (
            <p className="hint">{query.trim() ? 'No article matches that search; it is noted as a gap for the knowledge team.' : 'No article matches this ticket yet.'}</p>
          ) : (
            <ol className="kb-hits" aria-label={query.trim() ? 'Search results' : 'Suggested articles'}>
              {hits.map((hit) => (
                <li key={hit.id}>
                  <button type="button" className="link kb-title" onClick={() => setReading(hit.id)}>
                    {hit.title}
                  </button>
                  {hit.appliesMatch.length > 0 && <span className="chip">fits {hit.appliesMatch.join(', ')}</span>}
                  {hit.learned && (
                    <span className="chip learned" title="Resolved tickets like this one that this article solved; recent ones count most">
                      {learnedLabel(hit.learned)}
                    </span>
                  )}
                  <p className="kb-snippet">
                    <Snippet segments={hit.snippet} />
                  </p>
                  <div className="kb-actions">
                    <button type="button" onClick={() => void insert(hit.id)} disabled={ticket.status === 'closed'}>
                      {hit.visibility === 'shareable' ? 'Insert into reply' : 'Insert into internal note'}
                    </button>
                    <button type="button" onClick={() => void act('kb.link', { ticketId: ticket.id, articleId: hit.id, solved: true })} disabled={ticket.status === 'closed'}>
                      This solved it
                    </button>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      {reading && (
        <Suspense fallback={null}>
          <ArticleDialog id={reading} onClose={() => setReading(null)} />
        </Suspense>
      )}
    </section>
  )
}
