import type { Database, Statement } from 'better-sqlite3'
import { ArticleQuery, type AppliesTo, type ArticleHit } from '../../../shared/knowledge'
import { fold, searchWords, snippet } from '../rules/snippet'
import { ArticleIndex, type Concept, type IndexedRow } from './article-index'
import { givingWay } from '../platform/giving-way'
import { isMeaningful, rankWords, stemOf } from './ranking-words'
import { SolvedTickets } from './solved-tickets'
import { StatementCache } from '../store/sql'

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

type SuggestRow = Omit<HitRow, 'rank'>

// How much a match counts against the word the ticket used: another form of it, or a synonym.
const formMatch = 0.7
const synonymMatch = 0.5
// The ticket's words beyond this many (the least telling first) are not scored: a pasted log costs no more than a paragraph.
const maxConcepts = 32
// A subject says what the problem is; a description mostly tells the story.
const subjectWeight = 2
// How far the vote of similar solved tickets lifts an article, against the best lexical match (1).
const learnedWeight = 1

/**
 * Knowledge search over FTS5 with bm25 (title counts most, then tags, applies-to, body), every word a
 * prefix, each widened by its help-desk synonyms (pw finds password). Typed words are quoted, so no
 * FTS5 syntax gets through. Suggestions read the whole ticket through an in-memory BM25F index
 * (`ArticleIndex`), lifted by the articles that solved similar tickets (`SolvedTickets`) and by
 * articles that apply to the requester's OS, model or software.
 */
export class KnowledgeSearch {
  private readonly allSynonyms: Statement<[], { term: string; grp: number }>
  private readonly logSearch: Statement<[string, number, string]>
  private readonly sql: StatementCache
  private readonly lastVersion: Statement<[], { rowid: number | null }>
  private readonly changedArticles: Statement<[number], { article_id: string }>
  private readonly indexed: Statement<[], IndexedRow>
  private readonly indexedOne: Statement<[string], IndexedRow>
  private readonly suggestRow: Statement<[number], SuggestRow>
  private readonly solved: SolvedTickets
  private index: { version: number; index: ArticleIndex; built: number; changed: number } | null = null
  /** A build under way, shared by every call that waits for it. */
  private building: Promise<void> | null = null

  constructor(
    db: Database,
    private readonly now: () => Date
  ) {
    this.sql = new StatementCache(db)
    this.allSynonyms = db.prepare('SELECT term, grp FROM kb_synonyms')
    this.logSearch = db.prepare('INSERT INTO kb_searches (query, results, at) VALUES (?, ?, ?)')
    // Every save of an article, here or from the server, adds a version: the versions added since the index
    // was last brought up to date name the articles to read again.
    this.lastVersion = db.prepare('SELECT max(rowid) AS rowid FROM kb_versions')
    this.changedArticles = db.prepare('SELECT DISTINCT article_id FROM kb_versions WHERE rowid > ?')
    this.indexed = db.prepare("SELECT seq, id, status, title, tag_text, applies_text, plain FROM kb_articles WHERE status <> 'retired' ORDER BY seq")
    this.indexedOne = db.prepare("SELECT seq, id, status, title, tag_text, applies_text, plain FROM kb_articles WHERE id = ? AND status <> 'retired'")
    this.suggestRow = db.prepare('SELECT id, title, category, tags, status, visibility, plain, applies_to FROM kb_articles WHERE seq = ?')
    this.solved = new SolvedTickets(db, now)
  }

  /** A technician's search: every word must match (any word, when that finds nothing); a logged search that finds nothing is a gap. */
  async search(input: ArticleQuery, profile: MachineProfile | null = null): Promise<ArticleHit[]> {
    const query = ArticleQuery.parse(input)
    const words = searchWords(query.text)
    if (words.length === 0) return this.run(null, [], query, profile)
    // "teams webcam not detected": "not" as a prefix matches half the base and says nothing. Filler is dropped unless it is all there is.
    const meaningful = words.filter((w) => isMeaningful(fold(w)))
    const synonyms = this.synonymGroups()
    const groups = (meaningful.length ? meaningful : words).map((w) => ftsGroup(w, synonyms))
    // FTS5 finds the articles; they are ranked as suggestions are, so a synonym counts less than the typed word.
    const index = await this.articleIndex()
    const typedWords = rankWords(query.text, { meaningful: true })
    const typed = new Map((typedWords.length ? typedWords : rankWords(query.text)).map((w) => [w, 1]))
    const lexical = index.score(conceptsOf(typed, index, synonyms, { prefix: true }))
    const rank = (id: string) => lexical[index.place.get(id) ?? -1] ?? 0
    let hits = this.run(groups.map((g) => g.match).join(' AND '), groups.flatMap((g) => g.terms), query, profile, rank)
    if (hits.length === 0 && groups.length > 1) hits = this.run(groups.map((g) => g.match).join(' OR '), groups.flatMap((g) => g.terms), query, profile, rank)
    if (query.log) this.logSearch.run(words.join(' ').toLowerCase(), hits.length, this.now().toISOString())
    return hits
  }

