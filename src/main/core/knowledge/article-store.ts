import type { Database, Statement } from 'better-sqlite3'
import { diffLines } from 'diff'
import { v7 as uuidv7 } from 'uuid'
import { DeskError } from '../../../shared/errors'
import { plainText } from './markdown-text'
import { ArticleDraft, type AppliesTo, type Article, type ArticleVersion, type KnowledgeReport, type ParsedArticleDraft, type VersionDiff } from '../../../shared/knowledge'

interface ArticleRow {
  id: string
  title: string
  body: string
  tags: string
  category: string
  applies_to: string
  status: Article['status']
  visibility: Article['visibility']
  version: number
  author_id: string | null
  author_name: string | null
  created_at: string
  updated_at: string
  solved_count: number
}

const selectArticle = `SELECT a.*, g.name AS author_name FROM kb_articles a LEFT JOIN agents g ON g.id = a.author_id`

/** Articles and their versions: every save is a new version, kept whole, so any two can be compared. */
export class ArticleStore {
  private readonly stmt: {
    one: Statement<[string], ArticleRow>
    insert: Statement
    update: Statement
    version: Statement
    versions: Statement<[string], { version: number; title: string; status: Article['status']; saved_at: string; author_name: string | null }>
    versionBody: Statement<[string, number], { body: string; title: string }>
    link: Statement
    solvedCount: Statement<[{ id: string }]>
  }

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly me: () => string | null
  ) {
    this.stmt = {
      one: db.prepare(`${selectArticle} WHERE a.id = ?`),
      insert: db.prepare(`
        INSERT INTO kb_articles (id, title, body, tags, category, applies_to, status, visibility, version, author_id, created_at, updated_at, reviewed_at, tag_text, applies_text, plain)
        VALUES (@id, @title, @body, @tags, @category, @applies_to, @status, @visibility, 1, @author_id, @at, @at, @at, @tag_text, @applies_text, @plain)`),
      update: db.prepare(`
        UPDATE kb_articles SET title = @title, body = @body, tags = @tags, category = @category, applies_to = @applies_to, status = @status,
          visibility = @visibility, version = version + 1, updated_at = @at, reviewed_at = @at, tag_text = @tag_text, applies_text = @applies_text, plain = @plain
        WHERE id = @id`),
      version: db.prepare(`
        INSERT INTO kb_versions (article_id, version, title, body, tags, category, applies_to, status, visibility, author_id, saved_at)
        SELECT id, version, title, body, tags, category, applies_to, status, visibility, @author_id, @at FROM kb_articles WHERE id = @id`),
      versions: db.prepare(`
        SELECT v.version, v.title, v.status, v.saved_at, g.name AS author_name FROM kb_versions v LEFT JOIN agents g ON g.id = v.author_id
        WHERE v.article_id = ? ORDER BY v.version DESC`),
      versionBody: db.prepare('SELECT body, title FROM kb_versions WHERE article_id = ? AND version = ?'),
      link: db.prepare(`
        INSERT INTO ticket_articles (ticket_id, article_id, solved, at) VALUES (@ticket, @article, @solved, @at)
        ON CONFLICT (ticket_id, article_id) DO UPDATE SET solved = max(solved, excluded.solved)`),
      solvedCount: db.prepare('UPDATE kb_articles SET solved_count = (SELECT count(*) FROM ticket_articles WHERE article_id = @id AND solved = 1) WHERE id = @id')
    }
  }

  /** A new article, or a new version of one; returns it as saved. */
  save(input: ParsedArticleDraft): Article {
    const draft = ArticleDraft.parse(input)
    const at = this.now().toISOString()
    const row = {
      title: draft.title,
      body: draft.body,
      tags: JSON.stringify(unique(draft.tags)),
      category: draft.category,
      applies_to: JSON.stringify(draft.appliesTo),
      status: draft.status,
      visibility: draft.visibility,
      tag_text: unique(draft.tags).join(' '),
      applies_text: appliesText(draft.appliesTo),
      plain: plainText(draft.body),
      at
    }
    const id = draft.id ?? uuidv7()
    this.db.transaction(() => {
      if (draft.id) {
        if (this.stmt.update.run({ ...row, id }).changes === 0) throw new DeskError('NOT_FOUND', 'No such article on this desk.')
      } else {
        this.stmt.insert.run({ ...row, id, author_id: this.me() })
      }
      this.stmt.version.run({ id, author_id: this.me(), at })
    })()
    return this.get(id)
  }

  get(id: string): Article {
    const row = this.stmt.one.get(id)
    if (!row) throw new DeskError('NOT_FOUND', 'No such article on this desk.')
    return toArticle(row)
  }

  versions(id: string): ArticleVersion[] {
    this.get(id)
    return this.stmt.versions.all(id).map((v) => ({ version: v.version, title: v.title, status: v.status, savedAt: v.saved_at, authorName: v.author_name }))
  }

  /** What changed between two versions, line by line (title first, as a line of its own). */
  diff(id: string, from: number, to: number): VersionDiff {
    const read = (version: number) => {
      const v = this.stmt.versionBody.get(id, version)
      if (!v) throw new DeskError('NOT_FOUND', `This article has no version ${version}.`)
      return `# ${v.title}\n\n${v.body.endsWith('\n') ? v.body : `${v.body}\n`}`
    }
    return diffLines(read(from), read(to)).map((part) => ({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text: part.value }))
  }

  /**
   * "This solved it" (or just "used"): links the article to the ticket; solved ones count toward its
   * usefulness. `alongside` (the ticket's timeline entry) commits or fails with the link.
   */
  link(ticketId: string, articleId: string, solved: boolean, alongside: () => void = () => undefined): Article {
    this.get(articleId)
    this.db.transaction(() => {
      alongside()
      this.stmt.link.run({ ticket: ticketId, article: articleId, solved: solved ? 1 : 0, at: this.now().toISOString() })
      this.stmt.solvedCount.run({ id: articleId })
    })()
    return this.get(articleId)
  }

  report(): KnowledgeReport {
    const yearAgo = new Date(this.now().getTime() - 365 * 86_400_000).toISOString()
    return {
      mostUsed: (this.db.prepare("SELECT id, title, solved_count FROM kb_articles WHERE status = 'published' AND solved_count > 0 ORDER BY solved_count DESC, title LIMIT 10").all() as Array<{ id: string; title: string; solved_count: number }>).map((r) => ({ id: r.id, title: r.title, solvedCount: r.solved_count })),
      gaps: (this.db.prepare('SELECT query, count(*) AS times, max(at) AS last_at FROM kb_searches WHERE results = 0 GROUP BY query ORDER BY times DESC, last_at DESC LIMIT 20').all() as Array<{ query: string; times: number; last_at: string }>).map((r) => ({ query: r.query, times: r.times, lastAt: r.last_at })),
      stale: (this.db.prepare("SELECT id, title, reviewed_at FROM kb_articles WHERE status = 'published' AND reviewed_at < ? ORDER BY reviewed_at LIMIT 50").all(yearAgo) as Array<{ id: string; title: string; reviewed_at: string }>).map((r) => ({ id: r.id, title: r.title, reviewedAt: r.reviewed_at }))
    }
  }
}

const unique = (words: string[]) => [...new Set(words.map((w) => w.trim()).filter(Boolean))]

export function appliesText(applies: AppliesTo): string {
  return [...applies.os, ...applies.apps, ...applies.models].join(' · ')
}

function toArticle(row: ArticleRow): Article {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    tags: JSON.parse(row.tags) as string[],
    category: row.category,
    appliesTo: JSON.parse(row.applies_to) as AppliesTo,
    status: row.status,
    visibility: row.visibility,
    version: row.version,
    authorId: row.author_id,
    authorName: row.author_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    solvedCount: row.solved_count
  }
}
