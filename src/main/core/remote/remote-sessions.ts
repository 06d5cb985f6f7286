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
}

/**
 * Starts remote-control clients for tickets. The order is the safety: the target is checked first
 * (nothing is looked up or started for a refused one), then the client must be one found installed,
 * then the argv is built from the checked parts, and the process is spawned with that argv: no shell,
 * ever. The ticket's timeline gets the start once the process is running, and the end when it exits.
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
    const child = this.spawn(launch.file, launch.args, { shell: false, stdio: 'ignore', windowsHide: false, detached: launch.ownConsole === true })
    // Started, or not at all: a client that cannot be run (removed since it was found) is an error, not a session.
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve)
      child.once('error', (error) => {
        removeRdp()
        reject(new DeskError('UNAVAILABLE', `${launch.plan.tool} could not be started: ${error.message}`))
      })
    })
    const startedAt = this.deps.now()
    this.live.set(sessionId, { ticketId: request.ticketId, startedAt })
    const base = { kind: 'remote' as const, sessionId, tool: launch.plan.tool, protocol: request.protocol, target: launch.plan.target, user: launch.plan.user, startedAt: startedAt.toISOString() }
    // Listening before anything else can fail: whatever happens next, the .rdp file goes when the client does.
    child.once('exit', (code) => {
      removeRdp()
      this.live.delete(sessionId)
      const endedAt = this.deps.now()
      const durationSeconds = Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 100) / 10)
      try {
        this.deps.record(request.ticketId, { ...base, phase: 'ended', endedAt: endedAt.toISOString(), durationSeconds, exitCode: code })
      } catch {
        // The desk was closed or switched while the client ran: the start is on the timeline, the end is lost with it.
      }
    })
    this.deps.record(request.ticketId, { ...base, phase: 'started', endedAt: null, durationSeconds: null, exitCode: null })
    return { sessionId, plan: launch.plan, startedAt: startedAt.toISOString() }
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