  /**
   * Articles for a ticket as its subject and description are typed: the whole text, each word with its
   * other forms and synonyms counting less than itself, best first; then what solved similar tickets.
   */
  async suggest(ticket: { subject: string; description: string; ticketId?: string | undefined }, profile: MachineProfile | null, limit = 5): Promise<ArticleHit[]> {
    const index = await this.articleIndex()
    const groups = this.synonymGroups()
    const typed = new Map<string, number>()
    for (const term of rankWords(ticket.subject, { meaningful: true })) typed.set(term, subjectWeight)
    for (const term of rankWords(ticket.description, { meaningful: true })) if (!typed.has(term)) typed.set(term, 1)
    const concepts = conceptsOf(typed, index, groups)
    const learned = this.solved.votes(`${ticket.subject}\n${ticket.description}`, (term) => groups.get(term) ?? [], ticket.ticketId)
    // Drafts are in the index for authors' searches; suggestions are published articles only.
    const lexical = index.score(concepts).map((score, d) => (index.published[d] ? score : 0))
    // The best text match scaled to 1, each article's vote from similar solved tickets added to it.
    const best = Math.max(0, ...lexical)
    const total = best > 0 ? lexical.map((score) => score / best) : lexical
    for (const [articleId, vote] of learned) {
      const d = index.place.get(articleId)
      if (d !== undefined && index.published[d]) total[d]! += learnedWeight * vote.score
    }
    const scored: Array<{ d: number; score: number }> = []
    total.forEach((score, d) => score > 0 && scored.push({ d, score }))
    const terms = [...new Set(concepts.flatMap((c) => c.terms.map((t) => t.term)))]
    return scored
      .sort((x, y) => y.score - x.score)
      .slice(0, Math.max(limit * 3, 10))
      .map(({ d, score }) => {
        const row = this.suggestRow.get(index.seqs[d]!)!
        const applies = appliesMatch(JSON.parse(row.applies_to) as AppliesTo, profile)
        return { row, applies, score: score * (1 + 0.6 * applies.length), learned: learned.get(row.id) }
      })
      .sort((x, y) => y.score - x.score)
      .slice(0, limit)
      .map(({ row, applies, learned: vote }) => ({
        ...hit(row, snippet(row.plain, terms, 24, { everyPrefix: true }), applies),
        ...(vote && vote.similar > 0 ? { learned: { similar: vote.similar, thisMonth: vote.thisMonth } } : {})
      }))
  }

  /**
   * The articles (not retired) as an in-memory index: built once, then each article saved or received
   * since is put in again. Its average field lengths are the build's, so once changes pass a sixth of
   * what it was built from (an import into an empty base), it is built again, a slice at a time: the
   * desk answers meanwhile. Articles saved while it was built are put in after.
   */
  private async articleIndex(): Promise<ArticleIndex> {
    let built = false
    for (;;) {
      const version = this.lastVersion.get()?.rowid ?? 0
      if (this.index && version !== this.index.version) {
        const changed = this.changedArticles.all(this.index.version)
        this.index.changed += changed.length
        // Just built and already behind (an import writing meanwhile): put in what changed; the next call builds again.
        if (this.index.changed > this.index.built / 6 && !built) this.index = null
        else {
          for (const { article_id } of changed) this.index.index.put(article_id, this.indexedOne.get(article_id) ?? null)
          this.index.version = version
        }
      }
      if (this.index) return this.index.index
      this.building ??= (async () => {
        const rows = this.indexed.all()
        const index = await ArticleIndex.build(rows, givingWay())
        this.index = { version, index, built: rows.length, changed: 0 }
      })().finally(() => (this.building = null))
      await this.building
      built = true
    }
  }

  /** Each synonym with the other words of its group (a few dozen rows, read each time so a team's edit counts at once). */
  private synonymGroups(): Map<string, string[]> {
    const byGroup = new Map<number, string[]>()
    for (const { term, grp } of this.allSynonyms.all()) byGroup.set(grp, [...(byGroup.get(grp) ?? []), term])
    const groups = new Map<string, string[]>()
    for (const terms of byGroup.values()) for (const term of terms) groups.set(term, terms.filter((t) => t !== term))
    return groups
  }

