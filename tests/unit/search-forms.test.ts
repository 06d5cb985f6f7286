import { describe, expect, it } from 'vitest'
import { ftsQuery, typedForms, typedWords, type IndexTerms } from '../../src/main/core/rules/search-forms'

/** An index holding these terms, counting the questions asked of it. */
function index(terms: string[]): IndexTerms & { asked: number } {
  const held = new Set(terms)
  const asked = { asked: 0 }
  return Object.assign(asked, {
    has: (term: string) => (asked.asked++, held.has(term)),
    hasPrefix: (prefix: string) => (asked.asked++, terms.some((t) => t.startsWith(prefix)))
  })
}

const terms = ['wi', 'fi', 'wifi', 'e', 'mail', 'email', 're', 'image', 'win', '11', 'the', 'wiring', 'room', 'slow']

describe('ticket search: the forms a typed word takes', () => {
  it('keeps a hyphenated word whole, and drops what is not a word', () => {
    expect(typedWords('Wi-Fi drops, e-mail; re‑image -x- NEAR(" OR *')).toEqual(['Wi-Fi', 'drops', 'e-mail', 're‑image', 'x', 'NEAR', 'OR'])
  })

  it.each([
    // typed, as the last word?, forms
    ['Wi-Fi', false, [['wi', 'fi'], ['wifi']]],
    ['wifi', false, [['wifi'], ['wi', 'fi']]],
    ['email', false, [['email'], ['e', 'mail']]],
    ['reimage', false, [['reimage'], ['re', 'image']]],
    ['win11', false, [['win11'], ['win', '11']]],
    // A prefix's last part need only begin a term: "wif" while typing "wifi".
    ['wif', true, [['wif'], ['wi', 'f']]],
    ['wif', false, [['wif']]],
    ['emai', true, [['emai'], ['e', 'mai']]],
    // Parts are real terms of two letters or more (only the first may be one): no "wir ing", no "w iring".
    ['wiring', false, [['wiring']]],
    ['wifiroom', false, [['wifiroom'], ['wifi', 'room'], ['wi', 'fi', 'room']]],
    // Too short to split, and too long to be a word a person types.
    ['fi', true, [['fi']]],
    ['wifiroomwifiroomwifiroomx', false, [['wifiroomwifiroomwifiroomx']]]
  ])('%s (prefix: %s)', (typed, prefix, forms) => {
    const words = prefix ? [typed] : [typed, 'slow']
    expect(typedForms(words, index(terms))[0]).toEqual({ forms, prefix })
  })

  it('tries a few splits of a long word, asking the index a few questions per letter', () => {
    for (const held of [['a', 'aa', 'aaa', 'aaaa'], Array.from({ length: 24 }, (_, k) => 'a'.repeat(k + 1))]) {
      const terms = index(held)
      const [word] = typedForms(['a'.repeat(24), 'x'], terms)
      expect(word!.forms.length).toBeLessThanOrEqual(5)
      expect(terms.asked).toBeLessThanOrEqual(6 * 24)
    }
  })

  it('writes every word as required, any of its forms as a quoted phrase, the last as a prefix', () => {
    expect(ftsQuery(typedForms(['wifi', 'slow'], index(terms)))).toBe('("wifi" OR "wi fi") AND "slow"*')
    expect(ftsQuery(typedForms(['e-mail'], index(terms)))).toBe('("e mail"* OR "email"*)')
  })
})
