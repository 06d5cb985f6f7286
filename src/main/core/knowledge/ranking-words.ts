import { stemmer } from 'stemmer'
import { fillerWords } from '../rules/similar-subject'
import { fold } from '../rules/snippet'

// Combining marks belong to their word: "re\u0301initialiser" stored decomposed is one word, as composed.
const token = /[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)*/gu
// Words repeat across tickets and articles: each is stemmed once (the cache is dropped when it grows large).
const stems = new Map<string, string>()

/** The stem of a folded word: Porter's, except for words with digits (error codes, model numbers), which stay whole. */
export function stemOf(term: string): string {
  let stem = stems.get(term)
  if (stem === undefined) {
    if (stems.size >= 200_000) stems.clear()
    stems.set(term, (stem = /\d/.test(term) ? term : stemmer(term)))
  }
  return stem
}

/**
 * Every word of a text, folded, in order. A hyphenated word ("Wi-Fi") yields its parts and its joined
 * form ("wifi"), as the article index holds both. `meaningful` drops filler words and single letters.
 */
export function rankWords(text: string, { meaningful = false } = {}): string[] {
  const out: string[] = []
  for (const match of text.matchAll(token)) {
    const word = fold(match[0])
    const parts = word.split('-')
    if (parts.length > 1) out.push(...parts, parts.join(''))
    else out.push(word)
  }
  return meaningful ? out.filter(isMeaningful) : out
}

export function isMeaningful(term: string): boolean {
  return !fillerWords.has(term) && (term.length > 1 || /\d/.test(term))
}
