import { describe, expect, it } from 'vitest'
import { parseHlc, receive, tick } from '../../src/shared/hlc'
import { Hlc } from '../../src/shared/sync'

const t = Date.parse('2026-11-23T09:00:00Z')

describe('hybrid logical clock', () => {
  it('follows the wall clock while it moves forward', () => {
    const a = tick(null, t, 'laptop')
    const b = tick(a, t + 1_000, 'laptop')
    expect(parseHlc(b)).toEqual({ wall: t + 1_000, counter: 0, node: 'laptop' })
    expect(b > a).toBe(true)
  })

  it('keeps one node’s edits in order when its clock jumps back ten minutes', () => {
    const stamps = [tick(null, t, 'laptop')]
    for (const wall of [t - 600_000, t - 599_000, t + 1, t + 1]) stamps.push(tick(stamps.at(-1)!, wall, 'laptop'))
    expect([...stamps].sort()).toEqual(stamps)
    expect(new Set(stamps).size).toBe(stamps.length)
  })

  it('moves past a stamp received from a node whose clock is ahead', () => {
    const remote = tick(null, t + 600_000, 'fast-desk')
    const after = receive(tick(null, t, 'laptop'), remote, t, 'laptop')
    expect(after > remote).toBe(true)
    expect(tick(after, t + 1, 'laptop') > after).toBe(true)
  })

  it('breaks a tie between nodes by node id, so the merge is the same everywhere', () => {
    expect(tick(null, t, 'node-b') > tick(null, t, 'node-a')).toBe(true)
  })

  it('sorts as strings by wall, then counter, then node', () => {
    expect(tick(tick(null, t, 'a'), t, 'a') > tick(null, t, 'z')).toBe(true)
    expect(tick(null, t + 1, 'a') > tick(tick(null, t, 'z'), t, 'z')).toBe(true)
  })

  it('never overflows its four-digit counter: ten thousand edits in one millisecond still give valid, ordered stamps', () => {
    const stamps = [tick(null, t, 'laptop')]
    for (let i = 0; i < 25_000; i++) stamps.push(tick(stamps.at(-1)!, t, 'laptop'))
    expect(stamps.every((s) => Hlc.safeParse(s).success)).toBe(true)
    expect([...stamps].sort()).toEqual(stamps)
    expect(new Set(stamps).size).toBe(stamps.length)
    expect(Hlc.safeParse(receive(null, '4102444900000-9999-evil', t, 'laptop')).success).toBe(true)
  })

  it('repairs a stamp an earlier version wrote past the counter’s four digits', () => {
    const bad = `${t}-10003-laptop`
    expect(parseHlc(bad)).toEqual({ wall: t + 1, counter: 3, node: 'laptop' })
    const next = tick(bad, t, 'laptop')
    expect(Hlc.safeParse(next).success).toBe(true)
    expect(parseHlc(next)).toEqual({ wall: t + 1, counter: 4, node: 'laptop' })
  })
})
