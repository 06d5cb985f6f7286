import { describe, expect, it } from 'vitest'
import { hostWithPort, parseHost, parseRdpUser, parseTarget, parseVendorId, type HostTarget } from '../../src/main/core/remote/remote-target'
import { DeskError } from '../../src/shared/errors'
import type { RemoteProtocol, VendorId } from '../../src/shared/remote'
import { hostileTargets } from '../fixtures/remote/hostile-targets'

/** Runs `fn` and hands back what it threw; fails the test when it returns instead. */
function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw, but it returned')
}

const dns = (host: string, port: number | null = null, user: string | null = null): HostTarget => ({ kind: 'dns', host, port, user })
const ip4 = (host: string, port: number | null = null, user: string | null = null): HostTarget => ({ kind: 'ip4', host, port, user })
const ip6 = (host: string, port: number | null = null, user: string | null = null): HostTarget => ({ kind: 'ip6', host, port, user })

const label63 = 'a'.repeat(63)

/** C0 controls and DEL: what the validator masks when it echoes an input back. */
const isControl = (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f

const validHosts: Array<{ protocol: Exclude<RemoteProtocol, 'vendor'>; input: string; expected: HostTarget }> = [
  { protocol: 'rdp', input: 'pc-0042.corp.example', expected: dns('pc-0042.corp.example') },
  { protocol: 'rdp', input: 'PC-0042.Corp.Example', expected: dns('pc-0042.corp.example') },
  { protocol: 'rdp', input: 'pc-0042', expected: dns('pc-0042') },
  { protocol: 'rdp', input: 'pc-0042:3390', expected: dns('pc-0042', 3390) },
  { protocol: 'rdp', input: 'localhost', expected: dns('localhost') },
  { protocol: 'rdp', input: 'a', expected: dns('a') },
  { protocol: 'rdp', input: '1password.corp', expected: dns('1password.corp') },
  { protocol: 'rdp', input: `${label63}.corp`, expected: dns(`${label63}.corp`) },
  { protocol: 'rdp', input: 'host:1', expected: dns('host', 1) },
  { protocol: 'rdp', input: 'host:65535', expected: dns('host', 65535) },
  { protocol: 'rdp', input: '10.0.0.12', expected: ip4('10.0.0.12') },
  { protocol: 'rdp', input: '10.0.0.12:3389', expected: ip4('10.0.0.12', 3389) },
  { protocol: 'rdp', input: '[2001:db8::5]:3389', expected: ip6('2001:db8::5', 3389) },
  { protocol: 'rdp', input: '2001:db8::5', expected: ip6('2001:db8::5') },
  { protocol: 'rdp', input: '[2001:DB8::5]', expected: ip6('2001:db8::5') },
  { protocol: 'rdp', input: '::1', expected: ip6('::1') },
  { protocol: 'rdp', input: '::ffff:192.0.2.1', expected: ip6('::ffff:192.0.2.1') },
  { protocol: 'vnc', input: 'vnc-host.corp:5901', expected: dns('vnc-host.corp', 5901) },
  { protocol: 'vnc', input: '192.168.1.20', expected: ip4('192.168.1.20') },
  { protocol: 'vnc', input: '[fe80::1]:5900', expected: ip6('fe80::1', 5900) },
  { protocol: 'ssh', input: 'pc-0042.corp.example', expected: dns('pc-0042.corp.example') },
  { protocol: 'ssh', input: 'olu@pc-0042', expected: dns('pc-0042', null, 'olu') },
  { protocol: 'ssh', input: 'Olu.Ade@PC-0042', expected: dns('pc-0042', null, 'Olu.Ade') },
  { protocol: 'ssh', input: '_svc@host.corp:2222', expected: dns('host.corp', 2222, '_svc') },
  { protocol: 'ssh', input: 'root@10.0.0.12:2222', expected: ip4('10.0.0.12', 2222, 'root') },
  { protocol: 'ssh', input: 'svc-backup@[2001:db8::5]:22', expected: ip6('2001:db8::5', 22, 'svc-backup') },
  { protocol: 'ssh', input: 'olu@2001:db8::5', expected: ip6('2001:db8::5', null, 'olu') }
]

const validVendorIds: Array<{ vendor: VendorId | undefined; input: string }> = [
  { vendor: 'anydesk', input: '123456789' },
  { vendor: 'anydesk', input: '1234567890' },
  { vendor: 'anydesk', input: 'reception-pc@ad' },
  { vendor: 'anydesk', input: 'front.desk_2@corp-ns' },
  { vendor: 'teamviewer', input: '987654321' },
  { vendor: 'teamviewer', input: '1987654321' },
  { vendor: 'rustdesk', input: '123456789' },
  { vendor: 'rustdesk', input: 'frontdesk01' },
  { vendor: 'rustdesk', input: 'Front_Desk-2' },
  { vendor: 'custom', input: '1234' },
  { vendor: 'custom', input: '12345678901234567890' },
  { vendor: undefined, input: '00001234' }
]

describe('parseTarget: valid targets', () => {
  it.each(validHosts)('$protocol $input', ({ protocol, input, expected }) => {
    expect(parseTarget(protocol, input)).toEqual({ host: expected, vendorId: null })
    expect(parseHost(input, { allowUser: protocol === 'ssh' })).toEqual(expected)
  })

  it.each(validVendorIds)('vendor $vendor $input', ({ vendor, input }) => {
    expect(parseTarget('vendor', input, vendor)).toEqual({ host: null, vendorId: input })
    expect(parseVendorId(vendor ?? 'custom', input)).toBe(input)
  })

  it('has a table big enough to mean something', () => {
    expect(validHosts.length + validVendorIds.length).toBeGreaterThanOrEqual(25)
  })
})

describe('hostWithPort', () => {
  it.each([
    { target: dns('pc-0042'), defaultPort: undefined, expected: 'pc-0042' },
    { target: dns('pc-0042'), defaultPort: 3389, expected: 'pc-0042:3389' },
    { target: dns('pc-0042', 3390), defaultPort: 3389, expected: 'pc-0042:3390' },
    { target: dns('pc-0042', 3390), defaultPort: undefined, expected: 'pc-0042:3390' },
    { target: ip4('10.0.0.12'), defaultPort: 5900, expected: '10.0.0.12:5900' },
    { target: ip4('10.0.0.12', 5901), defaultPort: 5900, expected: '10.0.0.12:5901' },
    { target: ip6('2001:db8::5'), defaultPort: undefined, expected: '2001:db8::5' },
    { target: ip6('2001:db8::5'), defaultPort: 3389, expected: '[2001:db8::5]:3389' },
    { target: ip6('::1', 22), defaultPort: undefined, expected: '[::1]:22' }
  ])('$target.kind $target.host port $target.port default $defaultPort → $expected', ({ target, defaultPort, expected }) => {
    expect(hostWithPort(target, defaultPort)).toBe(expected)
  })

  it('writes a parsed target back so it parses to the same host and port', () => {
    for (const input of ['[2001:db8::5]:3389', 'PC-0042.corp:3390', '10.0.0.12:22', '::1']) {
      const target = parseHost(input)
      expect(parseHost(hostWithPort(target, 3389))).toEqual({ ...target, port: target.port ?? 3389 })
    }
  })
})

describe('parseTarget: hostile targets', () => {
  it('refuses every hostile case, naming the reason', () => {
    const failures: string[] = []
    let refused = 0
    for (const c of hostileTargets) {
      const label = `${c.protocol}${c.vendor ? `/${c.vendor}` : ''} ${JSON.stringify(c.input)} (${c.why})`
      let error: unknown
      try {
        const value = parseTarget(c.protocol, c.input, c.vendor)
        failures.push(`${label}: accepted as ${JSON.stringify(value)}`)
        continue
      } catch (e) {
        error = e
      }
      if (!(error instanceof DeskError)) {
        failures.push(`${label}: threw ${String(error)}, not a DeskError`)
        continue
      }
      const reason = error.issues?.[0]?.message ?? ''
      const problems = [
        error.code !== 'INVALID_INPUT' && `code ${error.code}`,
        error.issues?.[0]?.path !== 'target' && `issue path ${error.issues?.[0]?.path}`,
        !error.message.startsWith('“') && 'message does not start with “',
        !error.message.includes('cannot be used as a target') && 'message does not say it cannot be used as a target',
        (reason.length === 0 || !error.message.endsWith(reason)) && 'message does not name the reason',
        [...error.message].some(isControl) && 'message echoes a control character'
      ].filter(Boolean)
      if (problems.length > 0) failures.push(`${label}: ${problems.join('; ')} — ${error.message}`)
      else refused++
    }
    console.log(`remote targets: ${refused} of ${hostileTargets.length} hostile cases refused`)
    expect(failures).toEqual([])
    expect(refused).toBe(hostileTargets.length)
    expect(hostileTargets.length).toBeGreaterThanOrEqual(100)
  })

  it('covers every protocol and vendor', () => {
    expect(new Set(hostileTargets.map((c) => c.protocol))).toEqual(new Set(['rdp', 'vnc', 'ssh', 'vendor']))
    expect(new Set(hostileTargets.map((c) => c.vendor).filter(Boolean))).toEqual(new Set(['anydesk', 'teamviewer', 'rustdesk', 'custom']))
  })

  it('gives the reason a technician can act on', () => {
    const message = (protocol: RemoteProtocol, input: string, vendor?: VendorId) => (thrown(() => parseTarget(protocol, input, vendor)) as DeskError).message
    expect(message('rdp', '')).toContain('it is empty')
    expect(message('ssh', '-oProxyCommand=x')).toContain('read as an option')
    expect(message('rdp', 'host\r\nalternate shell:s:cmd.exe')).toContain('control character')
    expect(message('rdp', 'host\r\nalternate shell:s:cmd.exe')).toMatch(/^“host��alternate shell/)
    expect(message('rdp', 'p\u0430yroll.corp')).toContain('not plain ASCII')
    expect(message('rdp', 'rdp://host')).toContain('URL')
    expect(message('rdp', 'admin@host')).toContain('user name in its own field')
    expect(message('ssh', 'a@b@host')).toContain('more than one “@”')
    expect(message('rdp', 'host:65536')).toContain('port 65536 is outside 1–65535')
    expect(message('rdp', '127.1')).toContain('looks like an IP address')
    expect(message('rdp', '[::1')).toContain('never closed')
    expect(message('vendor', '12345678', 'teamviewer')).toContain('9 or 10 digits')
    expect(message('vendor', '123456789;x', 'rustdesk')).toContain('RustDesk ID')
    expect(message('rdp', 'host:-1')).toContain('is not a port number')
    expect(message('rdp', 'xn--pple-43d.com')).toContain('punycode')
    // Invisible and direction-changing characters are never echoed back into the console.
    expect(message('rdp', 'evil\u202Etxt.exe')).toMatch(/^“evil�txt\.exe”/)
    expect(parseTarget('vendor', 'Reception-PC@ad', 'anydesk').vendorId).toBe('Reception-PC@ad')
  })
})

describe('parseRdpUser', () => {
  it.each(['olu', 'CORP\\olu', '.\\olu', 'olu@corp.example'])('accepts %j', (input) => {
    expect(parseRdpUser(input)).toBe(input)
  })

  it.each(['-olu', 'olu\r\nx', 'a b', 'olu;x'])('refuses %j', (input) => {
    const error = thrown(() => parseRdpUser(input))
    expect(error).toBeInstanceOf(DeskError)
    expect(error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'user' }] })
    expect((error as DeskError).message).toMatch(/^“.*is not a Windows user name/s)
  })
})
