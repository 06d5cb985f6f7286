import { useEffect, useState } from 'react'
import type { ArticleHit } from '../../../shared/knowledge'
import { call } from '../api'

/** Articles for a ticket still being typed: the answer is on screen before the ticket is saved. */
export function SuggestedArticles({ subject, description, requesterId }: { subject: string; description: string; requesterId?: string }) {
  const [hits, setHits] = useState<ArticleHit[]>([])
  useEffect(() => {
    if (subject.trim().length < 3) return
    let stale = false
    const timer = setTimeout(() => {
      void call('kb.suggest', { subject, description, limit: 3, ...(requesterId ? { requesterId } : {}) }).then((found) => !stale && setHits(found), () => undefined)
    }, 200)
    return () => {
      stale = true
      clearTimeout(timer)
    }
  }, [subject, description, requesterId])
  if (subject.trim().length < 3 || hits.length === 0) return null
  return (
    <div className="suggested" role="status" aria-live="polite">
      <span className="label">Knowledge that may answer it</span>
      <ul aria-label="Suggested articles">
        {hits.map((h) => (
          <li key={h.id}>{h.title}</li>
        ))}
      </ul>
    </div>
  )
}
