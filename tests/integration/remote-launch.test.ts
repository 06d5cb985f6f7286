import { spawn } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openFrontlineCore, type FrontlineCore } from '../../src/main/core/frontline-core'
import type { Method, MethodInput, MethodOutput } from '../../src/shared/contract'
import type { ClientId, CustomTool, Platform } from '../../src/shared/remote'
import { nativeClient } from '../support/native-client'
import { hostileTargets } from '../fixtures/remote/hostile-targets'
import { machine } from '../support/snapshot'
import { tempDir } from '../support/temp-dir'

const root = tempDir()
afterAll(() => root.remove())
const records = join(root.path, 'records')
mkdirSync(records)

/**
 * A fake client: a real executable that writes down the argv it was given (and, for an .rdp file, the
 * file's text and mode while it still exists), stays up a moment like a session would, and exits.
 */
function fake(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(
    path,
    `#!${process.execPath}
const fs = require('node:fs')
const argv = process.argv.slice(2)
const rdpPath = argv.find((a) => a.endsWith('.rdp'))
const rdp = rdpPath ? { text: fs.readFileSync(rdpPath, 'utf8'), mode: (fs.statSync(rdpPath).mode & 0o777).toString(8) } : null
const file = ${JSON.stringify(records)} + '/' + process.pid
fs.writeFileSync(file + '.tmp', JSON.stringify({ program: process.argv[1], argv, rdp }))
fs.renameSync(file + '.tmp', file + '.json')
setTimeout(() => process.exit(0), 300)
`
  )
  chmodSync(path, 0o755)
  return path
}

const recorded = () => readdirSync(records).filter((f) => f.endsWith('.json'))

/** The one client started since the last take (a second would be a test failure). */
function takeRecord(): { program: string; argv: string[]; rdp: { text: string; mode: string } | null } | undefined {
  const files = recorded()
  if (files.length === 0) return undefined
  expect(files).toHaveLength(1)
  const file = join(records, files[0]!)
  const record = JSON.parse(readFileSync(file, 'utf8'))
  rmSync(file)
  return record
}

let spawned = 0
const countingSpawn = ((...args: Parameters<typeof spawn>) => {
  spawned++
  return spawn(...args)
}) as typeof spawn

const cores: FrontlineCore[] = []
afterAll(async () => {
  for (const core of cores) await core.close()
})

/** A desk on `platform` whose PATH, Program Files and Applications folder hold only the given fakes. */
function deskWith(platform: Platform, name: string, layout: (dir: string) => void, confirmCustomTool: ((tool: CustomTool) => Promise<boolean>) | null = async () => true) {
  // No window for an early failure here: a fake that runs 300 ms is a session whatever the machine's speed
  // (remote-session-ends.test.ts covers clients that fail or hand off at once).
  const dir = join(root.path, name)
  const bin = join(dir, 'bin')
  mkdirSync(bin, { recursive: true })
  layout(dir)
  const data = join(dir, 'data')
  mkdirSync(data)
  const core = openFrontlineCore({
    dataDir: data,
    sync: { background: false },
    ...(confirmCustomTool ? { confirmCustomTool } : {}),
    remote: { platform, env: { PATH: [bin, join(dir, 'bin2')].join(platform === 'win32' ? ';' : ':'), ProgramFiles: join(dir, 'pf'), SystemRoot: join(dir, 'win') }, appDirs: [join(dir, 'Applications')], spawn: countingSpawn, tempRoot: dir, earlyExitMs: 0 }
  })
  cores.push(core)
  const call = async <M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const result = await core.dispatch(method, input)
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code, issues: result.error.issues })
    return result.value as MethodOutput<M>
  }
  return { dir, bin, call }
}

async function waitFor<T>(read: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read()
    if (value !== undefined) return value
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('timed out')
}

