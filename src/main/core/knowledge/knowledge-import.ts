import type { Database } from 'better-sqlite3'
import { setImmediate } from 'node:timers/promises'
import { parse as parseCsv } from 'csv-parse/sync'
import { parse as parseYaml } from 'yaml'
import { DeskError } from '../../../shared/errors'
import { plainText } from './markdown-text'
import { ArticleDraft, type KnowledgeImportPreview, type ParsedArticleDraft } from '../../../shared/knowledge'
import type { ArticleStore } from './article-store'
import { givingWay } from '../platform/giving-way'

type Parsed = { file: string; draft: ParsedArticleDraft }

const describe = (issues: Array<{ path: PropertyKey[]; message: string }>, what: string) => issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ')

/** A draft, or an error naming every field that is wrong (`what` names the whole when no field does). */
function draft(input: unknown, what = 'file'): ParsedArticleDraft {
  const parsed = ArticleDraft.safeParse(input)
  if (!parsed.success) throw new Error(describe(parsed.error.issues, what))
  return parsed.data
}

const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[;,]/).map((v) => v.trim()).filter(Boolean) : []

/** A markdown file: optional YAML front matter (title, tags, category, status, visibility, os, apps, models), then the body. */
function fromMarkdown(name: string, withBom: string): ParsedArticleDraft {
  // Editors on Windows often save UTF-8 with a byte-order mark; it is not part of the text.
  const text = withBom.replace(/^\uFEFF/, '')
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text)
  let meta: Record<string, unknown> = {}
  if (match) {
    let parsed: unknown
    try {
      parsed = parseYaml(match[1]!)
    } catch (error) {
      throw new Error(`The front matter is not valid YAML (${(error as Error).message.split('\n')[0]}).`, { cause: error })
    }
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) throw new Error('The front matter must be "key: value" lines.')
    meta = (parsed ?? {}) as Record<string, unknown>
  }
  const body = match ? text.slice(match[0].length) : text
  const heading = /^#\s+(.+)$/m.exec(body)?.[1]?.trim()
  const title = typeof meta.title === 'string' ? meta.title : (heading ?? name.replace(/\.(md|markdown)$/i, '').replace(/[-_]+/g, ' '))
  return draft({
    title,
    body,
    tags: list(meta.tags),
    category: typeof meta.category === 'string' ? meta.category : '',
    appliesTo: { os: list(meta.os), apps: list(meta.apps), models: list(meta.models) },
    status: meta.status ?? 'published',
    visibility: meta.visibility ?? 'internal'
  })
}

/** A CSV export from another tool: one article per row, columns named title, body, tags, category, status, visibility, os, apps, models. */
function fromCsv(name: string, text: string, errors: KnowledgeImportPreview['errors']): Parsed[] {
  let rows: Array<Record<string, string>>
  try {
    rows = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, bom: true }) as Array<Record<string, string>>
  } catch (error) {
    errors.push({ file: name, message: `Not readable as CSV: ${(error as Error).message}` })
    return []
  }
  if (rows.length && !('title' in rows[0]! && 'body' in rows[0]!)) {
    errors.push({ file: name, message: 'The first line must name the columns, with at least "title" and "body".' })
    return []
  }
  const out: Parsed[] = []
  rows.forEach((row, i) => {
    const file = `${name} line ${i + 2}`
    try {
      out.push({
        file,
        draft: draft(
          {
            title: row.title ?? '',
            body: row.body ?? '',
            tags: list(row.tags),
            category: row.category ?? '',
            appliesTo: { os: list(row.os), apps: list(row.apps), models: list(row.models) },
            status: row.status || 'published',
            visibility: row.visibility || 'internal'
          },
          'row'
        )
      })
    } catch (error) {
      errors.push({ file, message: (error as Error).message })
    }
  })
  return out
}

const sliceMs = 20
const progressEvery = 250

/**
 * Imports a folder of markdown files or a CSV export: a preview names every file (or CSV line) that
 * cannot be read and why; the import itself takes all or nothing, reporting progress as it goes.
 */
export class KnowledgeImport {
  /** One import at a time: the last slice of one releases every held version, a second's too. */
  private importing = false

  constructor(
    private readonly db: Database,
    private readonly articles: ArticleStore
  ) {}

  /** Reading is most of an import's work and touches no table: the desk answers the console meanwhile. */
  private async read(files: Array<{ name: string; text: string }>): Promise<{ parsed: Parsed[]; errors: KnowledgeImportPreview['errors'] }> {
    const parsed: Parsed[] = []
    const errors: KnowledgeImportPreview['errors'] = []
    const giveWay = givingWay()
    for (const { name, text } of files) {
      await giveWay()
      if (/\.csv$/i.test(name)) parsed.push(...fromCsv(name, text, errors))
      else if (/\.(md|markdown)$/i.test(name)) {
        try {
          parsed.push({ file: name, draft: fromMarkdown(name, text) })
        } catch (error) {
          errors.push({ file: name, message: (error as Error).message })
        }
      } else errors.push({ file: name, message: 'Only markdown (.md) files and CSV exports can be imported.' })
    }
    return { parsed, errors }
  }

  async preview(files: Array<{ name: string; text: string }>): Promise<KnowledgeImportPreview> {
    const { parsed, errors } = await this.read(files)
    return { articles: parsed.map((p) => ({ file: p.file, title: p.draft.title, tags: p.draft.tags, category: p.draft.category })), errors }
  }

  /**
   * All or nothing, without holding the desk: once every file has been read, the articles are written a
   * slice of about `sliceMs` at a time, each its own transaction, the desk answering the console between
   * them (in one transaction, 5,000 articles held a queue page 1.4 s). Their versions are held back from
   * the team until the last slice lands; if a write fails, what was written is taken out again, and an
   * import the desk closed under is taken out when it next opens.
   */
  async commit(files: Array<{ name: string; text: string }>, onProgress: (done: number, total: number) => void = () => undefined): Promise<{ imported: number }> {
    if (this.importing) throw new DeskError('CONFLICT', 'Another knowledge import is under way on this desk; try again once it has finished.')
    this.importing = true
    try {
      return await this.write(files, onProgress)
    } finally {
      this.importing = false
    }
  }

  private async write(files: Array<{ name: string; text: string }>, onProgress: (done: number, total: number) => void): Promise<{ imported: number }> {
    const { parsed, errors } = await this.read(files)
    if (errors.length) {
      throw new DeskError('INVALID_INPUT', `Nothing was imported: ${errors.length} file${errors.length === 1 ? '' : 's'} could not be read.`, errors.map((e) => ({ path: e.file, message: e.message })))
    }
    // The bodies' plain text (for search) is worked out before the transaction, the desk answering meanwhile.
    const plain: string[] = []
    const giveWay = givingWay()
    for (const p of parsed) {
      await giveWay()
      plain.push(plainText(p.draft.body))
    }
    try {
      for (let done = 0; done < parsed.length; ) {
        if (done > 0) await setImmediate()
        const started = performance.now()
        done = this.db.transaction((from: number) => {
          let at = from
          do {
            this.articles.write(parsed[at]!.draft, { plain: plain[at]!, held: true })
            at++
            // Progress falls on a slice's end, once it is written: every `progressEvery` articles and the last.
          } while (at < parsed.length && at % progressEvery !== 0 && performance.now() - started < sliceMs)
          return at
        })(done)
        if (done % progressEvery === 0 || done === parsed.length) onProgress(done, parsed.length)
      }
      this.articles.release()
    } catch (error) {
      await this.articles.dropHeld(setImmediate).catch(() => undefined)
      throw error
    }
    return { imported: parsed.length }
  }
}
