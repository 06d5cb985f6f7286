import { spawn as nodeSpawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import type { EventData } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import type { ClientId, Platform, RemoteClients, RemotePlan, RemoteRequest, RemoteSession, VendorId } from '../../../shared/remote'
import { installAdvice } from './client-catalog'
import type { FoundClient } from './detect-clients'
import { planLaunch, type Launch } from './launch-plan'
import type { OpenSessionLog } from './open-sessions'
import { parseRdpUser, parseTarget } from './remote-target'

type RemoteEvent = Extract<EventData, { kind: 'remote' }>

const vendorOf: Partial<Record<ClientId, VendorId>> = { anydesk: 'anydesk', teamviewer: 'teamviewer', rustdesk: 'rustdesk', custom: 'custom' }

export interface RemoteDeps {
  platform: Platform
  /** The clients on this machine (read again on each call: a technician may install one meanwhile). */
  detect: () => Promise<FoundClient[]>
  /** Refuses (throws) when the ticket cannot take a session: unknown or closed. */
  checkTicket: (ticketId: string) => void
  /** Appends the event to the ticket's timeline. */
  record: (ticketId: string, event: RemoteEvent) => void
  now: () => Date
  spawn?: typeof nodeSpawn
  /** Where .rdp files are written for the moment a session needs one. */
  tempRoot?: string
  /** How long a client has to fail before its session counts as started (default 1.5 s). */
  earlyExitMs?: number
  /** This workstation's sessions still running, kept with the desk so an end the desk missed is closed later. */
  openSessions?: OpenSessionLog
}

const defaultEarlyExitMs = 1_500

/** The last line a client wrote to stderr, kept short and printable, for the message that says why it failed. */
class StderrTail {
  private text = ''
  add(chunk: Buffer): void {
    this.text = (this.text + chunk.toString('utf8')).slice(-4_000)
  }
  lastLine(): string | null {
    const line = this.text
      .split(/\r?\n/)
      .map((l) => l.replace(/\p{Cc}/gu, ' ').trim())
      .filter(Boolean)
      .pop()
    return line ? line.slice(0, 300) : null
  }
}

/**
 * Starts remote-control clients for tickets. The order is the safety: the target is checked first
 * (nothing is looked up or started for a refused one), then the client must be one found installed,
 * then the argv is built from the checked parts, and the process is spawned with that argv: no shell,
 * ever. A client that exits with an error at once is a failure, said with its code and last stderr
 * line, and nothing is logged; otherwise the ticket's timeline gets the start, and the end when it exits.
 */
export class RemoteSessions {
  private readonly spawn: typeof nodeSpawn
  private readonly live = new Map<string, { ticketId: string; startedAt: Date }>()
  private rdpDir: string | null = null

  constructor(private readonly deps: RemoteDeps) {
    this.spawn = deps.spawn ?? nodeSpawn
  }

  async clients(): Promise<RemoteClients> {
    const clients = await this.deps.detect()
    const missing = Object.fromEntries(
      (['rdp', 'vnc', 'ssh', 'vendor'] as const).filter((p) => !clients.some((c) => c.protocol === p)).map((p) => [p, installAdvice[this.deps.platform][p]])
    )
    return { platform: this.deps.platform, clients, missing }
  }

  /** What the confirmation shows: the exact target and tool. Nothing starts. */
  async plan(request: RemoteRequest): Promise<RemotePlan> {
    return (await this.prepare(request, '')).plan
  }

  async launch(request: RemoteRequest): Promise<RemoteSession> {
    const sessionId = uuidv7()
    const rdpPath = join(this.rdpFolder(), `${sessionId}.rdp`)
    const launch = await this.prepare(request, rdpPath)
    if (launch.rdp !== undefined) writeFileSync(rdpPath, launch.rdp, { mode: 0o600 })
    const removeRdp = () => launch.rdp !== undefined && rmSync(rdpPath, { force: true })
    const tool = launch.plan.tool
    // Taken before the spawn, so the logged session always contains the client's whole run.
    const startedAt = this.deps.now()
    // A console program with its own window (Windows) keeps its stderr there, where the technician reads it.
    const child = this.spawn(launch.file, launch.args, { shell: false, stdio: ['ignore', 'ignore', launch.ownConsole ? 'ignore' : 'pipe'], windowsHide: false, detached: launch.ownConsole === true })
    const stderr = new StderrTail()
    // Read for as long as the client runs: a full pipe would stall it.
    child.stderr?.on('data', (chunk: Buffer) => stderr.add(chunk))
    child.stderr?.on('error', () => undefined)
    // Started, or not at all: a client that cannot be run (removed since it was found) is an error, not a session.
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve)
      child.once('error', (error) => {
        removeRdp()
        reject(new DeskError('UNAVAILABLE', `${tool} could not be started: ${error.message}`))
      })
    })
    // Listening before anything else can fail: whatever happens next, the .rdp file goes when the client does.
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => {
        removeRdp()
        resolve({ code, signal })
      })
    )
    const early = await this.exitWithin(exited, this.deps.earlyExitMs ?? defaultEarlyExitMs)
    if (early && (early.code !== 0 || early.signal !== null)) {
      // Its last words may still be in the pipe: read to the end, unless something it started holds the pipe open.
      await this.exitWithin(new Promise((resolve) => child.once('close', resolve)), 1_000)
      const line = stderr.lastLine()
      const how = early.code !== null ? `exited at once with code ${early.code}` : `was stopped at once (${early.signal})`
      throw new DeskError('UNAVAILABLE', `${tool} did not start the session: it ${how}${line ? `, saying “${line}”` : ''}. Nothing was logged on the ticket.`)
    }
    const base = { kind: 'remote' as const, sessionId, tool, protocol: request.protocol, target: launch.plan.target, user: launch.plan.user, startedAt: startedAt.toISOString() }
    // A launcher that hands the session to another process (wt.exe, an already-running vendor client)
    // returns at once: when the session ends is not known here, so no duration is made up for it.
    const handedOff = launch.handsOff === true || early !== null
    const end = (exitCode: number | null) => {
      const endedAt = this.deps.now()
      const durationSeconds = handedOff ? null : Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 100) / 10)
      return { ...base, phase: 'ended' as const, endedAt: handedOff ? null : endedAt.toISOString(), durationSeconds, exitCode }
    }
    this.deps.record(request.ticketId, { ...base, phase: 'started', endedAt: null, durationSeconds: null, exitCode: null })
    if (early) {
      this.deps.record(request.ticketId, end(early.code))
      return { sessionId, plan: launch.plan, startedAt: startedAt.toISOString() }
    }
    this.live.set(sessionId, { ticketId: request.ticketId, startedAt })
    this.remember(() => this.deps.openSessions?.add({ ticketId: request.ticketId, started: { ...base, phase: 'started', endedAt: null, durationSeconds: null, exitCode: null } }))
    void exited.then(({ code }) => {
      this.live.delete(sessionId)
      try {
        this.deps.record(request.ticketId, end(code))
        this.remember(() => this.deps.openSessions?.remove(sessionId))
      } catch {
        // The desk was closed or switched while the client ran: the session stays listed as open, and the next start closes it.
      }
    })
    return { sessionId, plan: launch.plan, startedAt: startedAt.toISOString() }
  }

  /**
   * Sessions this workstation started whose end it never saw (the desk closed while the client ran):
   * each is logged as ended, time unknown. Run when a desk is opened; a session still running in this
   * process is left alone.
   */
  closeLost(): number {
    const log = this.deps.openSessions
    if (!log) return 0
    let closed = 0
    for (const { ticketId, started } of log.all()) {
      if (this.live.has(started.sessionId)) continue
      try {
        this.deps.record(ticketId, { ...started, phase: 'ended', endedAt: null, durationSeconds: null, exitCode: null })
        closed++
      } catch {
        // The ticket is gone from this desk (a recovered file that lost it): nothing left to close.
      }
      log.remove(started.sessionId)
    }
    return closed
  }

  /** The exit, if it comes within `ms`; null if the process is still running then. */
  private async exitWithin<T>(exit: Promise<T>, ms: number): Promise<T | null> {
    let timer: NodeJS.Timeout | undefined
    const window = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ms)
    })
    try {
      return await Promise.race([exit, window])
    } finally {
      clearTimeout(timer)
    }
  }

  /** The open-session log is bookkeeping: a desk closed meanwhile must not turn a started session into an error. */
  private remember(write: () => void): void {
    try {
      write()
    } catch {
      // Closed desk: at worst the next start logs an end the desk already has, as "time unknown".
    }
  }

  /** Sessions whose client is still running. */
  running(): number {
    return this.live.size
  }

  private async prepare(request: RemoteRequest, rdpPath: string): Promise<Launch> {
    const vendor = vendorOf[request.clientId]
    if ((request.protocol === 'vendor') !== (vendor !== undefined)) {
      throw new DeskError('INVALID_INPUT', vendor ? 'That tool connects by vendor ID, not by host.' : 'That tool connects by host, not by vendor ID.')
    }
    const { host, vendorId } = parseTarget(request.protocol, request.target, vendor)
    const user = request.protocol === 'rdp' && request.user ? parseRdpUser(request.user) : null
    this.deps.checkTicket(request.ticketId)
    const found = await this.deps.detect()
    const client = found.find((c) => c.id === request.clientId && c.protocol === request.protocol)
    if (!client) {
      const others = found.filter((c) => c.protocol === request.protocol).map((c) => c.label)
      throw new DeskError(
        'NOT_FOUND',
        others.length ? `That tool is not installed on this machine; ${others.join(', ')} ${others.length === 1 ? 'is' : 'are'}.` : `No ${request.protocol.toUpperCase()} client is installed on this machine. ${installAdvice[this.deps.platform][request.protocol]}`
      )
    }
    return planLaunch({ client, host, vendorId, user, rdpPath })
  }

  /** One private folder per run (mode 0700), for .rdp files while their session lasts. */
  private rdpFolder(): string {
    this.rdpDir ??= mkdtempSync(join(this.deps.tempRoot ?? tmpdir(), 'frontline-rdp-'))
    return this.rdpDir
  }
}