const rdpText = (address: string, user?: string) =>
  [
    'screen mode id:i:1',
    'dynamic resolution:i:1',
    'redirectclipboard:i:1',
    'audiomode:i:2',
    'prompt for credentials:i:1',
    'authentication level:i:2',
    'enablecredsspsupport:i:1',
    `full address:s:${address}`,
    ...(user ? [`username:s:${user}`] : []),
    ''
  ].join('\r\n')

interface Case {
  platform: Platform
  clientId: ClientId
  protocol: 'rdp' | 'vnc' | 'ssh' | 'vendor'
  target: string
  user?: string
  /** Lays out the fakes; returns named paths the expected argv refers to. */
  layout: (dir: string, bin: string) => Record<string, string>
  argv: (paths: Record<string, string>) => Array<string | RegExp>
  rdp?: string
}

const app = (dir: string, name: string, binary?: string) => {
  const bundle = join(dir, 'Applications', name)
  mkdirSync(bundle, { recursive: true })
  if (binary) fake(join(bundle, binary))
  return bundle
}

const rdpFileArg = /\/frontline-rdp-[^/]+\/[0-9a-f-]{36}\.rdp$/

const cases: Case[] = [
  // Windows
  { platform: 'win32', clientId: 'mstsc', protocol: 'rdp', target: 'pc-0042.corp.example', user: 'CORP\\olu', layout: (_d, bin) => ({ exe: fake(join(bin, 'mstsc.exe')) }), argv: () => [rdpFileArg], rdp: rdpText('pc-0042.corp.example:3389', 'CORP\\olu') },
  { platform: 'win32', clientId: 'mstsc', protocol: 'rdp', target: '[2001:db8::5]:3390', layout: (d) => ({ exe: fake(join(d, 'win', 'System32', 'mstsc.exe')) }), argv: () => [rdpFileArg], rdp: rdpText('[2001:db8::5]:3390') },
  { platform: 'win32', clientId: 'vncviewer', protocol: 'vnc', target: '10.0.0.12:5901', layout: (d) => ({ exe: fake(join(d, 'pf', 'TigerVNC', 'vncviewer.exe')) }), argv: () => ['10.0.0.12::5901'] },
  { platform: 'win32', clientId: 'windows-terminal', protocol: 'ssh', target: 'olu@pc-0042:2222', layout: (_d, bin) => ({ exe: fake(join(bin, 'wt.exe')), ssh: fake(join(bin, 'ssh.exe')) }), argv: (p) => ['new-tab', '--title', 'SSH pc-0042', '--', p.ssh!, '-p', '2222', '--', 'olu@pc-0042'] },
  { platform: 'win32', clientId: 'ssh-console', protocol: 'ssh', target: 'pc-0042', layout: (d) => ({ exe: fake(join(d, 'win', 'System32', 'OpenSSH', 'ssh.exe')) }), argv: () => ['--', 'pc-0042'] },
  { platform: 'win32', clientId: 'anydesk', protocol: 'vendor', target: '123456789', layout: (_d, bin) => ({ exe: fake(join(bin, 'AnyDesk.exe')) }), argv: () => ['123456789'] },
  { platform: 'win32', clientId: 'teamviewer', protocol: 'vendor', target: '987654321', layout: (d) => ({ exe: fake(join(d, 'pf', 'TeamViewer', 'TeamViewer.exe')) }), argv: () => ['-i', '987654321'] },
  { platform: 'win32', clientId: 'rustdesk', protocol: 'vendor', target: '1234567890', layout: (_d, bin) => ({ exe: fake(join(bin, 'rustdesk.exe')) }), argv: () => ['--connect', '1234567890'] },
  // macOS
  { platform: 'darwin', clientId: 'windows-app', protocol: 'rdp', target: 'pc-0042', user: 'olu@corp.example', layout: (d, bin) => ({ exe: fake(join(bin, 'open')), app: app(d, 'Windows App.app') }), argv: (p) => ['-W', '-n', '-a', p.app!, rdpFileArg], rdp: rdpText('pc-0042:3389', 'olu@corp.example') },
  { platform: 'darwin', clientId: 'screen-sharing', protocol: 'vnc', target: 'mac-0007.corp.example', layout: (d, bin) => ({ exe: fake(join(bin, 'open')), app: app(d, 'Screen Sharing.app') }), argv: () => ['-W', '-n', 'vnc://mac-0007.corp.example:5900'] },
  { platform: 'darwin', clientId: 'vncviewer', protocol: 'vnc', target: '10.0.0.12', layout: (d) => ({ exe: join(app(d, 'VNC Viewer.app', 'Contents/MacOS/vncviewer'), 'Contents/MacOS/vncviewer') }), argv: () => ['10.0.0.12'] },
  { platform: 'darwin', clientId: 'macos-terminal', protocol: 'ssh', target: 'admin@10.0.0.9', layout: (d, bin) => ({ exe: fake(join(bin, 'open')), app: app(d, 'Terminal.app') }), argv: (p) => ['-W', '-n', '-a', p.app!, 'ssh://admin@10.0.0.9:22'] },
  { platform: 'darwin', clientId: 'anydesk', protocol: 'vendor', target: 'reception-pc@ad', layout: (d) => ({ exe: join(app(d, 'AnyDesk.app', 'Contents/MacOS/AnyDesk'), 'Contents/MacOS/AnyDesk') }), argv: () => ['reception-pc@ad'] },
  { platform: 'darwin', clientId: 'teamviewer', protocol: 'vendor', target: '987654321', layout: (d) => ({ exe: join(app(d, 'TeamViewer.app', 'Contents/MacOS/TeamViewer'), 'Contents/MacOS/TeamViewer') }), argv: () => ['-i', '987654321'] },
  { platform: 'darwin', clientId: 'rustdesk', protocol: 'vendor', target: '123456789', layout: (d) => ({ exe: join(app(d, 'RustDesk.app', 'Contents/MacOS/RustDesk'), 'Contents/MacOS/RustDesk') }), argv: () => ['--connect', '123456789'] },
  // Linux
  { platform: 'linux', clientId: 'xfreerdp3', protocol: 'rdp', target: '10.0.0.12', user: 'olu', layout: (_d, bin) => ({ exe: fake(join(bin, 'xfreerdp3')) }), argv: () => ['/v:10.0.0.12:3389', '/u:olu', '/dynamic-resolution'] },
  { platform: 'linux', clientId: 'xfreerdp', protocol: 'rdp', target: 'pc-0042:3390', layout: (_d, bin) => ({ exe: fake(join(bin, 'xfreerdp')) }), argv: () => ['/v:pc-0042:3390', '/dynamic-resolution'] },
  { platform: 'linux', clientId: 'wlfreerdp', protocol: 'rdp', target: '[fe80::1]', layout: (_d, bin) => ({ exe: fake(join(bin, 'wlfreerdp')) }), argv: () => ['/v:[fe80::1]:3389', '/dynamic-resolution'] },
  { platform: 'linux', clientId: 'remmina', protocol: 'rdp', target: 'pc-0042', user: 'CORP\\olu', layout: (_d, bin) => ({ exe: fake(join(bin, 'remmina')) }), argv: () => ['-c', 'rdp://CORP%5Colu@pc-0042:3389'] },
  { platform: 'linux', clientId: 'remmina', protocol: 'vnc', target: 'pc-0042:5901', layout: (_d, bin) => ({ exe: fake(join(bin, 'remmina')) }), argv: () => ['-c', 'vnc://pc-0042:5901'] },
  { platform: 'linux', clientId: 'vncviewer', protocol: 'vnc', target: '[2001:db8::5]:5902', layout: (_d, bin) => ({ exe: fake(join(bin, 'vncviewer')) }), argv: () => ['[2001:db8::5]::5902'] },
  ...(['x-terminal-emulator', 'gnome-terminal', 'konsole', 'xfce4-terminal', 'xterm'] as const).map(
    (terminal): Case => ({
      platform: 'linux',
      clientId: 'linux-terminal',
      protocol: 'ssh',
      target: 'root@srv-db-01:2222',
      layout: (_d, bin) => ({ exe: fake(join(bin, terminal)), ssh: fake(join(bin, 'ssh')) }),
      argv: (p) => {
        const ssh = [p.ssh!, '-p', '2222', '--', 'root@srv-db-01']
        return { 'x-terminal-emulator': ['-e', ...ssh], 'gnome-terminal': ['--wait', '--', ...ssh], konsole: ['--nofork', '-e', ...ssh], 'xfce4-terminal': ['--disable-server', '-x', ...ssh], xterm: ['-e', ...ssh] }[terminal]
      }
    })
  ),
  { platform: 'linux', clientId: 'anydesk', protocol: 'vendor', target: '123456789', layout: (_d, bin) => ({ exe: fake(join(bin, 'anydesk')) }), argv: () => ['123456789'] },
  { platform: 'linux', clientId: 'teamviewer', protocol: 'vendor', target: '987654321', layout: (_d, bin) => ({ exe: fake(join(bin, 'teamviewer')) }), argv: () => ['-i', '987654321'] },
  { platform: 'linux', clientId: 'rustdesk', protocol: 'vendor', target: 'deskbox7', layout: (_d, bin) => ({ exe: fake(join(bin, 'rustdesk')) }), argv: () => ['--connect', 'deskbox7'] }
]

