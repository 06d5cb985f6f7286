import { stemmer } from 'stemmer'
import { fillerWords } from '../desk/similar-subject'
import { fold } from '../desk/snippet'

const token = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu
/** The stem of a folded word: Porter's, except for words with digits (error codes, model numbers), which stay whole. */
export function stemOf(term: string): string {
  return /\d/.test(term) ? term : stemmer(term)
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
