import type { Database, Statement } from 'better-sqlite3'
import { diffLines } from 'diff'
import { v7 as uuidv7 } from 'uuid'
import { DeskError } from '../../../shared/errors'
import { stampWinsSql } from '../../../shared/field-merge'
import { plainText } from './markdown-text'
import { ArticleDraft, type AppliesTo, type Article, type ArticleVersion, type KnowledgeReport, type ParsedArticleDraft, type VersionDiff, type VersionRecord } from '../../../shared/knowledge'
import { DeskClock } from '../store/desk-clock'

/** What an article says, in the same columns of kb_articles and kb_versions (tags and applies_to as JSON). */
interface ContentRow {
  title: string
  body: string
  tags: string
  category: string
  applies_to: string
  status: Article['status']
  visibility: Article['visibility']
}

interface ArticleRow extends ContentRow {
  id: string
  version: number
  author_id: string | null
  author_name: string | null
  created_at: string
  updated_at: string
  solved_count: number
}

interface VersionRow extends ContentRow {
  id: string
  article_id: string
  stamp: string
  author_id: string | null
  saved_at: string
}

// Solved counts come from the tickets' own "this solved it" events, so they sync with the tickets.
// Named index: left to itself the planner walks every event on the desk in ticket order for the DISTINCT.
const solvedBy = `(SELECT count(DISTINCT ticket_id) FROM ticket_events e INDEXED BY ticket_events_by_article
  WHERE e.kind = 'article' AND json_extract(e.data, '$.article.id') = a.id AND json_extract(e.data, '$.solved') = 1)`
// A version's sharing state: waiting for the desk server, the server has it, or held back by an import under way.
const unshared = 0
const shared = 1
const held = -1

const selectArticle = `SELECT a.*, g.name AS author_name, (SELECT count(*) FROM kb_versions v WHERE v.article_id = a.id) AS version, ${solvedBy} AS solved_count
  FROM kb_articles a LEFT JOIN agents g ON g.id = a.author_id`

/**
 * Articles and their versions. Every save, on any desk, is an immutable version with its own id and
 * clock stamp; the article is whatever its latest-stamped version says, so two desks that edited it
 * offline agree once each has both versions, and neither edit is lost from the history.
 */
