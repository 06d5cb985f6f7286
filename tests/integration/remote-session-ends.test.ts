import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { openFrontlineCore, type FrontlineCore } from '../../src/main/core/frontline-core'
import type { EventData } from '../../src/shared/domain'
import type { Method, MethodInput, MethodOutput } from '../../src/shared/contract'
import { tempDir } from '../support/temp-dir'

type RemoteEvent = Extract<EventData, { kind: 'remote' }>

const root = tempDir()
const cores: FrontlineCore[] = []
afterAll(async () => {
  // The lost-session test closes its first desk itself.
  for (const core of cores) await Promise.resolve().then(() => core.close()).catch(() => undefined)
  root.remove()
})

/**
 * A fake FreeRDP, a real process. `fail` writes two lines to stderr and exits with that code at once;
 * `handOff` exits 0 at once (as wt.exe does once the tab is open); otherwise it stays up until the test
 * writes `release`, then writes down when it started and ended (its own clock) and exits 0.
 */
function fakeClient(bin: string, dir: string, behaviour: { fail?: number; handOff?: boolean }): { release(): void; record(): { start: number; end: number } | undefined } {
  const release = join(dir, 'release')
  const record = join(dir, 'record.json')
  const body = behaviour.fail
    ? `process.stderr.write('connecting to pc-0042...\\nERROR: transport failed: connection refused\\n', () => process.exit(${behaviour.fail}))`
    : behaviour.handOff
      ? 'process.exit(0)'
      : `const fs = require('node:fs')
const timer = setInterval(() => {
  if (!fs.existsSync(${JSON.stringify(release)})) return
  clearInterval(timer)
  fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ start: performance.timeOrigin, end: Date.now() }))
}, 20)`
  writeFileSync(join(bin, 'xfreerdp3'), `#!${process.execPath}\n${body}\n`)
  chmodSync(join(bin, 'xfreerdp3'), 0o755)
  return {
    release: () => writeFileSync(release, ''),
    record: () => (existsSync(record) ? (JSON.parse(readFileSync(record, 'utf8')) as { start: number; end: number }) : undefined)
  }
}

function deskAt(dir: string, earlyExitMs: number) {
  const bin = join(dir, 'bin')
  mkdirSync(join(dir, 'data'), { recursive: true })
  mkdirSync(bin, { recursive: true })
  const core = openFrontlineCore({ dataDir: join(dir, 'data'), sync: { background: false }, remote: { platform: 'linux', env: { PATH: bin }, appDirs: [], tempRoot: dir, earlyExitMs } })
  cores.push(core)
  const call = async <M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const result = await core.dispatch(method, input)
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
    return result.value as MethodOutput<M>
  }
  const remoteEvents = async (ticketId: string) => (await call('tickets.get', { id: ticketId })).timeline.map((e) => e.data).filter((d): d is RemoteEvent => d.kind === 'remote')
  return { core, bin, call, remoteEvents }
}

const request = (ticketId: string) => ({ ticketId, clientId: 'xfreerdp3' as const, protocol: 'rdp' as const, target: 'pc-0042' })
// Long enough that a fake failing at once does so inside it on any machine, however loaded: the launch
// returns as soon as the client exits, so a generous window costs nothing.
const generous = 60_000

describe('a remote session is logged as what really happened', () => {
  it('a client that exits at once with an error is a failure, with its exit code and last stderr line, and nothing is logged', async () => {
    const dir = join(root.path, 'fails')
    const desk = deskAt(dir, generous)
    fakeClient(desk.bin, dir, { fail: 255 })
    const ticket = await desk.call('tickets.create', { subject: 'Cannot reach the finance share', channel: 'phone', requester: { name: 'Olu Adeyemi' } })
    await expect(desk.call('remote.launch', request(ticket.id))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'FreeRDP 3 (xfreerdp3) did not start the session: it exited at once with code 255, saying “ERROR: transport failed: connection refused”. Nothing was logged on the ticket.'
    })
    expect(await desk.remoteEvents(ticket.id)).toEqual([])
  })

  it('a launcher that returns at once having handed the session on is logged started and ended, duration unknown', async () => {
    const dir = join(root.path, 'hands-off')
    const desk = deskAt(dir, generous)
    fakeClient(desk.bin, dir, { handOff: true })
    const ticket = await desk.call('tickets.create', { subject: 'Server needs a look', channel: 'phone', requester: { name: 'Olu Adeyemi' } })
    const session = await desk.call('remote.launch', request(ticket.id))
    expect(await desk.remoteEvents(ticket.id)).toEqual([
      expect.objectContaining({ sessionId: session.sessionId, phase: 'started' }),
      expect.objectContaining({ sessionId: session.sessionId, phase: 'ended', endedAt: null, durationSeconds: null, exitCode: 0 })
    ])
  })

  it('a session that runs is logged from before the client started to after it ended, its duration that span', async () => {
    const dir = join(root.path, 'runs')
    const desk = deskAt(dir, 100)
    const client = fakeClient(desk.bin, dir, {})
    const ticket = await desk.call('tickets.create', { subject: 'Printer driver', channel: 'phone', requester: { name: 'Olu Adeyemi' } })
    // The fake cannot exit before it is released, so the session is running once launch returns, on any machine.
    const session = await desk.call('remote.launch', request(ticket.id))
    expect(await desk.remoteEvents(ticket.id)).toEqual([expect.objectContaining({ sessionId: session.sessionId, phase: 'started', endedAt: null })])
    client.release()
    const ended = await vi.waitFor(async () => (await desk.remoteEvents(ticket.id)).find((e) => e.phase === 'ended') ?? Promise.reject(new Error('not ended yet')), { timeout: 30_000, interval: 50 })
    const own = client.record()!
    const started = Date.parse(ended.startedAt)
    const endedAt = Date.parse(ended.endedAt!)
    // The client's own run lies inside the logged one (one clock, this machine's), and the duration is that span.
    expect(started).toBeLessThanOrEqual(Math.floor(own.start) + 1)
    expect(endedAt).toBeGreaterThanOrEqual(own.end)
    expect(ended.durationSeconds).toBe(Math.round((endedAt - started) / 100) / 10)
  })

  it('a session whose desk closed while the client ran is logged as ended, time unknown, when the desk next opens', async () => {
    const dir = join(root.path, 'lost')
    const first = deskAt(dir, 0)
    const client = fakeClient(first.bin, dir, {})
    const ticket = await first.call('tickets.create', { subject: 'Outlook profile', channel: 'phone', requester: { name: 'Olu Adeyemi' } })
    const session = await first.call('remote.launch', request(ticket.id))
    await first.core.close()
    client.release()
    await vi.waitFor(() => client.record() ?? Promise.reject(new Error('still running')), { timeout: 30_000, interval: 50 })

    const again = deskAt(dir, 0)
    const logged = await again.remoteEvents(ticket.id)
    expect(logged).toEqual([
      expect.objectContaining({ sessionId: session.sessionId, phase: 'started' }),
      expect.objectContaining({ sessionId: session.sessionId, phase: 'ended', endedAt: null, durationSeconds: null, exitCode: null })
    ])
    // Closed once: the desk opened a third time adds nothing.
    await again.core.close()
    const third = deskAt(dir, 0)
    expect(await third.remoteEvents(ticket.id)).toHaveLength(2)
  })
})
