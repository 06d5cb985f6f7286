import { execFile } from 'node:child_process'
import si from 'systeminformation'
import { quickSections, sectionNames, type ProbeProgress, type SectionName, type Snapshot } from '../../../shared/inventory'
import { normalize } from './normalize'
import type { CommandOutput, CommandSource, RawInventory } from './raw-inventory'

/** Runs a program with an argv array (never a shell) and returns what it printed, or null when it is not installed. */
export type CommandRunner = (file: string, args: string[], timeoutMs: number) => Promise<string | null>

export const runCommand: CommandRunner = (file, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (error, stdout) => {
      if (!error) return resolve(stdout)
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return resolve(null)
      // ufw and friends exit non-zero when not root but still print what they know.
      if (stdout) return resolve(stdout)
      reject(new Error(code === 'EACCES' || /permission|root|denied/i.test(String(error.message)) ? 'not permitted for this user' : error.message.split('\n')[0]))
    })
  })

export interface ProbeOptions {
  stage: Snapshot['stage']
  onProgress?: (progress: ProbeProgress) => void
  /** Per section; a section that takes longer is reported as timed out and the probe goes on. */
  sectionTimeoutMs?: number
  /** A section's own limit where it differs from sectionTimeoutMs (a test gives only the section it makes hang a short one). */
  sectionTimeouts?: Partial<Record<SectionName, number>>
  run?: CommandRunner
  now?: () => Date
}

type Collector = (raw: RawInventory, run: CommandRunner, timeoutMs: number) => Promise<void>

const powershell = (script: string): [string, string[]] => ['powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]]

/** Each OS's own tools, by source; the first that exists for a platform answers. */
const commands: Record<RawInventory['platform'], Partial<Record<'software' | 'security' | 'encryption', Array<[CommandSource, string, string[]]>>>> = {
  linux: {
    software: [
      ['dpkg', 'dpkg-query', ['-W', '-f=${Package}\t${Version}\t${Maintainer}\t${db-fsys:Last-Modified}\n']],
      ['rpm', 'rpm', ['-qa', '--queryformat', '%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\t%{INSTALLTIME}\n']],
      ['flatpak', 'flatpak', ['list', '--app', '--columns=name,version,origin']],
      ['snap', 'snap', ['list']]
    ],
    security: [
      ['ufw', 'ufw', ['status']],
      ['firewalld', 'firewall-cmd', ['--state']]
    ]
  },
  win32: {
    software: [
      ['registry', 'reg', ['query', 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall', '/s']],
      ['registry', 'reg', ['query', 'HKLM\\Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall', '/s']],
      ['registry', 'reg', ['query', 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall', '/s']]
    ],
    security: [
      ['netfirewallprofile', ...powershell('Get-NetFirewallProfile | Select-Object Name, Enabled | ConvertTo-Json')],
      ['securitycenter', ...powershell('Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | Select-Object displayName, productState | ConvertTo-Json')]
    ],
    encryption: [
      [
        'bitlocker',
        ...powershell(
          "$s = New-Object -ComObject Shell.Application; Get-CimInstance Win32_LogicalDisk -Filter 'DriveType=3' | ForEach-Object { [pscustomobject]@{ drive = $_.DeviceID; protection = $s.NameSpace($_.DeviceID).Self.ExtendedProperty('System.Volume.BitLockerProtection') } } | ConvertTo-Json"
        )
      ]
    ]
  },
  darwin: {
    software: [['system_profiler', 'system_profiler', ['SPApplicationsDataType', '-json']]],
    security: [['socketfilterfw', '/usr/libexec/ApplicationFirewall/socketfilterfw', ['--getglobalstate']]],
    encryption: [['fdesetup', 'fdesetup', ['status']]]
  }
}

const fromCommands =
  (kind: 'software' | 'security' | 'encryption'): Collector =>
  async (raw, run, timeoutMs) => {
    const outputs: CommandOutput[] = []
    for (const [source, file, args] of commands[raw.platform][kind] ?? []) {
      const output = await run(file, args, timeoutMs)
      if (output !== null) outputs.push({ source, output })
    }
    raw[kind] = outputs
  }

const collectors: Record<SectionName, Collector> = {
  system: async (raw) => {
    ;[raw.system, raw.bios, raw.chassis] = await Promise.all([si.system(), si.bios(), si.chassis()])
  },
  os: async (raw) => {
    raw.osInfo = await si.osInfo()
    raw.time = { uptime: si.time().uptime }
  },
  cpu: async (raw) => {
    raw.cpu = await si.cpu()
  },
  memory: async (raw) => {
    const [mem, layout] = await Promise.all([si.mem(), si.memLayout()])
    raw.mem = { total: mem.total }
    raw.memLayout = layout
  },
  storage: async (raw, run, timeoutMs) => {
    ;[raw.diskLayout, raw.fsSize, raw.blockDevices] = await Promise.all([si.diskLayout(), si.fsSize(), si.blockDevices(), fromCommands('encryption')(raw, run, timeoutMs)])
  },
  network: async (raw) => {
    ;[raw.networkInterfaces, raw.defaultGateway] = await Promise.all([si.networkInterfaces().then((n) => (Array.isArray(n) ? n : [n])), si.networkGatewayDefault()])
  },
  graphics: async (raw) => {
    raw.graphics = await si.graphics()
  },
  battery: async (raw) => {
    raw.battery = await si.battery()
  },
  software: fromCommands('software'),
  security: fromCommands('security')
}

/** Collects this machine's raw inventory, section by section, each under its own time limit. */
export async function collect({ stage, onProgress, sectionTimeoutMs = 20_000, sectionTimeouts = {}, run = runCommand, now = () => new Date() }: ProbeOptions): Promise<RawInventory> {
  const platform = process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux'
  const raw: RawInventory = { platform, takenAt: now().toISOString(), failures: {} }
  const names = stage === 'quick' ? quickSections : sectionNames
  let done = 0
  // Quick sections together (they are what the technician waits for); the slow ones after, in parallel too.
  await Promise.all(
    names.map(async (section) => {
      onProgress?.({ section, state: 'running', done, total: names.length })
      const limitMs = sectionTimeouts[section] ?? sectionTimeoutMs
      let timer: NodeJS.Timeout | undefined
      try {
        await Promise.race([
          collectors[section](raw, run, limitMs),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${limitMs >= 1000 ? `${Math.round(limitMs / 1000)} s` : `${limitMs} ms`}`)), limitMs)))
        ])
        onProgress?.({ section, state: 'ok', done: ++done, total: names.length })
      } catch (error) {
        raw.failures![section] = `Could not be read: ${(error as Error).message}.`
        onProgress?.({ section, state: 'unavailable', done: ++done, total: names.length })
      } finally {
        clearTimeout(timer)
      }
    })
  )
  return raw
}

/** Probe and normalize: the one entry point the app, the CLI and the bench share. */
export async function probeThisMachine(options: ProbeOptions): Promise<Snapshot> {
  return normalize(await collect(options), options.stage)
}
