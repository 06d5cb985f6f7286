import { basename } from 'node:path'
import { DeskError } from '../../../shared/errors'
import type { RemotePlan } from '../../../shared/remote'
import type { FoundClient } from './detect-clients'
import { rdpFile } from './rdp-file'
import { hostWithPort, type HostTarget } from './remote-target'

/** Exactly what will run: one executable and its argv (never a command line), plus a file to write first. */
export interface Launch {
  file: string
  args: string[]
  /** The .rdp text, written to `rdpPath` (mode 0600) before the client starts and removed after it exits. */
  rdp?: string
  /** Windows: a console program gets its own console window. */
  ownConsole?: boolean
  /** The launcher returns once it has handed the session to another process (wt.exe): its exit is not the session's end. */
  handsOff?: boolean
  plan: RemotePlan
}

export interface LaunchInput {
  client: FoundClient
  host: HostTarget | null
  vendorId: string | null
  /** RDP: already checked with parseRdpUser. */
  user: string | null
  /** Where the .rdp file goes (RDP through mstsc or Windows App). */
  rdpPath: string
}

const defaultPorts = { rdp: 3389, vnc: 5900, ssh: 22 } as const

function sshArgs(host: HostTarget): string[] {
  // `--` ends ssh's options: nothing after it can be read as one, whatever got past validation.
  return [...(host.port ? ['-p', String(host.port)] : []), '--', host.user ? `${host.user}@${host.host}` : host.host]
}

/** A terminal's way of being told "run this argv": they disagree. */
function terminalArgs(terminal: string, command: string[]): string[] {
  switch (terminal) {
    case 'gnome-terminal':
      return ['--wait', '--', ...command]
    case 'xfce4-terminal':
      return ['--disable-server', '-x', ...command]
    case 'konsole':
      return ['--nofork', '-e', ...command]
    default:
      // x-terminal-emulator (Debian's alternative) and xterm: -e takes the rest as the program and its arguments.
      return ['-e', ...command]
  }
}

/** The argv for one client and one checked target. Pure: the tests compare it exactly, per platform. */
export function planLaunch({ client, host, vendorId, user, rdpPath }: LaunchInput): Launch {
  const need = <T>(value: T | null | undefined, what: string): T => {
    if (value === null || value === undefined) throw new DeskError('INVALID_INPUT', `${client.label} needs ${what}.`)
    return value
  }
  const target = host ? hostWithPort(host) : (vendorId ?? '')
  const plan = (shown = target): RemotePlan => ({
    tool: client.label,
    target: shown,
    user: user ?? host?.user ?? null,
    summary: `Connect to ${shown}${user ? ` as ${user}` : ''} with ${client.label}`
  })
  const rdpText = () => rdpFile({ 'full address': hostWithPort(need(host, 'a host'), defaultPorts.rdp), ...(user ? { username: user } : {}) })
  const open = (args: string[]) => ({ file: need(client.open, 'macOS open'), args: ['-W', '-n', ...args] })

  switch (client.id) {
    case 'mstsc':
      return { file: client.executable, args: [rdpPath], rdp: rdpText(), plan: plan() }
    case 'windows-app':
      return { ...open(['-a', need(client.app, 'its app'), rdpPath]), rdp: rdpText(), plan: plan() }
    case 'xfreerdp3':
    case 'xfreerdp':
    case 'wlfreerdp':
      return { file: client.executable, args: [`/v:${hostWithPort(need(host, 'a host'), defaultPorts.rdp)}`, ...(user ? [`/u:${user}`] : []), '/dynamic-resolution'], plan: plan() }
    case 'remmina': {
      const h = need(host, 'a host')
      const who = client.protocol === 'rdp' && user ? `${encodeURIComponent(user)}@` : ''
      return { file: client.executable, args: ['-c', `${client.protocol}://${who}${hostWithPort(h, client.protocol === 'rdp' ? defaultPorts.rdp : defaultPorts.vnc)}`], plan: plan() }
    }
    case 'vncviewer': {
      const h = need(host, 'a host')
      // host::port is a TCP port for both TigerVNC and RealVNC (host:N would be a display number).
      const name = h.kind === 'ip6' ? `[${h.host}]` : h.host
      return { file: client.executable, args: [h.port ? `${name}::${h.port}` : name], plan: plan() }
    }
    case 'screen-sharing':
      return { ...open([`vnc://${hostWithPort(need(host, 'a host'), defaultPorts.vnc)}`]), plan: plan() }
    case 'windows-terminal':
      return { file: client.executable, args: ['new-tab', '--title', `SSH ${need(host, 'a host').host}`, '--', need(client.ssh, 'ssh'), ...sshArgs(host!)], handsOff: true, plan: plan() }
    case 'ssh-console':
      return { file: client.executable, args: sshArgs(need(host, 'a host')), ownConsole: true, plan: plan() }
    case 'macos-terminal': {
      const h = need(host, 'a host')
      const who = h.user ? `${h.user}@` : ''
      return { ...open(['-a', need(client.app, 'its app'), `ssh://${who}${hostWithPort(h, defaultPorts.ssh)}`]), plan: plan() }
    }
    case 'linux-terminal':
      return { file: client.executable, args: terminalArgs(basename(client.executable), [need(client.ssh, 'ssh'), ...sshArgs(need(host, 'a host'))]), plan: plan() }
    case 'anydesk':
      return { file: client.executable, args: [need(vendorId, 'an AnyDesk ID')], plan: plan() }
    case 'teamviewer':
      return { file: client.executable, args: ['-i', need(vendorId, 'a TeamViewer ID')], plan: plan() }
    case 'rustdesk':
      return { file: client.executable, args: ['--connect', need(vendorId, 'a RustDesk ID')], plan: plan() }
    case 'custom': {
      const id = need(vendorId, 'an ID')
      return { file: client.executable, args: need(client.custom, 'its settings').args.map((a) => (a === '{id}' ? id : a)), plan: plan() }
    }
  }
}
