import { rankWords, stemOf } from './ranking-words'

/** An article's searchable text, as kb_articles keeps it flattened. */
export interface IndexedRow {
  seq: number
  id: string
  status: string
  title: string
  tag_text: string
  applies_text: string
  plain: string
}

/**
 * One thing the ticket talks about: a word it used, with the other words that count for it. Each term
 * carries how much a match counts: the typed word fully, its other forms less, its synonyms least.
 */
export interface Concept {
  weight: number
  terms: Array<{ term: string; match: number }>
}

// Title, tags (with joined forms), applies-to, body. A title word says most about what an article is for.
const fieldWeight = [3, 2, 1, 1] as const
const k1 = 1.2
const b = 0.75

/**
 * An in-memory BM25F index of the articles (drafts too: authors search them), for ranking. FTS5's bm25 scores every
 * phrase of an OR query with its own rarity, so a rare synonym ("passcode", once in one article)
 * outweighs the word the person typed; here a word and its forms and synonyms score as one concept
 * (rarity of the commonest, as Lucene's SynonymQuery does), each match weighted by how close it is.
 * Field weights and length norms are folded into each posting when an article is added. An article
 * saved or received later replaces its own postings; the average field lengths stay those of the
 * full build, which a few changed articles hardly move (its owner builds again after many).
 */
export class ArticleIndex {
  /** term → [slot, weighted tf, slot, weighted tf, …] */
  private readonly postings = new Map<string, number[]>()
  /** stem → the index's words with that stem ("crash" → crash, crashes, crashing). */
  private readonly stems = new Map<string, Set<string>>()
  /** Per slot: the article's seq (-1 once it left the index), whether it is published, and the words it put in. */
  readonly seqs: number[] = []
  readonly published: boolean[] = []
  private readonly words: string[][] = []
  /** article id → its slot */
  readonly place = new Map<string, number>()
  private readonly average: number[]
  /** Every term, sorted, for word prefixes; sorted again only after new terms came in. */
  private sorted: string[] | null = null

  private constructor(average: number[]) {
    this.average = average
  }

  /**
   * The index of these articles, built an article at a time with `giveWay` between them, so the desk
   * answers meanwhile (5,000 articles take about 0.8 s here).
   */
  static async build(rows: IndexedRow[], giveWay: () => Promise<void> = async () => undefined): Promise<ArticleIndex> {
    const fields: string[][][] = []
    for (const row of rows) {
      await giveWay()
      fields.push(fieldsOf(row))
    }
    const index = new ArticleIndex(fieldWeight.map((_, f) => fields.reduce((sum, doc) => sum + doc[f]!.length, 0) / Math.max(1, rows.length) || 1))
    for (let i = 0; i < rows.length; i++) {
      await giveWay()
      index.add(rows[i]!, fields[i]!)
    }
    return index
  }

  /** Articles in the index now. */
  get size(): number {
    return this.place.size
  }

  /** An article saved or received: its postings replace any it had; null when it is retired. */
  put(id: string, row: IndexedRow | null): void {
    const slot = this.place.get(id)
    if (slot !== undefined) {
      for (const term of this.words[slot]!) this.unpost(term, slot)
      this.words[slot] = []
      this.seqs[slot] = -1
      this.place.delete(id)
    }
    if (row) this.add(row, fieldsOf(row), slot)
  }

  has(term: string): boolean {
    return this.postings.has(term)
  }

  /** Other words in the index with the same stem. */
  formsOf(term: string): string[] {
    return [...(this.stems.get(stemOf(term)) ?? [])].filter((t) => t !== term)
  }

  /** Index terms that start with a typed word still being typed ("prin": printer, printing…), at most `max`, commonest first. */
  completions(prefix: string, max = 20): string[] {
    this.sorted ??= [...this.postings.keys()].sort()
    const all = this.sorted
    let lo = 0
    let hi = all.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (all[mid]! < prefix) lo = mid + 1
      else hi = mid
    }
    const found: string[] = []
    for (let i = lo; i < all.length && all[i]!.startsWith(prefix); i++) if (all[i] !== prefix && this.postings.has(all[i]!)) found.push(all[i]!)
    return found.length <= max ? found : found.sort((x, y) => this.df(y) - this.df(x)).slice(0, max)
  }

  /** How many articles hold the word. */
  df(term: string): number {
    return (this.postings.get(term)?.length ?? 0) / 2
  }

  /** Inverse document frequency of a concept: that of its commonest word, so a rare synonym is no rarer than the word it stands for. */
  idf(concept: Concept): number {
    const df = Math.max(0, ...concept.terms.map((t) => this.df(t.term)))
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5))
  }

  /** BM25F per slot, summed over the concepts by their weight. */
  score(concepts: Concept[]): Float64Array {
    const scores = new Float64Array(this.seqs.length)
    const tf = new Float64Array(this.seqs.length)
    const touched: number[] = []
    for (const concept of concepts) {
      for (const { term, match } of concept.terms) {
        const list = this.postings.get(term)
        if (!list) continue
        for (let i = 0; i < list.length; i += 2) {
          const d = list[i]!
          if (tf[d] === 0) touched.push(d)
          tf[d]! += match * list[i + 1]!
        }
      }
      const idf = this.idf(concept) * concept.weight
      for (const d of touched) {
        scores[d]! += (idf * tf[d]! * (k1 + 1)) / (tf[d]! + k1)
        tf[d] = 0
      }
      touched.length = 0
    }
    return scores
  }

  private add(row: IndexedRow, fields: string[][], slot = this.seqs.length): void {
    const weighted = new Map<string, number>()
    fields.forEach((words, f) => {
      const norm = 1 - b + (b * words.length) / this.average[f]!
      for (const w of words) weighted.set(w, (weighted.get(w) ?? 0) + fieldWeight[f]! / norm)
    })
    this.seqs[slot] = row.seq
    this.published[slot] = row.status === 'published'
    this.words[slot] = [...weighted.keys()]
    this.place.set(row.id, slot)
    for (const [term, tf] of weighted) {
      const list = this.postings.get(term)
      if (list) list.push(slot, tf)
      else {
        this.postings.set(term, [slot, tf])
        this.sorted = null
        const stem = stemOf(term)
        const same = this.stems.get(stem)
        if (same) same.add(term)
        else this.stems.set(stem, new Set([term]))
      }
    }
  }

  private unpost(term: string, slot: number): void {
    const list = this.postings.get(term)!
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === slot) {
        list.splice(i, 2)
        break
      }
    }
    if (list.length > 0) return
    this.postings.delete(term)
    const same = this.stems.get(stemOf(term))!
    same.delete(term)
    if (same.size === 0) this.stems.delete(stemOf(term))
  }
}

const fieldsOf = (row: IndexedRow) => [row.title, row.tag_text, row.applies_text, row.plain].map((text) => rankWords(text, { meaningful: true }))
