import * as Dialog from '@radix-ui/react-dialog'
import { lazy, Suspense, useEffect, useState } from 'react'
import type { Article, ArticleHit } from '../../../shared/knowledge'
import { call } from '../api'
import { learnedLabel } from '../labels'
import { useSession } from '../state/session-store'

// Markdown rendering loads with the first preview, not with the console.
const ArticleBody = lazy(() => import('./ArticleBody').then((m) => ({ default: m.ArticleBody })))

/** The article a new ticket's first reply (or, for an internal-only one, first note) will start from. */
export interface ChosenArticle {
  id: string
  title: string
  visibility: Article['visibility']
}

/**
 * Articles for a ticket still being typed: the answer is on screen before the ticket is saved. Each
 * opens in a preview over the New ticket dialog (the same sanitized rendering readers get; Escape
 * closes only the preview) and can be used for the first reply.
 */
export function SuggestedArticles({
  subject,
  description,
  requesterId,
  chosen,
  onChoose
}: {
  subject: string
  description: string
  requesterId?: string
  chosen: ChosenArticle | null
  onChoose(article: ChosenArticle | null): void
}) {
  const [hits, setHits] = useState<ArticleHit[]>([])
  const [preview, setPreview] = useState<Article | null>(null)
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

  const open = (id: string) => void call('kb.get', { id }).then(setPreview, (error: unknown) => useSession.getState().notify(error))
  const showHits = subject.trim().length >= 3 && hits.length > 0
  if (!showHits && !chosen && !preview) return null
  const forNote = (visibility: Article['visibility']) => visibility === 'internal'
  return (
    <div className="suggested">
      {showHits && (
        <div role="status" aria-live="polite">
          <span className="label">Knowledge that may answer it</span>
          <ul aria-label="Suggested articles">
            {hits.map((h) => (
              <li key={h.id}>
                <button type="button" className="link" aria-expanded={preview?.id === h.id} onClick={() => (preview?.id === h.id ? setPreview(null) : open(h.id))}>
                  {h.title}
                </button>
                {h.learned && <span className="chip learned">{learnedLabel(h.learned)}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Dialog.Root open={preview !== null} onOpenChange={(open) => !open && setPreview(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="overlay" />
          <Dialog.Content className="dialog article-preview" aria-describedby={undefined}>
            {preview && (
              <>
                <Dialog.Title>{preview.title}</Dialog.Title>
                <Suspense fallback={<p className="hint">Opening the article…</p>}>
                  <ArticleBody markdown={preview.body} />
                </Suspense>
                <div className="dialog-actions">
                  <Dialog.Close asChild>
                    <button type="button">Close preview</button>
                  </Dialog.Close>
                  <button
                    type="button"
                    className="primary"
                    onClick={() => {
                      onChoose({ id: preview.id, title: preview.title, visibility: preview.visibility })
                      setPreview(null)
                    }}
                  >
                    {forNote(preview.visibility) ? 'Use in first note' : 'Use in first reply'}
                  </button>
                </div>
              </>
            )}
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
      {chosen && (
        <p className="suggested-chosen">
          {forNote(chosen.visibility) ? 'The first note' : 'The first reply'} will start from <strong>{chosen.title}</strong>, ready to edit before it is sent.{' '}
          <button type="button" className="link" onClick={() => onChoose(null)}>
            Remove
          </button>
        </p>
      )}
    </div>
  )
}
