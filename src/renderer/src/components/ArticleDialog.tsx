import * as Dialog from '@radix-ui/react-dialog'
import { useEffect, useState, type FormEvent } from 'react'
import type { Article, ArticleDraft, ArticleVersion, VersionDiff } from '../../../shared/knowledge'
import { call } from '../api'
import { asAppError, useSession } from '../state/session-store'
import { ArticleBody } from './ArticleBody'
import { FormDialog } from './FormDialog'

const words = (text: string) => text.split(',').map((w) => w.trim()).filter(Boolean)

/** Editing an article: every save is a new version; the preview is the same sanitized rendering readers get. */
function ArticleEditor({ article, onSaved, onCancel }: { article: Article | null; onSaved(article: Article): void; onCancel(): void }) {
  const [title, setTitle] = useState(article?.title ?? '')
  const [body, setBody] = useState(article?.body ?? '')
  const [tags, setTags] = useState(article?.tags.join(', ') ?? '')
  const [category, setCategory] = useState(article?.category ?? '')
  const [os, setOs] = useState(article?.appliesTo.os.join(', ') ?? '')
  const [apps, setApps] = useState(article?.appliesTo.apps.join(', ') ?? '')
  const [models, setModels] = useState(article?.appliesTo.models.join(', ') ?? '')
  const [status, setStatus] = useState<Article['status']>(article?.status ?? 'draft')
  const [visibility, setVisibility] = useState<Article['visibility']>(article?.visibility ?? 'internal')
  const [error, setError] = useState<string | null>(null)

  const save = async (event: FormEvent) => {
    event.preventDefault()
    const draft: ArticleDraft = { ...(article ? { id: article.id } : {}), title, body, tags: words(tags), category, appliesTo: { os: words(os), apps: words(apps), models: words(models) }, status, visibility }
    try {
      onSaved(await call('kb.save', draft))
    } catch (e) {
      const problem = asAppError(e)
      setError([problem.message, ...(problem.issues ?? []).map((i) => `${i.path}: ${i.message}`)].join(' '))
    }
  }

  return (
    <form onSubmit={(e) => void save(e)} noValidate className="article-editor" aria-label="Edit article">
      <div className="field">
        <label htmlFor="kb-title">Title</label>
        <input id="kb-title" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="editor-split">
        <div className="field">
          <label htmlFor="kb-body">Body (markdown)</label>
          <textarea id="kb-body" rows={14} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
        <div className="field" aria-label="Preview">
          <span className="label">Preview</span>
          <ArticleBody markdown={body} />
        </div>
      </div>
      <div className="editor-grid">
        <label>
          Tags <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="vpn, remote work" />
        </label>
        <label>
          Category <input value={category} onChange={(e) => setCategory(e.target.value)} placeholder="Network" />
        </label>
        <label>
          Applies to OS <input value={os} onChange={(e) => setOs(e.target.value)} placeholder="Windows 11, macOS" />
        </label>
        <label>
          Applications <input value={apps} onChange={(e) => setApps(e.target.value)} placeholder="Outlook" />
        </label>
        <label>
          Device models <input value={models} onChange={(e) => setModels(e.target.value)} placeholder="Latitude 5420" />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as Article['status'])}>
            <option value="draft">Draft</option>
            <option value="published">Published</option>
            <option value="retired">Retired</option>
          </select>
        </label>
        <label>
          Audience
          <select value={visibility} onChange={(e) => setVisibility(e.target.value as Article['visibility'])}>
            <option value="internal">Internal only</option>
            <option value="shareable">Shareable with requesters</option>
          </select>
        </label>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        {article ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : (
          // Closing a new article goes through the dialog, which asks before discarding what was typed.
          <Dialog.Close asChild>
            <button type="button">Cancel</button>
          </Dialog.Close>
        )}
        <button type="submit" className="primary">
          Save version
        </button>
      </div>
    </form>
  )
}

