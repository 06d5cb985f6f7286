import type { Database, Statement } from 'better-sqlite3'
import { ArticleQuery, type AppliesTo, type ArticleHit } from '../../../shared/knowledge'
import { fillerWords } from '../desk/similar-subject'
import { fold, searchWords, snippet } from '../desk/snippet'

/** What the requester's machines are: their OS, model and installed software, for applies-to weighting. */
export interface MachineProfile {
  os: string[]
  models: string[]
  software: string[]
}

interface HitRow {
  id: string
  title: string
  category: string
  tags: string
  status: ArticleHit['status']
  visibility: ArticleHit['visibility']
  plain: string
  applies_to: string
  rank: number
}

/**
 * Knowledge search over FTS5 with bm25 (title counts most, then tags, applies-to, body), every word a
 * prefix, each widened by its help-desk synonyms (pw finds password). Typed words are quoted, so no
 * FTS5 syntax gets through. Suggestions rank by the ticket's own words, any of them, and weigh up
 * articles that apply to the requester's OS, model or software.
 */
export class KnowledgeSearch {
  private readonly synonymsOf: Statement<[string], { term: string }>
  private readonly logSearch: Statement<[string, number, string]>
  private readonly statements = new Map<string, Statement>()

  constructor(
    private readonly db: Database,
    private readonly now: () => Date
  ) {
    this.synonymsOf = db.prepare('SELECT term FROM kb_synonyms WHERE grp = (SELECT grp FROM kb_synonyms WHERE term = ?)')
    this.logSearch = db.prepare('INSERT INTO kb_searches (query, results, at) VALUES (?, ?, ?)')
  }

  /** A technician's search: every word must match (any word, when that finds nothing); a logged search that finds nothing is a gap. */
  search(input: ArticleQuery, profile: MachineProfile | null = null): ArticleHit[] {
    const query = ArticleQuery.parse(input)
    const words = searchWords(query.text)
    if (words.length === 0) return this.run(null, [], query, profile)
    const groups = words.map((w) => this.group(w))
    let hits = this.run(groups.map((g) => g.match).join(' AND '), groups.flatMap((g) => g.terms), query, profile)
    if (hits.length === 0 && groups.length > 1) hits = this.run(groups.map((g) => g.match).join(' OR '), groups.flatMap((g) => g.terms), query, profile)
    if (query.log) this.logSearch.run(words.join(' ').toLowerCase(), hits.length, this.now().toISOString())
    return hits
  }

  /** Articles for a ticket as its subject and description are typed: any of its words, best first. */
  suggest(text: string, profile: MachineProfile | null, limit = 5): ArticleHit[] {
    const words = [...new Set(searchWords(text).map(fold))].filter((w) => !fillerWords.has(w) && (w.length > 1 || /\d/.test(w))).slice(0, 16)
    if (words.length === 0) return []
    const groups = words.map((w) => this.group(w))
    return this.run(groups.map((g) => g.match).join(' OR '), groups.flatMap((g) => g.terms), ArticleQuery.parse({ limit }), profile)
  }

  /** One typed word as an FTS5 group: itself and its synonyms, quoted, as prefixes when long enough to mean something. */
  private group(word: string): { match: string; terms: string[] } {
    const folded = fold(word)
    const terms = [...new Set([folded, ...this.synonymsOf.all(folded).map((r) => r.term)])]
    const match = terms.map((t) => `"${t.replace(/"/g, '""')}"${t.length >= 3 ? '*' : ''}`).join(' OR ')
    return { match: `(${match})`, terms }
  }

  private run(match: string | null, terms: string[], query: ReturnType<typeof ArticleQuery.parse>, profile: MachineProfile | null): ArticleHit[] {
    const where = [query.includeDrafts ? "a.status <> 'retired'" : "a.status = 'published'"]
    const params: Record<string, string | number> = { limit: match ? Math.max(50, query.limit) : query.limit }
    if (query.category) {
      where.push('a.category = @category COLLATE NOCASE')
      params.category = query.category
    }
    if (query.tag) {
      where.push('EXISTS (SELECT 1 FROM json_each(a.tags) WHERE value = @tag COLLATE NOCASE)')
      params.tag = query.tag
    }
    if (query.appliesTo) {
      where.push("a.applies_text LIKE '%' || @applies || '%'")
      params.applies = query.appliesTo
    }
    const sql = match
      ? `SELECT a.id, a.title, a.category, a.tags, a.status, a.visibility, a.plain, a.applies_to, bm25(kb_fts, 10.0, 4.0, 2.0, 1.0) AS rank
         FROM kb_fts JOIN kb_articles a ON a.seq = kb_fts.rowid WHERE kb_fts MATCH @match AND ${where.join(' AND ')} ORDER BY rank LIMIT @limit`
      : `SELECT a.id, a.title, a.category, a.tags, a.status, a.visibility, a.plain, a.applies_to, 0 AS rank FROM kb_articles a WHERE ${where.join(' AND ')} ORDER BY a.updated_at DESC LIMIT @limit`
    // A handful of filter combinations, each prepared once rather than on every keystroke.
    let statement = this.statements.get(sql)
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)))
    const rows = statement.all({ ...params, ...(match ? { match } : {}) }) as HitRow[]
    return rows
      .map((row) => {
        const applies = appliesMatch(JSON.parse(row.applies_to) as AppliesTo, profile)
        // bm25 is negative, lower is better: a matching machine makes it more so.
        return { row, applies, score: row.rank * (1 + 0.6 * applies.length) - applies.length * 0.01 }
      })
      .sort((a, b) => a.score - b.score)
      .slice(0, query.limit)
      .map(({ row, applies }) => ({
        id: row.id,
        title: row.title,
        category: row.category,
        tags: JSON.parse(row.tags) as string[],
        status: row.status,
        visibility: row.visibility,
        snippet: snippet(row.plain, terms, 24, { everyPrefix: true }),
        appliesMatch: applies
      }))
  }
}

/** Which of the article's applies-to entries the requester's machines match (case-insensitive, either containing the other). */
function appliesMatch(applies: AppliesTo, profile: MachineProfile | null): string[] {
  if (!profile) return []
  const has = (list: string[], entry: string) => list.some((v) => v.toLowerCase().includes(entry.toLowerCase()))
  return [...applies.os.filter((e) => has(profile.os, e)), ...applies.models.filter((e) => has(profile.models, e)), ...applies.apps.filter((e) => has(profile.software, e))]
}
