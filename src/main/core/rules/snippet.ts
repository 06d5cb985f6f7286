import type { SearchHit } from '../../../shared/domain'

const ascii = /^[ -~]*$/

/** Folds a word the way the FTS5 tokenizer does (unicode61, remove_diacritics): lower case, no accents. */
export function fold(word: string): string {
  // Most words are plain ASCII: Unicode normalization, which is slow, is for the rest.
  return ascii.test(word) ? word.toLowerCase() : word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** The words a technician typed, as the index sees them; the last one is matched as a prefix. */
export function searchWords(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12)
}

const token = /[\p{L}\p{M}\p{N}]+/gu

interface Word {
  start: number
  end: number
  hit: boolean
  /** A hit that continues the one before it ("Wi-Fi" for a typed "wifi"): the text between is marked too. */
  joined?: boolean
}

const tokens = (text: string) => [...text.matchAll(token)].map((m) => ({ start: m.index, end: m.index + m[0].length, folded: fold(m[0]) }))

/**
 * The window of `size` words with the most hits, hits marked. Done here rather than with FTS5's
 * snippet(), which re-reads the whole doclist of a prefix term for every row (~0.3 ms each at 100k).
 */
export function snippet(text: string, typed: string[], size = 16, { everyPrefix = false } = {}): SearchHit['snippet'] {
  const terms = typed.map(fold)
  const last = terms.length - 1
  // Most words cannot match: their first letter (ASCII, any case) starts no term. Only the others are folded and compared.
  const firsts = new Set(terms.map((t) => t.charCodeAt(0)))
  const words = [...text.matchAll(token)].map((m) => {
    const first = m[0].charCodeAt(0)
    const possible = first > 127 || firsts.has(first >= 65 && first <= 90 ? first + 32 : first)
    const folded = possible ? fold(m[0]) : ''
    // Ticket search matches only the last word as a prefix; knowledge search matches every word so.
    const hit = possible && terms.some((term, i) => (everyPrefix || i === last ? folded.startsWith(term) : folded === term))
    return { start: m.index, end: m.index + m[0].length, hit }
  })
  return cut(text, words, size)
}

/** A typed word and the runs of index tokens it may be in a text ("wifi": wifi, or wi fi); a prefix's last token is matched as one. */
export interface TypedForms {
  forms: string[][]
  prefix: boolean
}

/** As `snippet`, for words typed in any of several forms: a run of tokens that spells one is marked as one hit ("[Wi-Fi]"). */
export function formsSnippet(text: string, typed: TypedForms[], size = 16): SearchHit['snippet'] {
  const found = tokens(text)
  const folded = found.map((w) => w.folded)
  const words: Word[] = found.map(({ start, end }) => ({ start, end, hit: false }))
  for (let i = 0; i < words.length; i++) {
    for (const { forms, prefix } of typed) {
      for (const form of forms) {
        const last = form.length - 1
        const spells = form.every((part, k) => (prefix && k === last ? folded[i + k]?.startsWith(part) : folded[i + k] === part))
        if (!spells) continue
        for (let k = 0; k <= last; k++) {
          const word = words[i + k]!
          word.hit = true
          // Only a hyphen or a space between the parts is marked with them.
          if (k > 0) word.joined = /^[\s\-‐‑]$/u.test(text.slice(words[i + k - 1]!.end, word.start))
        }
      }
    }
  }
  return cut(text, words, size)
}

function cut(text: string, words: Word[], size: number): SearchHit['snippet'] {
  if (words.length === 0) return text ? [{ text, hit: false }] : []

  // Slide the window; keep the first position with the most hits.
  let best = 0
  let bestCount = -1
  let count = 0
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.hit) count++
    if (i >= size && words[i - size]!.hit) count--
    const from = Math.max(0, i - size + 1)
    if (count > bestCount) {
      bestCount = count
      best = from
    }
  }
  // Start a little before the first hit so it reads in context.
  const firstHit = words.findIndex((w, i) => i >= best && w.hit)
  const from = firstHit < 0 ? 0 : Math.max(0, Math.min(firstHit - 3, words.length - size))
  const to = Math.min(words.length, from + size)

  const out: SearchHit['snippet'] = []
  const push = (piece: string, hit: boolean) => {
    if (!piece) return
    const prev = out[out.length - 1]
    if (prev && prev.hit === hit) prev.text += piece
    else out.push({ text: piece, hit })
  }
  let cursor = from === 0 ? 0 : words[from]!.start
  if (from > 0) push('…', false)
  for (let i = from; i < to; i++) {
    const w = words[i]!
    push(text.slice(cursor, w.start), w.joined === true)
    push(text.slice(w.start, w.end), w.hit)
    cursor = w.end
  }
  push(to === words.length ? text.slice(cursor) : text.slice(cursor, words[to - 1]!.end) + '…', false)
  return out
}