export class ArticleStore {
  private readonly stmt: {
    one: Statement<[string], ArticleRow>
    insertVersion: Statement
    head: Statement
    versions: Statement<[string], VersionRow & { author_name: string | null }>
    known: Statement<[string], unknown>
    unshared: Statement<[], VersionRow>
    markShared: Statement<[string]>
  }
  private readonly clock: DeskClock

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly me: () => string | null,
    /** False for the sample desk: its articles never go to a desk server. */
    private readonly replicate = true,
    clock: DeskClock = new DeskClock(db)
  ) {
    this.clock = clock
    this.stmt = {
      one: db.prepare(`${selectArticle} WHERE a.id = ?`),
      insertVersion: db.prepare(`
        INSERT INTO kb_versions (id, article_id, stamp, title, body, tags, category, applies_to, status, visibility, author_id, saved_at, shared)
        VALUES (@id, @article_id, @stamp, @title, @body, @tags, @category, @applies_to, @status, @visibility, @author_id, @saved_at, @shared)`),
      // The article row follows the version with the latest stamp; its author and creation stay the first version's.
      head: db.prepare(`
        INSERT INTO kb_articles (id, title, body, tags, category, applies_to, status, visibility, author_id, created_at, updated_at, reviewed_at, head_stamp, tag_text, applies_text, plain)
        VALUES (@article_id, @title, @body, @tags, @category, @applies_to, @status, @visibility, @author_id, @saved_at, @saved_at, @saved_at, @stamp, @tag_text, @applies_text, @plain)
        ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, tags = excluded.tags, category = excluded.category,
          applies_to = excluded.applies_to, status = excluded.status, visibility = excluded.visibility, updated_at = excluded.updated_at,
          reviewed_at = excluded.reviewed_at, head_stamp = excluded.head_stamp, tag_text = excluded.tag_text, applies_text = excluded.applies_text, plain = excluded.plain
        WHERE ${stampWinsSql('excluded.head_stamp', 'kb_articles.head_stamp', 'sqlite')}
          -- Another author's draft (a supervisor sees every draft) waits in the history; the published article stays.
          AND NOT (excluded.status = 'draft' AND kb_articles.status <> 'draft' AND coalesce(@version_author, '') <> coalesce(@me, ''))`),
      versions: db.prepare(`
        SELECT v.*, g.name AS author_name FROM kb_versions v LEFT JOIN agents g ON g.id = v.author_id
        WHERE v.article_id = ? ORDER BY v.stamp`),
      known: db.prepare('SELECT 1 FROM kb_versions WHERE id = ?'),
      unshared: db.prepare('SELECT * FROM kb_versions WHERE shared = 0 ORDER BY stamp LIMIT 100'),
      markShared: db.prepare('UPDATE kb_versions SET shared = 1 WHERE id = ?'),
    }
  }

  /** A new article, or a new version of one; returns it as saved. */
  save(input: ParsedArticleDraft): Article {
    return this.get(this.write(input))
  }

  /**
   * Saves as save() does and returns the article's id, without reading it back. An import hands in the
   * body's plain text, worked out while its files were read, and holds its versions back from the team
   * until it has written them all (`release`), or takes them out again (`dropHeld`).
   */
  write(input: ParsedArticleDraft, prepared?: { plain: string; held?: boolean }): string {
    const draft = ArticleDraft.parse(input)
    if (draft.id && !this.stmt.one.get(draft.id)) throw new DeskError('NOT_FOUND', 'No such article on this desk.')
    const savedAt = this.now().toISOString()
    const version: VersionRecord = {
      id: uuidv7(),
      articleId: draft.id ?? uuidv7(),
      stamp: this.clock.stamp(savedAt),
      title: draft.title,
      body: draft.body,
      tags: unique(draft.tags),
      category: draft.category,
      appliesTo: draft.appliesTo,
      status: draft.status,
      visibility: draft.visibility,
      authorId: this.me(),
      savedAt
    }
    this.store(version, !this.replicate ? shared : prepared?.held ? held : unshared, prepared?.plain)
    return version.articleId
  }

  /** A version from the desk server: stored once; the article follows it when it is the latest. False when it was already here. */
  receive(version: VersionRecord): boolean {
    if (this.stmt.known.get(version.id)) return false
    // This desk's next save sorts after it, whatever this machine's clock says.
    this.clock.observe(version.stamp, this.now().getTime())
    this.store(version, shared)
    return true
  }

  /** An import's versions, all written: the team may have them now. */
  release(): void {
    this.db.prepare('UPDATE kb_versions SET shared = ? WHERE shared = ?').run(unshared, held)
  }

  /**
   * Takes out what an import wrote and did not finish (a write failed, or the desk closed under it), some
   * articles at a time so the desk answers meanwhile; an import is all or nothing. Returns how many went.
   * `quietSince`: only if the import has written nothing since then, as another process with the desk open
   * (the browser host beside the app) may be importing now.
   */
  async dropHeld(giveWay: () => Promise<void> = async () => undefined, quietSince?: string): Promise<number> {
    if (quietSince !== undefined && this.db.prepare('SELECT 1 FROM kb_versions WHERE shared = ? AND saved_at >= ?').get(held, quietSince)) return 0
    const held200 = this.db.prepare('SELECT article_id FROM kb_versions WHERE shared = ? LIMIT 200').pluck()
    // Up to 200 held versions, by article: an article's versions all go together.
    const some = () => [...new Set(held200.all(held) as string[])]
    const versions = this.db.prepare('DELETE FROM kb_versions WHERE article_id IN (SELECT value FROM json_each(?))')
    const articles = this.db.prepare('DELETE FROM kb_articles WHERE id IN (SELECT value FROM json_each(?))')
    const drop = this.db.transaction((ids: string[]) => {
      const list = JSON.stringify(ids)
      versions.run(list)
      articles.run(list)
    })
    let dropped = 0
    for (let ids = some(); ids.length; ids = some()) {
      drop(ids)
      dropped += ids.length
      await giveWay()
    }
    return dropped
  }

  /** Versions saved here that the desk server does not have yet. */
  unshared(): VersionRecord[] {
    return this.stmt.unshared.all().map(toRecord)
  }

  markShared(id: string): void {
    this.stmt.markShared.run(id)
  }

  /** Stamps again the unshared versions a fast clock stamped further ahead than the desk server accepts; returns how many. */
  restampAhead(localMs: number): number {
    const rows = this.db.prepare('SELECT id, article_id, stamp FROM kb_versions WHERE shared = 0 ORDER BY stamp').all() as Array<{ id: string; article_id: string; stamp: string }>
    const ahead = rows.filter((r) => this.clock.runsAhead(r.stamp, localMs))
    const version = this.db.prepare('UPDATE kb_versions SET stamp = ? WHERE id = ?')
    const head = this.db.prepare('UPDATE kb_articles SET head_stamp = ? WHERE id = ? AND head_stamp = ?')
    this.db.transaction(() => {
      for (const row of ahead) {
        const fresh = this.clock.restamp(localMs)
        version.run(fresh, row.id)
        head.run(fresh, row.article_id, row.stamp)
      }
    })()
    return ahead.length
  }

  private store(version: VersionRecord, state: typeof shared | typeof unshared | typeof held, plain = plainText(version.body)): void {
    const row = {
      id: version.id,
      article_id: version.articleId,
      stamp: version.stamp,
      title: version.title,
      body: version.body,
      tags: JSON.stringify(version.tags),
      category: version.category,
      applies_to: JSON.stringify(version.appliesTo),
      status: version.status,
      visibility: version.visibility,
      author_id: version.authorId,
      saved_at: version.savedAt,
      shared: state
    }
    this.db.transaction(() => {
      this.stmt.head.run({ ...row, version_author: version.authorId, me: this.me(), tag_text: [...version.tags, ...joinedForms(`${version.title} ${version.tags.join(' ')}`)].join(' '), applies_text: appliesText(version.appliesTo), plain })
      this.stmt.insertVersion.run(row)
    })()
  }

  get(id: string): Article {
    const row = this.stmt.one.get(id)
    if (!row) throw new DeskError('NOT_FOUND', 'No such article on this desk.')
    return toArticle(row)
  }

  /** Newest first, numbered in stamp order (the same numbers on every desk that has the same versions). */
  versions(id: string): ArticleVersion[] {
    this.get(id)
    return this.stmt.versions
      .all(id)
      .map((v, i) => ({ version: i + 1, title: v.title, status: v.status, savedAt: v.saved_at, authorName: v.author_name }))
      .reverse()
  }

  /** What changed between two versions, line by line (title first, as a line of its own). */
  diff(id: string, from: number, to: number): VersionDiff {
    const all = this.stmt.versions.all(id)
    const read = (version: number) => {
      const v = all[version - 1]
      if (!v) throw new DeskError('NOT_FOUND', `This article has no version ${version}.`)
      return `# ${v.title}\n\n${v.body.endsWith('\n') ? v.body : `${v.body}\n`}`
    }
    return diffLines(read(from), read(to)).map((part) => ({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text: part.value }))
  }

  report(): KnowledgeReport {
    const yearAgo = new Date(this.now().getTime() - 365 * 86_400_000).toISOString()
    return {
      mostUsed: (this.db.prepare(`SELECT a.id, a.title, ${solvedBy} AS solved_count FROM kb_articles a WHERE a.status = 'published' AND solved_count > 0 ORDER BY solved_count DESC, a.title LIMIT 10`).all() as Array<{ id: string; title: string; solved_count: number }>).map((r) => ({ id: r.id, title: r.title, solvedCount: r.solved_count })),
      gaps: (this.db.prepare('SELECT query, count(*) AS times, max(at) AS last_at FROM kb_searches WHERE results = 0 GROUP BY query ORDER BY times DESC, last_at DESC LIMIT 20').all() as Array<{ query: string; times: number; last_at: string }>).map((r) => ({ query: r.query, times: r.times, lastAt: r.last_at })),
      stale: (this.db.prepare("SELECT id, title, reviewed_at FROM kb_articles WHERE status = 'published' AND reviewed_at < ? ORDER BY reviewed_at LIMIT 50").all(yearAgo) as Array<{ id: string; title: string; reviewed_at: string }>).map((r) => ({ id: r.id, title: r.title, reviewedAt: r.reviewed_at }))
    }
  }
}

