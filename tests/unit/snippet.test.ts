import { describe, expect, it } from 'vitest'
import { fold, formsSnippet, searchWords, snippet } from '../../src/main/core/rules/snippet'

const marked = (segments: { text: string; hit: boolean }[]) => segments.map((s) => (s.hit ? `[${s.text}]` : s.text)).join('')

describe('search snippets', () => {
  it('marks whole words, and the last typed word as a prefix', () => {
    expect(marked(snippet('VPN fails with error 809 on the certificate check', searchWords('vpn cert')))).toBe(
      '[VPN] fails with error 809 on the [certificate] check'
    )
    expect(marked(snippet('vpnclient crashed', searchWords('vpn x')))).toBe('vpnclient crashed')
  })

  it('matches without case or accents, as the index does', () => {
    expect(fold('Ärger Café')).toBe('arger cafe')
    expect(marked(snippet('Le café est fermé', searchWords('CAFE')))).toBe('Le [café] est fermé')
  })

  it('quotes the window with the most hits from a long text, with ellipses', () => {
    const filler = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ')
    const text = `${filler} the docking station firmware update failed ${filler}`
    const out = marked(snippet(text, searchWords('docking firmware'), 8))
    expect(out).toBe('…word38 word39 the [docking] station [firmware] update failed…')
  })

  it('keeps markup as plain text segments', () => {
    const segments = snippet('<img src=x onerror=alert(1)> printer jam', searchWords('printer'))
    expect(segments.map((s) => s.text).join('')).toBe('<img src=x onerror=alert(1)> printer jam')
    expect(segments.filter((s) => s.hit)).toEqual([{ text: 'printer', hit: true }])
  })

  it('marks a typed word in whichever form the text has it, a hyphenated one as one hit', () => {
    const wifi = { forms: [['wifi'], ['wi', 'fi']], prefix: false }
    const slow = { forms: [['sl']], prefix: true }
    expect(marked(formsSnippet('Wi-Fi drops, wifi slow, Wi Fi gone, wi/fi odd, wiring fine', [wifi, slow]))).toBe(
      '[Wi-Fi] drops, [wifi] [slow], [Wi Fi] gone, [wi]/[fi] odd, wiring fine'
    )
    expect(marked(formsSnippet('Cannot open e-mail', [{ forms: [['emai'], ['e', 'mai']], prefix: true }]))).toBe('Cannot open [e-mail]')
  })
})