  /** The articles FTS5 matches (all of them, newest first, without a match), best first by `rank` (higher is better), then bm25. */
  private run(match: string | null, terms: string[], query: ReturnType<typeof ArticleQuery.parse>, profile: MachineProfile | null, rank = (_id: string) => 0): ArticleHit[] {
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
    const rows = this.sql.cached<Record<string, string | number>, HitRow>(sql).all({ ...params, ...(match ? { match } : {}) })
    return rows
      .map((row) => {
        const applies = appliesMatch(JSON.parse(row.applies_to) as AppliesTo, profile)
        // A matching machine weighs an article up.
        return { row, applies, score: rank(row.id) * (1 + 0.6 * applies.length) + applies.length * 0.01 }
      })
      .sort((a, b) => b.score - a.score || a.row.rank - b.row.rank)
      .slice(0, query.limit)
      .map(({ row, applies }) => hit(row, snippet(row.plain, terms, 24, { everyPrefix: true }), applies))
  }
}

/** One typed word as an FTS5 group: itself and its synonyms, quoted, as prefixes when long enough to mean something. */
function ftsGroup(word: string, synonyms: Map<string, string[]>): { match: string; terms: string[] } {
  const folded = fold(word)
  const terms = [folded, ...(synonyms.get(folded) ?? [])]
  const match = terms.map((t) => `"${t.replace(/"/g, '""')}"${t.length >= 3 ? '*' : ''}`).join(' OR ')
  return { match: `(${match})`, terms }
}

function hit(row: SuggestRow, cut: ArticleHit['snippet'], applies: string[]): ArticleHit {
  return { id: row.id, title: row.title, category: row.category, tags: JSON.parse(row.tags) as string[], status: row.status, visibility: row.visibility, snippet: cut, appliesMatch: applies }
}

/**
 * Typed words (with their weights) as concepts to score: each with its forms and synonyms, a word and
 * its synonyms ("pw", "password") as one concept; with `prefix`, a word of three letters or more also
 * counts for the words it begins, as the person may still be typing it. Only the most telling
 * `maxConcepts` are kept: the cost is bounded by concepts, not by where in a ticket a word stands.
 */
export function conceptsOf(typed: Map<string, number>, index: ArticleIndex, synonyms: Map<string, string[]>, { prefix = false } = {}): Concept[] {
  const concepts = new Map<string, { weight: number; terms: Map<string, number> }>()
  const add = (terms: Map<string, number>, term: string, match: number) => terms.set(term, Math.max(terms.get(term) ?? 0, match))
  for (const [term, weight] of typed) {
    const others = synonyms.get(term) ?? []
    // A word in a synonym group joins its group's concept; any other word is its own (with its forms).
    const key = others.length ? `~${[term, ...others].sort()[0]}` : stemOf(term)
    let concept = concepts.get(key)
    if (!concept) concepts.set(key, (concept = { weight, terms: new Map() }))
    concept.weight = Math.max(concept.weight, weight)
    add(concept.terms, term, 1)
    for (const form of index.formsOf(term)) add(concept.terms, form, formMatch)
    if (prefix && term.length >= 3) for (const longer of index.completions(term)) add(concept.terms, longer, formMatch)
    for (const other of others) {
      add(concept.terms, other, synonymMatch)
      for (const form of index.formsOf(other)) add(concept.terms, form, synonymMatch)
    }
  }
  return [...concepts.values()]
    .map((c) => ({ weight: c.weight, terms: [...c.terms].filter(([t]) => index.has(t)).map(([term, match]) => ({ term, match })) }))
    .filter((c) => c.terms.length > 0)
    .map((c) => ({ concept: c, telling: c.weight * index.idf(c) }))
    .sort((x, y) => y.telling - x.telling)
    .slice(0, maxConcepts)
    .map((c) => c.concept)
}

/** Which of the article's applies-to entries the requester's machines match (case-insensitive, either containing the other). */
function appliesMatch(applies: AppliesTo, profile: MachineProfile | null): string[] {
  if (!profile) return []
  const has = (list: string[], entry: string) => list.some((v) => v.toLowerCase().includes(entry.toLowerCase()))
  return [...applies.os.filter((e) => has(profile.os, e)), ...applies.models.filter((e) => has(profile.models, e)), ...applies.apps.filter((e) => has(profile.software, e))]
}
