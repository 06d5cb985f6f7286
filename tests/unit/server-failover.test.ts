import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ServerAddress, ServerPeers } from '../../src/shared/server-address'
import { DeskLink } from '../../src/main/core/sync/desk-link'
import { checkPeers, tryOrder } from '../../src/main/core/sync/failover'
import { tempDir } from '../support/temp-dir'

describe('the addresses a desk may move to', () => {
  const dirs: Array<ReturnType<typeof tempDir>> = []
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()))

  it('takes https anywhere and plain http only to this machine, written without a trailing slash', () => {
    expect(ServerAddress.parse('https://desk-b.corp.example/')).toBe('https://desk-b.corp.example')
    expect(ServerAddress.parse('https://desk.corp.example:8443/frontline//')).toBe('https://desk.corp.example:8443/frontline')
    expect(ServerAddress.parse('http://127.0.0.1:4101')).toBe('http://127.0.0.1:4101')
    expect(ServerAddress.parse('http://[::1]:4101')).toBe('http://[::1]:4101')
    for (const bad of ['http://desk-b.corp.example', 'ftp://desk-b.corp.example', 'https://user:pw@desk-b.corp.example', 'https://desk-b.corp.example/?next=x', 'https://desk-b.corp.example/#x', 'javascript:alert(1)', 'desk-b', `https://${'a'.repeat(600)}.example`]) {
      expect(ServerAddress.safeParse(bad).success, bad).toBe(false)
    }
    expect(ServerPeers.parse(' https://a.example , http://localhost:4101,')).toEqual(['https://a.example', 'http://localhost:4101'])
    expect(ServerPeers.safeParse('https://a.example,http://b.example').success).toBe(false)
    expect(ServerPeers.safeParse(Array.from({ length: 17 }, (_, i) => `https://s${i}.example`).join(',')).success).toBe(false)
  })

  it('judges the peers a server names as hostile: keeps the good ones, says which it refused, typed', () => {
    const { peers, refused } = checkPeers('https://a.example', ['https://b.example', 'http://evil.example', 'https://x:y@c.example'])
    expect(peers).toEqual(['https://b.example'])
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'peers.1' }, { path: 'peers.2' }] })
    expect(checkPeers('https://a.example', []).refused).toBeNull()
  })

  it('tries the current server first, then the ones after it, wrapping round', () => {
    expect(tryOrder('b', ['a', 'b', 'c'])).toEqual(['b', 'c', 'a'])
    expect(tryOrder('a', ['a'])).toEqual(['a'])
    expect(tryOrder('z', ['a', 'b'])).toEqual(['z', 'a', 'b'])
  })

  it('keeps the list beside the desk file: the address signed in with first, peers after, moves only within it', () => {
    const dir = tempDir()
    dirs.push(dir)
    const link = new DeskLink(dir.path)
    const account = { id: '0190a4c4-0000-7000-8000-000000000001', email: 'dana@corp.example', name: 'Dana', role: 'agent' as const }
    link.save('http://127.0.0.1:4100', account)
    expect(link.servers()).toEqual(['http://127.0.0.1:4100'])
    link.learnPeers('http://127.0.0.1:4100', ['http://127.0.0.1:4101', 'http://127.0.0.1:4100'])
    expect(link.servers()).toEqual(['http://127.0.0.1:4100', 'http://127.0.0.1:4101'])
    link.moveTo('https://elsewhere.example')
    expect(link.serverUrl()).toBe('http://127.0.0.1:4100')
    link.moveTo('http://127.0.0.1:4101')
    expect(link.serverUrl()).toBe('http://127.0.0.1:4101')
    // B names no peers: the address signed in with and the current one stay.
    link.learnPeers('http://127.0.0.1:4101', [])
    expect(link.servers()).toEqual(['http://127.0.0.1:4100', 'http://127.0.0.1:4101'])
    expect(link.account()).toEqual(account)
    // Peers heard from the server a round is moving to, before the move is made: that server stays a place to move to.
    link.learnPeers('http://127.0.0.1:4102', ['http://127.0.0.1:4101'])
    link.moveTo('http://127.0.0.1:4102')
    expect(link.serverUrl()).toBe('http://127.0.0.1:4102')
    // A link written before failover, or a damaged list: the current server alone.
    writeFileSync(link.path, JSON.stringify({ serverUrl: 'http://127.0.0.1:4100', account: JSON.stringify(account), servers: '{"not":"a list"}' }))
    expect(link.servers()).toEqual(['http://127.0.0.1:4100'])
    expect(new DeskLink(join(dir.path, 'none')).servers()).toEqual([])
  })
})
