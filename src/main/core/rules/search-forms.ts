import { fold, type TypedForms } from './snippet'

/** The index's words, asked about while a typed word is split ("wifi" → "wi" "fi"). */
export interface IndexTerms {
  /** Whether the index holds this exact term. */
  has(term: string): boolean
  /** Whether the index holds a term that starts with this. */
  hasPrefix(prefix: string): boolean
}

// A split costs the index a phrase lookup: a few per word, into at most three parts, for words a person types.
const MAX_SPLITS = 4
const MAX_PARTS = 3
const SPLIT_LENGTH = { min: 3, max: 24 }

/** The words typed into ticket search, hyphenated ones kept whole ("Wi-Fi" is one word here, two to the index). */
export function typedWords(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+(?:[-‐‑][\p{L}\p{N}]+)*/gu) ?? []).slice(0, 12)
}

/**
 * Each typed word with the forms it may take in a ticket, as runs of index tokens; the last word is
 * matched as a prefix. "Wi-Fi" is also "wifi"; "wifi" is also "wi fi" when the index holds both parts.
 */
export function typedForms(words: string[], index: IndexTerms): TypedForms[] {
  return words.map((word, i) => {
    const prefix = i === words.length - 1
    const parts = fold(word).split(/[-‐‑]/)
    const joined = parts.join('')
    return { forms: parts.length > 1 ? [parts, [joined]] : [[joined], ...splits(joined, prefix, index)], prefix }
  })
}

/**
 * The ways to read a joined word as adjacent index terms, fewest parts first. A part is a real term of
 * two letters or more; only the first may be one ("e mail"); a prefix's last part need only begin a term.
 */
function splits(word: string, prefix: boolean, index: IndexTerms): string[][] {
  if (word.length < SPLIT_LENGTH.min || word.length > SPLIT_LENGTH.max) return []
  const found: string[][] = []
  // Each round's heads are the ways to read the word's start as terms; the next round splits what is left after them.
  let heads: string[][] = [[]]
  for (let parts = 2; parts <= MAX_PARTS; parts++) {
    const longer: string[][] = []
    for (const head of heads) {
      const from = head.join('').length
      for (let at = from + (head.length ? 2 : 1); at < word.length; at++) {
        const part = word.slice(from, at)
        const rest = word.slice(at)
        if (!index.has(part)) continue
        if (prefix ? index.hasPrefix(rest) : rest.length >= 2 && index.has(rest)) found.push([...head, part, rest])
        if (found.length === MAX_SPLITS) return found
        if (longer.length < MAX_SPLITS) longer.push([...head, part])
      }
    }
    heads = longer
  }
  return found
}

/** Typed words to an FTS5 query: every word required, any of its forms will do; each form a quoted phrase (no operators reach FTS5). */
export function ftsQuery(words: TypedForms[]): string {
  return words
    .map(({ forms, prefix }) => {
      const phrases = forms.map((tokens) => `"${tokens.join(' ')}"${prefix ? '*' : ''}`)
      return phrases.length > 1 ? `(${phrases.join(' OR ')})` : phrases[0]
    })
    .join(' AND ')
}