describe('remote sessions start the right client with exactly the argv expected, on every platform', () => {
  cases.forEach((c, i) => {
    it(`${c.platform} ${c.clientId} (${c.protocol}) ${c.target}`, async () => {
      let paths: Record<string, string> = {}
      const desk = deskWith(c.platform, `case-${i}`, (dir) => (paths = c.layout(dir, join(dir, 'bin'))))
      const ticket = await desk.call('tickets.create', { subject: 'Cannot open the finance share', channel: 'phone', requester: { name: 'Olu Adeyemi' } })
      const { clients } = await desk.call('remote.clients', {})
      // The best one found is the default; an app started through macOS `open` is found as its bundle.
      expect(clients.filter((k) => k.protocol === c.protocol)[0]).toMatchObject({ id: c.clientId, executable: paths.app ?? paths.exe })
      const request = { ticketId: ticket.id, clientId: c.clientId, protocol: c.protocol, target: c.target, ...(c.user ? { user: c.user } : {}) }
      const plan = await desk.call('remote.plan', request)
      const session = await desk.call('remote.launch', request)
      expect(session.plan).toEqual(plan)
      const record = await waitFor(takeRecord)
      expect(record.program).toBe(paths.exe)
      const expected = c.argv(paths)
      expect(record.argv).toHaveLength(expected.length)
      expected.forEach((want, k) => (want instanceof RegExp ? expect(record.argv[k]).toMatch(want) : expect(record.argv[k]).toBe(want)))
      if (c.rdp) {
        expect(record.rdp).toEqual({ text: c.rdp, mode: '600' })
        expect(record.rdp!.text).not.toMatch(/password/i)
      }
      // The start is on the timeline at once; the end when the client exits, with how long it ran. Windows
      // Terminal's wt.exe returns once the tab is open, so its exit says nothing of how long the session was.
      const handsOff = c.clientId === 'windows-terminal'
      const ended = await waitFor(async () => {
        const { timeline } = await desk.call('tickets.get', { id: ticket.id })
        const remote = timeline.filter((e) => e.data.kind === 'remote')
        return remote.length === 2 ? remote : undefined
      })
      expect(ended.map((e) => e.data)).toEqual([
        expect.objectContaining({ phase: 'started', sessionId: session.sessionId, tool: plan.tool, target: plan.target, endedAt: null }),
        expect.objectContaining({ phase: 'ended', sessionId: session.sessionId, exitCode: 0, durationSeconds: handsOff ? null : expect.any(Number), endedAt: handsOff ? null : expect.any(String) })
      ])
      const end = ended[1]!.data as { durationSeconds: number }
      if (!handsOff) expect(end.durationSeconds).toBeGreaterThanOrEqual(0.2)
      if (c.rdp) expect(existsSync(record.argv.find((a) => a.endsWith('.rdp'))!)).toBe(false)
    })
  })
})

