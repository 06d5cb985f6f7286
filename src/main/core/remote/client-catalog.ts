import type { ClientId, Platform, RemoteProtocol, VendorId } from '../../../shared/remote'

/**
 * Where a client lives on one platform. Paths are segments (joined at run time), and `%VAR%`
 * segments are read from the environment, so a Windows layout can be laid out anywhere in a test.
 */
export interface Locator {
  /** Executable names looked up on PATH, best first. */
  names?: string[]
  /** Known install locations. */
  known?: string[][]
  /** macOS app bundles, looked for in the Applications folders; `binary` inside one is what runs. */
  apps?: string[]
  binary?: string
  /** Windows: the registry's App Paths entry, where installers record their executable. */
  registry?: string
  /** Needs macOS `open` to start it (an app that takes a file or URL), or `ssh` beside a terminal. */
  needs?: Array<'open' | 'ssh'>
}

export interface ClientSpec {
  id: ClientId
  protocol: RemoteProtocol
  vendor?: VendorId
  label: string
  on: Partial<Record<Platform, Locator>>
}

const programFiles = (...rest: string[]) => [['%ProgramFiles%', ...rest], ['%ProgramFiles(x86)%', ...rest]]

/** Best first within each protocol: the first one found on a machine is its default. */
export const clientCatalog: ClientSpec[] = [
  { id: 'mstsc', protocol: 'rdp', label: 'Remote Desktop Connection (mstsc)', on: { win32: { names: ['mstsc.exe'], known: [['%SystemRoot%', 'System32', 'mstsc.exe']] } } },
  { id: 'windows-app', protocol: 'rdp', label: 'Windows App (Microsoft Remote Desktop)', on: { darwin: { apps: ['Windows App.app', 'Microsoft Remote Desktop.app'], needs: ['open'] } } },
  { id: 'xfreerdp3', protocol: 'rdp', label: 'FreeRDP 3 (xfreerdp3)', on: { linux: { names: ['xfreerdp3', 'sdl-freerdp3'] } } },
  { id: 'xfreerdp', protocol: 'rdp', label: 'FreeRDP (xfreerdp)', on: { linux: { names: ['xfreerdp'] } } },
  { id: 'wlfreerdp', protocol: 'rdp', label: 'FreeRDP for Wayland (wlfreerdp)', on: { linux: { names: ['wlfreerdp3', 'wlfreerdp'] } } },
  { id: 'remmina', protocol: 'rdp', label: 'Remmina', on: { linux: { names: ['remmina'] } } },
  {
    id: 'vncviewer',
    protocol: 'vnc',
    label: 'VNC Viewer (TigerVNC or RealVNC)',
    on: {
      win32: { names: ['vncviewer.exe'], known: [...programFiles('TigerVNC', 'vncviewer.exe'), ...programFiles('RealVNC', 'VNC Viewer', 'vncviewer.exe')], registry: 'vncviewer.exe' },
      darwin: { apps: ['VNC Viewer.app'], binary: 'Contents/MacOS/vncviewer' },
      linux: { names: ['vncviewer', 'xtigervncviewer'] }
    }
  },
  { id: 'screen-sharing', protocol: 'vnc', label: 'Screen Sharing', on: { darwin: { apps: ['Screen Sharing.app'], needs: ['open'] } } },
  { id: 'remmina', protocol: 'vnc', label: 'Remmina', on: { linux: { names: ['remmina'] } } },
  { id: 'windows-terminal', protocol: 'ssh', label: 'Windows Terminal (OpenSSH)', on: { win32: { names: ['wt.exe'], needs: ['ssh'] } } },
  { id: 'ssh-console', protocol: 'ssh', label: 'Console window (OpenSSH)', on: { win32: { names: ['ssh.exe'], known: [['%SystemRoot%', 'System32', 'OpenSSH', 'ssh.exe']] } } },
  { id: 'macos-terminal', protocol: 'ssh', label: 'Terminal', on: { darwin: { apps: ['Terminal.app'], needs: ['open'] } } },
  { id: 'linux-terminal', protocol: 'ssh', label: 'Terminal', on: { linux: { names: ['x-terminal-emulator', 'gnome-terminal', 'konsole', 'xfce4-terminal', 'xterm'], needs: ['ssh'] } } },
  {
    id: 'anydesk',
    protocol: 'vendor',
    vendor: 'anydesk',
    label: 'AnyDesk',
    on: {
      win32: { names: ['AnyDesk.exe'], known: programFiles('AnyDesk', 'AnyDesk.exe'), registry: 'AnyDesk.exe' },
      darwin: { apps: ['AnyDesk.app'], binary: 'Contents/MacOS/AnyDesk' },
      linux: { names: ['anydesk'] }
    }
  },
  {
    id: 'teamviewer',
    protocol: 'vendor',
    vendor: 'teamviewer',
    label: 'TeamViewer',
    on: {
      win32: { names: ['TeamViewer.exe'], known: programFiles('TeamViewer', 'TeamViewer.exe'), registry: 'TeamViewer.exe' },
      darwin: { apps: ['TeamViewer.app'], binary: 'Contents/MacOS/TeamViewer' },
      linux: { names: ['teamviewer'] }
    }
  },
  {
    id: 'rustdesk',
    protocol: 'vendor',
    vendor: 'rustdesk',
    label: 'RustDesk',
    on: {
      win32: { names: ['rustdesk.exe'], known: programFiles('RustDesk', 'rustdesk.exe'), registry: 'rustdesk.exe' },
      darwin: { apps: ['RustDesk.app'], binary: 'Contents/MacOS/RustDesk' },
      linux: { names: ['rustdesk'] }
    }
  }
]

/** What to install, per platform and protocol, when nothing is found. */
export const installAdvice: Record<Platform, Record<RemoteProtocol, string>> = {
  win32: {
    rdp: 'Remote Desktop Connection (mstsc.exe) ships with Windows; it is missing only on trimmed images. Add the "Remote Desktop Connection" optional feature.',
    vnc: 'Install TigerVNC (tigervnc.org) or RealVNC Viewer.',
    ssh: 'Add the "OpenSSH Client" optional feature (Settings › System › Optional features); Windows Terminal is optional.',
    vendor: 'Install AnyDesk, TeamViewer or RustDesk, or add your own tool in settings.'
  },
  darwin: {
    rdp: 'Install Windows App (formerly Microsoft Remote Desktop) from the App Store.',
    vnc: 'Screen Sharing ships with macOS; for another viewer install RealVNC Viewer.',
    ssh: 'Terminal and ssh ship with macOS.',
    vendor: 'Install AnyDesk, TeamViewer or RustDesk, or add your own tool in settings.'
  },
  linux: {
    rdp: 'Install FreeRDP (apt install freerdp3-x11, or freerdp2-x11) or Remmina (apt install remmina).',
    vnc: 'Install TigerVNC (apt install tigervnc-viewer) or Remmina with its VNC plugin.',
    ssh: 'Install the OpenSSH client (apt install openssh-client) and a terminal.',
    vendor: 'Install AnyDesk, TeamViewer or RustDesk, or add your own tool in settings.'
  }
}
