import type { Systeminformation as Si } from 'systeminformation'

/**
 * What a probe collects before normalization: systeminformation's own answers, plus the text the
 * OS's own tools print for what systeminformation does not cover (installed software, firewall and
 * antivirus, disk encryption). Recorded fixtures from Windows, macOS and Linux have this shape, so
 * normalization is tested on every platform from any one of them. A section whose collection
 * failed is absent, and its reason is in `failures`.
 */
export interface RawInventory {
  platform: 'linux' | 'win32' | 'darwin'
  /** When the probe ran (ISO). */
  takenAt: string
  system?: Si.SystemData
  bios?: Si.BiosData
  chassis?: Si.ChassisData
  osInfo?: Si.OsData
  /** From si.time(): uptime in seconds at `takenAt` gives the last boot. */
  time?: Pick<Si.TimeData, 'uptime'>
  cpu?: Si.CpuData
  mem?: Pick<Si.MemData, 'total'>
  memLayout?: Si.MemLayoutData[]
  diskLayout?: Si.DiskLayoutData[]
  fsSize?: Si.FsSizeData[]
  blockDevices?: Si.BlockDevicesData[]
  networkInterfaces?: Si.NetworkInterfacesData[]
  defaultGateway?: string
  graphics?: Si.GraphicsData
  battery?: Si.BatteryData
  /** Printed output of each package source found, parsed by `software-sources.ts`. */
  software?: CommandOutput[]
  /** Firewall and antivirus as the OS reports them, parsed by `security-state.ts`. */
  security?: CommandOutput[]
  /** Full-disk encryption as the OS reports it (fdesetup on macOS, BitLocker per drive on Windows); LUKS comes from blockDevices. */
  encryption?: CommandOutput[]
  /** Section name → why it could not be collected ("timed out after 8 s", "needs administrator rights"). */
  failures?: Record<string, string>
}

export interface CommandOutput {
  source: CommandSource
  output: string
}

export type CommandSource =
  /** dpkg-query -W -f='${Package}\t${Version}\t${Maintainer}\t${db-fsys:Last-Modified}\n' */
  | 'dpkg'
  /** rpm -qa --queryformat '%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\t%{INSTALLTIME}\n' */
  | 'rpm'
  /** flatpak list --app --columns=name,version,origin (tab separated, no header) */
  | 'flatpak'
  /** snap list (a table with a header line: Name Version Rev Tracking Publisher Notes) */
  | 'snap'
  /** reg query <HKLM|HKCU>\Software[\WOW6432Node]\Microsoft\Windows\CurrentVersion\Uninstall /s */
  | 'registry'
  /** system_profiler SPApplicationsDataType -json */
  | 'system_profiler'
  /** ufw status */
  | 'ufw'
  /** firewall-cmd --state */
  | 'firewalld'
  /** /usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate */
  | 'socketfilterfw'
  /** Get-NetFirewallProfile | Select-Object Name, Enabled | ConvertTo-Json */
  | 'netfirewallprofile'
  /** Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | Select-Object displayName, productState | ConvertTo-Json */
  | 'securitycenter'
  /** fdesetup status */
  | 'fdesetup'
  /** Per drive, Shell.Application's System.Volume.BitLockerProtection, as JSON [{ "drive": "C:", "protection": 1 }] */
  | 'bitlocker'