describe('remote sessions know where to connect', () => {
  it('offers the requester’s machines and the ticket’s attached ones by name and address, leaving out names no client could take', async () => {
    const desk = deskWith('linux', 'targets', () => undefined)
    const ticket = await desk.call('tickets.create', { subject: 'Laptop slow', channel: 'phone', requester: { name: 'Olu Adeyemi' } })
    const olu = (await desk.call('tickets.get', { id: ticket.id })).requester
    await desk.call('inventory.record', { snapshot: machine({ hostname: 'LT-OLU', serial: 'S-1', macs: ['3c:52:82:00:00:11', '3c:52:82:00:00:12'] }), ownerId: olu.id })
    await desk.call('inventory.record', { snapshot: machine({ hostname: 'Olu’s MacBook', serial: 'S-2', macs: ['3c:52:82:00:00:21'] }), ownerId: olu.id })
    const kiosk = await desk.call('inventory.record', { snapshot: machine({ hostname: 'KIOSK-3', serial: 'S-3', macs: ['3c:52:82:00:00:31'] }) })
    await desk.call('tickets.attachInventory', { id: ticket.id, assetId: kiosk.asset.id })
    const targets = await desk.call('remote.targets', { id: ticket.id })
    expect(targets.map((t) => t.value)).toEqual(['KIOSK-3', '10.0.0.10', 'LT-OLU', '10.0.0.11'])
    expect(targets.find((t) => t.value === '10.0.0.11')?.label).toMatch(/^10\.0\.0\.11 — LT-OLU \(AST-\d+\)$/)
  })
})

