import { useCallback, useEffect, useState } from 'react'
import type { ArticleHit, KnowledgeImportPreview, KnowledgeReport } from '../../../shared/knowledge'
import { call } from '../api'
import { useSearchLog } from '../search-log'
import { asAppError, useSession } from '../state/session-store'
import { ArticleDialog } from './ArticleDialog'
import { FormDialog } from './FormDialog'
import { Snippet } from './Snippet'

/** Most-used articles as bars: what the desk leans on. */
function MostUsedChart({ report }: { report: KnowledgeReport }) {
  const max = Math.max(1, ...report.mostUsed.map((a) => a.solvedCount))
  return (
    <figure className="fleet-chart" aria-label="Most used articles">
      <figcaption>Tickets solved, by article</figcaption>
      {report.mostUsed.length === 0 ? (
        <p className="hint">No ticket has been marked solved by an article yet.</p>
      ) : (
        <ul>
          {report.mostUsed.map((a) => (
            <li key={a.id} className="bar-row">
              <span className="bar-label">{a.title}</span>
              <svg className="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                <rect x="0" y="0" width={(a.solvedCount / max) * 100} height="10" />
              </svg>
              <span className="bar-value">{a.solvedCount}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  )
}

/** A folder of markdown files or a CSV export: previewed file by file, imported all or nothing, with progress. */
function ImportDialog({ onClose }: { onClose(imported: boolean): void }) {
  const [files, setFiles] = useState<Array<{ name: string; text: string }>>([])
  const [preview, setPreview] = useState<KnowledgeImportPreview | null>(null)
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => window.frontline.on('kb.importProgress', setProgress), [])

  const choose = async (list: FileList | null) => {
    // A folder brings everything in it; only markdown and CSV are articles (the rest would only be refused).
    const chosen = [...(list ?? [])].filter((f) => !f.webkitRelativePath || /\.(md|markdown|csv)$/i.test(f.name))
    const read = await Promise.all(chosen.map(async (f) => ({ name: f.webkitRelativePath || f.name, text: await f.text() })))
    setFiles(read)
    setError(null)
    try {
      setPreview(await call('kb.importPreview', { files: read }))
    } catch (e) {
      setError(asAppError(e).message)
    }
  }
  const commit = async () => {
    try {
      const { imported } = await call('kb.import', { files })
      useSession.getState().inform(`${imported} article${imported === 1 ? '' : 's'} imported.`)
      onClose(true)
    } catch (e) {
      setError(asAppError(e).message)
    }
  }
  return (
    <FormDialog title="Import articles" open onOpenChange={(open) => !open && onClose(false)}>
      <div className="field">
        <label htmlFor="kb-files">Markdown files (with optional front matter) or a CSV export</label>
        <input id="kb-files" type="file" multiple accept=".md,.markdown,.csv,text/markdown,text/csv" onChange={(e) => void choose(e.target.files)} />
      </div>
      <div className="field">
        <label htmlFor="kb-folder">Or a whole folder of markdown files</label>
        {/* webkitdirectory is not in React's types; every Chromium (and so Electron) supports it. */}
        <input id="kb-folder" type="file" {...{ webkitdirectory: '' }} onChange={(e) => void choose(e.target.files)} />
      </div>
      {preview && (
        <p role="status">
          {preview.articles.length} article{preview.articles.length === 1 ? '' : 's'} ready; {preview.errors.length} problem{preview.errors.length === 1 ? '' : 's'}.
        </p>
      )}
      {preview && preview.errors.length > 0 && (
        <ul className="field-error" aria-label="Problems">
          {preview.errors.map((e) => (
            <li key={e.file}>
              {e.file}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {progress && <progress value={progress.done} max={progress.total} aria-label="Import progress" />}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={() => onClose(false)}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!preview || preview.errors.length > 0 || preview.articles.length === 0} onClick={() => void commit()}>
          Import
        </button>
      </div>
    </FormDialog>
  )
}

/** The knowledge base: search and filters (drafts included, for authors), new articles, import, and the supervisor's report. */
export function KnowledgeView() {
  const notify = useSession((s) => s.notify)
  const [text, setText] = useState('')
  const [category, setCategory] = useState('')
  const [hits, setHits] = useState<ArticleHit[]>([])
  const [report, setReport] = useState<KnowledgeReport | null>(null)
  const [open, setOpen] = useState<string | null | undefined>(undefined)
  const [importing, setImporting] = useState(false)

  const refresh = useCallback(() => {
    void call('kb.search', { text, includeDrafts: true, log: false, limit: 100, ...(category ? { category } : {}) }).then(setHits, notify)
    void call('kb.report', {}).then(setReport, notify)
  }, [text, category, notify])
  useEffect(() => {
    const timer = setTimeout(refresh, 150)
    return () => clearTimeout(timer)
  }, [refresh])
  useSearchLog(text, (typed) => void call('kb.search', { text: typed, includeDrafts: true, limit: 100 }).then(() => call('kb.report', {})).then(setReport, notify))

  const categories = [...new Set(hits.map((h) => h.category).filter(Boolean))].sort()
  return (
    <main className="knowledge-view" aria-label="Knowledge base">
      <div className="kb-toolbar">
        <input type="search" aria-label="Search articles" placeholder="Search articles" value={text} onChange={(e) => setText(e.target.value)} />
        <select aria-label="Category" value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">Any category</option>
          {categories.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <button type="button" className="primary" onClick={() => setOpen(null)}>
          New article
        </button>
        <button type="button" onClick={() => setImporting(true)}>
          Import…
        </button>
      </div>
      <div className="kb-columns">
        <ol className="kb-hits" aria-label="Articles">
          {hits.map((hit) => (
            <li key={hit.id}>
              <button type="button" className="link kb-title" onClick={() => setOpen(hit.id)}>
                {hit.title}
              </button>
              {hit.status !== 'published' && <span className="chip">{hit.status}</span>}
              <p className="kb-snippet">
                <Snippet segments={hit.snippet} />
              </p>
            </li>
          ))}
          {hits.length === 0 && <p className="hint">No articles{text ? ' match that search' : ' yet: write one, or import a folder of markdown files'}.</p>}
        </ol>
        {report && (
          <aside className="kb-report" aria-label="Knowledge report">
            <MostUsedChart report={report} />
            <h3>Searches that found nothing</h3>
            {report.gaps.length ? (
              <ul aria-label="Knowledge gaps">
                {report.gaps.map((g) => (
                  <li key={g.query}>
                    “{g.query}” · {g.times}×
                  </li>
                ))}
              </ul>
            ) : (
              <p className="hint">None yet.</p>
            )}
            <h3>Not reviewed in 12 months</h3>
            {report.stale.length ? (
              <ul aria-label="Stale articles">
                {report.stale.map((a) => (
                  <li key={a.id}>
                    {a.title} · {new Date(a.reviewedAt).toLocaleDateString()}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="hint">Every published article was saved within the year.</p>
            )}
          </aside>
        )}
      </div>
      {open !== undefined && (
        <ArticleDialog
          id={open}
          onClose={() => {
            setOpen(undefined)
            refresh()
          }}
        />
      )}
      {importing && (
        <ImportDialog
          onClose={(imported) => {
            setImporting(false)
            if (imported) refresh()
          }}
        />
      )}
    </main>
  )
}
