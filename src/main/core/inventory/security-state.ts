import type { Encryption, SnapshotSections } from '../../../shared/inventory'
import type { CommandOutput } from './raw-inventory'

type Security = Extract<SnapshotSections['security'], { status: 'ok' }>['data']

/** Firewall and antivirus as each OS reports them; what an OS does not report stays "unknown" or empty. */
export function parseSecurity(outputs: CommandOutput[]): Security {
  const firewalls: boolean[] = []
  const antivirus: Security['antivirus'] = []
  for (const { source, output } of outputs) {
    if (source === 'ufw') firewalls.push(/^Status:\s*active/im.test(output))
    if (source === 'firewalld') firewalls.push(output.trim() === 'running')
    if (source === 'socketfilterfw') firewalls.push(/enabled/i.test(output))
    if (source === 'netfirewallprofile') for (const p of asArray(output)) firewalls.push(p.Enabled === true || p.Enabled === 1 || p.Enabled === 'True')
    if (source === 'securitycenter') {
      for (const product of asArray(output)) {
        // productState packs flags in hex: the second byte says enabled (0x10), the third up to date (0x00) or out of date (0x10).
        const state = Number(product.productState)
        antivirus.push({ name: String(product.displayName ?? 'Unknown'), enabled: ((state >> 8) & 0x10) !== 0, upToDate: (state & 0x10) === 0 })
      }
    }
  }
  const firewall = firewalls.length === 0 ? 'unknown' : firewalls.every(Boolean) ? 'on' : firewalls.some(Boolean) ? 'partly on' : 'off'
  return { firewall, antivirus }
}

/** Encryption per mount from fdesetup (macOS) or BitLocker (Windows); LUKS is read from block devices instead. */
export function encryptionByMount(outputs: CommandOutput[]): Map<string, Encryption> {
  const byMount = new Map<string, Encryption>()
  for (const { source, output } of outputs) {
    if (source === 'fdesetup') {
      const state: Encryption = /FileVault is On/i.test(output) ? 'FileVault' : /FileVault is Off/i.test(output) ? 'none' : 'unknown'
      for (const mount of ['/', '/System/Volumes/Data']) byMount.set(mount, state)
    }
    if (source === 'bitlocker') {
      // System.Volume.BitLockerProtection: 1 on, 3 encrypting, 6 on and locked; 0, 2, 4, 5 not protecting.
      for (const drive of asArray(output)) byMount.set(String(drive.drive).toUpperCase(), [1, 3, 6].includes(Number(drive.protection)) ? 'BitLocker' : 'none')
    }
  }
  return byMount
}

/** ConvertTo-Json prints a lone object for one item and an array for several. */
function asArray(json: string): Array<Record<string, unknown>> {
  const value = JSON.parse(json.trim() || '[]') as unknown
  return (Array.isArray(value) ? value : [value]).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null)
}