describe('remote sessions refuse what they cannot do safely', () => {
  it('refuses every hostile target with the reason, and starts no process for any of them', async () => {
    const desk = deskWith('linux', 'hostile', (dir) => {
      for (const name of ['xfreerdp3', 'vncviewer', 'x-terminal-emulator', 'ssh', 'anydesk', 'teamviewer', 'rustdesk']) fake(join(dir, 'bin', name))
      nativeClient(join(dir, 'opt', 'vendor-viewer'), records)
    })
    await desk.call('remote.setCustomTool', { tool: { label: 'Vendor Viewer', command: join(desk.dir, 'opt', 'vendor-viewer'), args: ['{id}'] } })
    const ticket = await desk.call('tickets.create', { subject: 'Remote help', channel: 'chat', requester: { name: 'Olu Adeyemi' } })
    const clientFor = { rdp: 'xfreerdp3', vnc: 'vncviewer', ssh: 'linux-terminal' } as const
    const before = spawned
    let refused = 0
    for (const hostile of hostileTargets) {
      const clientId = hostile.protocol === 'vendor' ? (hostile.vendor ?? 'custom') : clientFor[hostile.protocol]
      const attempt = desk.call('remote.launch', { ticketId: ticket.id, clientId, protocol: hostile.protocol, target: hostile.input })
      await expect(attempt, JSON.stringify(hostile)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
      refused++
    }
    console.log(`remote launch: ${refused} of ${hostileTargets.length} hostile targets refused, ${spawned - before} processes started`)
    expect(spawned - before).toBe(0)
    expect(recorded()).toEqual([])
    expect((await desk.call('tickets.get', { id: ticket.id })).timeline.filter((e) => e.data.kind === 'remote')).toEqual([])
  })

  it('names what to install when a protocol has no client, and refuses a tool that is not installed', async () => {
    const desk = deskWith('linux', 'bare', () => undefined)
    const ticket = await desk.call('tickets.create', { subject: 'Remote help', channel: 'chat', requester: { name: 'Olu Adeyemi' } })
    const { clients, missing } = await desk.call('remote.clients', {})
    expect(clients).toEqual([])
    expect(missing.rdp).toMatch(/FreeRDP.*Remmina/)
    await expect(desk.call('remote.launch', { ticketId: ticket.id, clientId: 'xfreerdp3', protocol: 'rdp', target: 'pc-0042' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('apt install freerdp3-x11')
    })
  })

  it('keeps the desk’s own tool to a full path with exactly one whole {id} argument, and never an interpreter', async () => {
    const desk = deskWith('linux', 'custom', (dir) => nativeClient(join(dir, 'opt', 'vendor-viewer'), records))
    await expect(desk.call('remote.setCustomTool', { tool: { label: 'Vendor', command: 'vendor-viewer', args: ['{id}'] } })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(desk.call('remote.setCustomTool', { tool: { label: 'Shell', command: '/bin/sh', args: ['-c', '{id}'] } })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    const path = join(desk.dir, 'opt', 'vendor-viewer')
    await desk.call('remote.setCustomTool', { tool: { label: 'Vendor Viewer', command: path, args: ['--connect', '{id}', '--quality=high'] } })
    const ticket = await desk.call('tickets.create', { subject: 'Remote help', channel: 'chat', requester: { name: 'Olu Adeyemi' } })
    await expect(desk.call('remote.launch', { ticketId: ticket.id, clientId: 'custom', protocol: 'vendor', target: '12ab' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await desk.call('remote.launch', { ticketId: ticket.id, clientId: 'custom', protocol: 'vendor', target: '55501234' })
    const record = await waitFor(takeRecord)
    expect(record).toMatchObject({ program: path, argv: ['--connect', '55501234', '--quality=high'] })
  })
})

describe('the desk’s own tool can never be a way to run a command', () => {
  /** Each program must be refused by name, by what it resolves to, or by what the file is. */
  const runners = ['sh', 'bash', 'zsh', 'fish', 'dash', 'cmd', 'cmd.exe', 'powershell', 'powershell.exe', 'pwsh', 'wscript', 'cscript', 'mshta', 'rundll32', 'regsvr32', 'python', 'python3', 'python3.11', 'perl', 'perl5.36', 'ruby', 'node', 'deno', 'bun', 'php', 'php8.2', 'lua', 'lua5.4', 'tclsh', 'osascript', 'env', 'timeout', 'nice', 'nohup', 'setsid', 'stdbuf', 'xargs', 'find', 'awk', 'gawk', 'sed', 'busybox', 'sudo', 'su', 'doas', 'script', 'watch', 'flock', 'chroot', 'unshare', 'nsenter', 'strace', 'gdb', 'open', 'start']

  it('refuses every shell, interpreter and launcher, as itself, renamed, linked or copied, and never writes the canary', async () => {
    const canary = join(root.path, 'canary')
    const attack = (command: string) => ({ label: 'Viewer', command, args: ['-c', `touch ${canary}`, '{id}'] })
    const desk = deskWith('linux', 'runners', (dir) => {
      mkdirSync(join(dir, 'fakes'), { recursive: true })
      // A regular compiled program under each runner's name: refused on the name alone.
      for (const name of runners) nativeClient(join(dir, 'fakes', name), records)
      // The real ones this machine has, under other names: a symlink, a hard link, a copy.
      symlinkSync('/bin/sh', join(dir, 'fakes', 'viewer-link'))
      const shell = realpathSync('/bin/sh')
      try {
        linkSync(shell, join(dir, 'fakes', 'viewer-hardlink'))
      } catch {
        copyFileSync(shell, join(dir, 'fakes', 'viewer-hardlink'))
      }
      copyFileSync(shell, join(dir, 'fakes', 'viewer-copy'))
      chmodSync(join(dir, 'fakes', 'viewer-copy'), 0o755)
      // A script with a harmless name, a program others can change, and one in a folder others can change.
      writeFileSync(join(dir, 'fakes', 'viewer-script'), `#!/bin/sh\ntouch ${canary}\n`, { mode: 0o755 })
      nativeClient(join(dir, 'fakes', 'viewer-shared'), records)
      chmodSync(join(dir, 'fakes', 'viewer-shared'), 0o777)
      mkdirSync(join(dir, 'open-folder'), { mode: 0o777 })
      chmodSync(join(dir, 'open-folder'), 0o777)
      nativeClient(join(dir, 'open-folder', 'viewer'), records)
    })
    const installed = runners.map((name) => ['/bin', '/usr/bin'].map((folder) => join(folder, name)).find((path) => existsSync(path))).filter((p): p is string => !!p)
    const candidates = [
      ...runners.map((name) => join(desk.dir, 'fakes', name)),
      ...installed,
      ...['viewer-link', 'viewer-hardlink', 'viewer-copy', 'viewer-script', 'viewer-shared'].map((name) => join(desk.dir, 'fakes', name)),
      join(desk.dir, 'open-folder', 'viewer')
    ]
    expect(installed.length).toBeGreaterThan(10)
    const ticket = await desk.call('tickets.create', { subject: 'Remote help', channel: 'chat', requester: { name: 'Olu Adeyemi' } })
    const before = spawned
    for (const command of candidates) {
      await expect(desk.call('remote.setCustomTool', { tool: attack(command) }), command).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'command' }] })
      expect((await desk.call('remote.customTool', {})).tool, command).toBeNull()
      await expect(desk.call('remote.launch', { ticketId: ticket.id, clientId: 'custom', protocol: 'vendor', target: '55501234' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
    console.log(`custom tool: ${candidates.length} of ${candidates.length} runners refused (${installed.length} of them this machine's own), ${spawned - before} processes started`)
    expect(spawned - before).toBe(0)
    expect(existsSync(canary)).toBe(false)
    expect(recorded()).toEqual([])
  })

  it('re-checks the saved tool before every launch: a file swapped for a shell after it was saved never runs', async () => {
    const canary = join(root.path, 'canary-swapped')
    const desk = deskWith('linux', 'swapped', (dir) => nativeClient(join(dir, 'opt', 'viewer'), records))
    const path = join(desk.dir, 'opt', 'viewer')
    await desk.call('remote.setCustomTool', { tool: { label: 'Viewer', command: path, args: ['-c', `touch ${canary}`, '{id}'] } })
    rmSync(path)
    symlinkSync('/bin/sh', path)
    const ticket = await desk.call('tickets.create', { subject: 'Remote help', channel: 'chat', requester: { name: 'Olu Adeyemi' } })
    await expect(desk.call('remote.launch', { ticketId: ticket.id, clientId: 'custom', protocol: 'vendor', target: '55501234' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await desk.call('remote.clients', {})).clients.map((c) => c.id)).not.toContain('custom')
    expect(existsSync(canary)).toBe(false)
  })

  it('needs the host’s confirmation: none means the call alone is refused, and a “no” saves nothing', async () => {
    const unconfirmed = deskWith('linux', 'no-confirm', (dir) => nativeClient(join(dir, 'opt', 'viewer'), records), null)
    const tool = { label: 'Viewer', command: join(unconfirmed.dir, 'opt', 'viewer'), args: ['{id}'] }
    await expect(unconfirmed.call('remote.setCustomTool', { tool })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('--allow-custom-tool') })
    expect((await unconfirmed.call('remote.customTool', {})).tool).toBeNull()

    const asked: CustomTool[] = []
    const declined = deskWith('linux', 'declined', (dir) => nativeClient(join(dir, 'opt', 'viewer'), records), async (t) => (asked.push(t), false))
    const declinedTool = { ...tool, command: join(declined.dir, 'opt', 'viewer') }
    await expect(declined.call('remote.setCustomTool', { tool: declinedTool })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(asked).toEqual([declinedTool])
    expect((await declined.call('remote.customTool', {})).tool).toBeNull()
    // Taking the tool away needs no confirmation.
    expect((await declined.call('remote.setCustomTool', { tool: null })).tool).toBeNull()
  })
})
