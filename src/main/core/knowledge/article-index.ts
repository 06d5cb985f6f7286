import { rankWords, stemOf } from './ranking-words'

/** A published article's searchable text, as kb_articles keeps it flattened. */
export interface IndexedRow {
  seq: number
  id: string
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
 * An in-memory BM25F index of the published articles, for suggestions. FTS5's bm25 scores every
 * phrase of an OR query with its own rarity, so a rare synonym ("passcode", once in one article)
 * outweighs the word the person typed; here a word and its forms and synonyms score as one concept
 * (rarity of the commonest, as Lucene's SynonymQuery does), each match weighted by how close it is.
 * Field weights and length norms are folded into each posting when the index is built.
 */
export class ArticleIndex {
  /** term → [doc, weighted tf, doc, weighted tf, …] */
  private readonly postings = new Map<string, Float64Array>()
  /** stem → the index's words with that stem ("crash" → crash, crashes, crashing). */
  private readonly stems = new Map<string, string[]>()
  readonly seqs: number[]
  /** article id → its place in the index */
  readonly place = new Map<string, number>()

  constructor(rows: IndexedRow[]) {
    this.seqs = rows.map((r) => r.seq)
    rows.forEach((r, d) => this.place.set(r.id, d))
    const fields = rows.map((r) => [r.title, r.tag_text, r.applies_text, r.plain].map((text) => rankWords(text, { meaningful: true })))
    const average = fieldWeight.map((_, f) => fields.reduce((sum, doc) => sum + doc[f]!.length, 0) / Math.max(1, rows.length) || 1)
    const lists = new Map<string, number[]>()
    fields.forEach((doc, d) => {
      const weighted = new Map<string, number>()
      doc.forEach((words, f) => {
        const norm = 1 - b + (b * words.length) / average[f]!
        for (const w of words) weighted.set(w, (weighted.get(w) ?? 0) + fieldWeight[f]! / norm)
      })
      for (const [term, tf] of weighted) {
        let list = lists.get(term)
        if (!list) lists.set(term, (list = []))
        list.push(d, tf)
      }
    })
    for (const [term, list] of lists) {
      this.postings.set(term, Float64Array.from(list))
      const stem = stemOf(term)
      const same = this.stems.get(stem)
      if (same) same.push(term)
      else this.stems.set(stem, [term])
    }
  }

  get size(): number {
    return this.seqs.length
  }

  has(term: string): boolean {
    return this.postings.has(term)
  }

  /** Other words in the index with the same stem. */
  formsOf(term: string): string[] {
    return (this.stems.get(stemOf(term)) ?? []).filter((t) => t !== term)
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

  /** BM25F per article (index order), summed over the concepts by their weight. */
  score(concepts: Concept[]): Float64Array {
    const scores = new Float64Array(this.size)
    const tf = new Float64Array(this.size)
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
}
