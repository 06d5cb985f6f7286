import { describe, expect, it } from 'vitest'
import { isMeaningful, rankWords, stemOf } from '../../src/main/core/knowledge/ranking-words'

describe('ranking words', () => {
  it('splits as the index does: folded, a hyphenated word as its parts and its joined form', () => {
    expect(rankWords('Wi-Fi drops at the Café')).toEqual(['wi', 'fi', 'wifi', 'drops', 'at', 'the', 'cafe'])
    expect(rankWords('E-Mail re-image', { meaningful: true })).toEqual(['mail', 'email', 're', 'image', 'reimage'])
  })

  it('drops filler and single letters, keeps short codes with digits', () => {
    expect(rankWords('Hi, I cant print anything today on 2F, please help asap!', { meaningful: true })).toEqual(['print', '2f'])
    expect(['x', 'please', 'not'].map(isMeaningful)).toEqual([false, false, false])
    expect(['pw', '5', 'vpn'].map(isMeaningful)).toEqual([true, true, true])
  })

  it('stems words to meet their other forms, and leaves error codes and models whole', () => {
    expect(['crashes', 'crashing', 'crashed'].map(stemOf)).toEqual(['crash', 'crash', 'crash'])
    expect(['0x800ccc0e', 'win11', 'e7450'].map(stemOf)).toEqual(['0x800ccc0e', 'win11', 'e7450'])
  })
})