/** "Wi-Fi" is indexed as "wi" and "fi"; people type "wifi". The joined form goes in beside the tags. */
const joinedForms = (text: string) => [...new Set((text.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu) ?? []).map((w) => w.replace(/-/g, '')))]

const unique = (words: string[]) => [...new Set(words.map((w) => w.trim()).filter(Boolean))]

/** The applications published articles apply to (the desk's list of what tickets may name joins these). */
export function publishedApplications(db: Database): string[] {
  return db.prepare("SELECT DISTINCT value FROM kb_articles, json_each(kb_articles.applies_to, '$.apps') WHERE kb_articles.status = 'published'").pluck().all() as string[]
}

export function appliesText(applies: AppliesTo): string {
  return [...applies.os, ...applies.apps, ...applies.models].join(' · ')
}

function toContent(row: ContentRow): Pick<Article, 'title' | 'body' | 'tags' | 'category' | 'appliesTo' | 'status' | 'visibility'> {
  return {
    title: row.title,
    body: row.body,
    tags: JSON.parse(row.tags) as string[],
    category: row.category,
    appliesTo: JSON.parse(row.applies_to) as AppliesTo,
    status: row.status,
    visibility: row.visibility
  }
}

function toRecord(v: VersionRow): VersionRecord {
  return { id: v.id, articleId: v.article_id, stamp: v.stamp, ...toContent(v), authorId: v.author_id, savedAt: v.saved_at }
}

function toArticle(row: ArticleRow): Article {
  return {
    id: row.id,
    ...toContent(row),
    version: row.version,
    authorId: row.author_id,
    authorName: row.author_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    solvedCount: row.solved_count
  }
}