/** Two versions side by side as one list of kept, added and removed lines. */
function History({ id }: { id: string }) {
  const notify = useSession((s) => s.notify)
  const [versions, setVersions] = useState<ArticleVersion[]>([])
  const [picked, setPicked] = useState<number[]>([])
  const [shownDiff, setDiff] = useState<VersionDiff | null>(null)
  useEffect(() => void call('kb.versions', { id }).then(setVersions, notify), [id, notify])
  useEffect(() => {
    if (picked.length !== 2) return
    const [a, b] = [...picked].sort((x, y) => x - y) as [number, number]
    void call('kb.diff', { id, from: a, to: b }).then(setDiff, notify)
  }, [id, picked, notify])
  const diff = picked.length === 2 ? shownDiff : null
  return (
    <div className="kb-history">
      <ul aria-label="Versions">
        {versions.map((v) => (
          <li key={v.version}>
            <label>
              <input
                type="checkbox"
                checked={picked.includes(v.version)}
                onChange={(e) => setPicked(e.target.checked ? [...picked, v.version].slice(-2) : picked.filter((p) => p !== v.version))}
              />
              Version {v.version} · {v.status} · {new Date(v.savedAt).toLocaleString()}
              {v.authorName ? ` · ${v.authorName}` : ''}
            </label>
          </li>
        ))}
      </ul>
      {versions.length > 1 && !diff && <p className="hint">Tick two versions to see what changed.</p>}
      {diff && (
        <pre className="kb-diff" aria-label="Changes">
          {diff.map((part, i) => (
            <span key={i} className={`diff-${part.kind}`}>
              {part.text
                .replace(/\n$/, '')
                .split('\n')
                .map((line) => `${part.kind === 'added' ? '+ ' : part.kind === 'removed' ? '- ' : '  '}${line}`)
                .join('\n') + '\n'}
            </span>
          ))}
        </pre>
      )}
    </div>
  )
}

/** Read an article (sanitized), edit it into a new version, or compare versions. `id` null starts a new one. */
export function ArticleDialog({ id, onClose }: { id: string | null; onClose(article?: Article): void }) {
  const notify = useSession((s) => s.notify)
  const [article, setArticle] = useState<Article | null>(null)
  const [mode, setMode] = useState<'read' | 'edit' | 'history'>(id ? 'read' : 'edit')
  useEffect(() => {
    if (id) void call('kb.get', { id }).then(setArticle, notify)
  }, [id, notify])

  const title = mode === 'edit' ? (article ? `Edit “${article.title}”` : 'New article') : (article?.title ?? 'Article')
  return (
    <FormDialog
      title={title}
      open
      onOpenChange={(open) => !open && onClose(article ?? undefined)}
      discard={mode === 'edit' ? (article ? 'Discard your changes to this article?' : 'Discard this new article?') : null}
    >
      <div className="article-dialog">
        {mode === 'edit' && (id === null || article) ? (
          <ArticleEditor
            article={article}
            onSaved={(saved) => {
              setArticle(saved)
              setMode('read')
            }}
            onCancel={() => (article ? setMode('read') : onClose())}
          />
        ) : article ? (
          <>
            <p className="kb-meta">
              {article.status} · version {article.version} · {article.visibility === 'internal' ? 'internal only' : 'shareable'}
              {article.category && ` · ${article.category}`}
              {article.tags.length > 0 && ` · ${article.tags.join(', ')}`}
              {article.solvedCount > 0 && ` · solved ${article.solvedCount} ticket${article.solvedCount === 1 ? '' : 's'}`}
            </p>
            <div className="kb-tabs" role="toolbar" aria-label="Article">
              <button type="button" aria-pressed={mode === 'read'} onClick={() => setMode('read')}>
                Read
              </button>
              <button type="button" onClick={() => setMode('edit')}>
                Edit
              </button>
              <button type="button" aria-pressed={mode === 'history'} onClick={() => setMode('history')}>
                History
              </button>
            </div>
            {mode === 'history' ? <History id={article.id} /> : <ArticleBody markdown={article.body} />}
          </>
        ) : (
          <p className="hint">Loading…</p>
        )}
      </div>
    </FormDialog>
  )
}
