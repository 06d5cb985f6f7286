import type { Snapshot } from '../../src/shared/inventory'

export interface MachineSpec {
  takenAt?: string
  hostname?: string
  serial?: string
  uuid?: string
  macs?: string[]
  /** Every card's IPv4 address (10.0.0.10, .11, … by default). */
  ipv4?: string
  os?: { platform: 'windows' | 'macos' | 'linux'; distro: string; release: string; build?: string }
  memoryGB?: number
  disks?: Array<{ model: string; serial: string; sizeGB: number }>
  volumes?: Array<{ mount: string; sizeGB: number; usedGB: number }>
  batteryHealth?: number | null
  software?: Array<[name: string, version: string]>
}

const GB = 1e9
const GiB = 2 ** 30

/** A full snapshot of an imaginary machine, written directly in the normalized shape. */
export function machine(spec: MachineSpec = {}): Snapshot {
  const battery = spec.batteryHealth ?? null
  return {
    takenAt: spec.takenAt ?? '2026-11-20T09:00:00.000Z',
    stage: 'full',
    identity: { hostname: spec.hostname ?? 'LT-ORTIZ', serial: spec.serial ?? '7XK2QH3', uuid: spec.uuid ?? '', macs: spec.macs ?? ['3c:52:82:aa:bb:01'] },
    sections: {
      system: { status: 'ok', data: { manufacturer: 'Dell Inc.', model: 'Latitude 5420', serial: spec.serial ?? '7XK2QH3', uuid: spec.uuid ?? '', biosVendor: 'Dell Inc.', biosVersion: '1.30.0', biosDate: '2024-01-10', chassis: 'Notebook', virtual: false } },
      os: { status: 'ok', data: { platform: 'windows', distro: 'Microsoft Windows 11 Pro', release: '10.0.26200', build: '26200', kernel: '10.0.26200', arch: 'x64', lastBoot: null, ...spec.os } },
      cpu: { status: 'ok', data: { model: 'Intel Core i5-1145G7', cores: 4, threads: 8, speedGHz: 2.6 } },
      memory: { status: 'ok', data: { totalBytes: (spec.memoryGB ?? 16) * GiB, modules: [] } },
      storage: {
        status: 'ok',
        data: {
          disks: (spec.disks ?? [{ model: 'PM9A1 NVMe Samsung 512GB', serial: 'S6NNNX0R100001', sizeGB: 512 }]).map((d) => ({ model: d.model, serial: d.serial, sizeBytes: d.sizeGB * GB, type: 'NVMe' as const, smart: 'ok' as const })),
          volumes: (spec.volumes ?? [{ mount: 'C:', sizeGB: 510, usedGB: 200 }]).map((v) => ({ mount: v.mount, fsType: 'NTFS', sizeBytes: v.sizeGB * GB, usedBytes: v.usedGB * GB, encryption: 'BitLocker' as const }))
        }
      },
      network: { status: 'ok', data: { interfaces: (spec.macs ?? ['3c:52:82:aa:bb:01']).map((mac, i) => ({ name: `eth${i}`, mac, ipv4: spec.ipv4 ?? `10.0.0.${10 + i}`, ipv6: '', dhcp: true, type: 'wired', up: true })), defaultGateway: '10.0.0.1' } },
      graphics: { status: 'ok', data: { controllers: [], displays: [] } },
      battery: { status: 'ok', data: battery === null ? { present: false, designWh: 0, fullWh: 0, cycles: 0, healthPercent: null } : { present: true, designWh: 63, fullWh: (63 * battery) / 100, cycles: 300, healthPercent: battery } },
      software: { status: 'ok', data: { packages: (spec.software ?? [['Google Chrome', '131.0.6778.86']]).map(([name, version]) => ({ name, version, publisher: '', installedAt: null, source: 'registry' })) } },
      security: { status: 'ok', data: { firewall: 'on', antivirus: [] } }
    }
  }
}

/** A section's data, failing the test with the section's reason when it was not read. */
export const sectionData = <T extends { status: string }>(section: T) => {
  if (section.status !== 'ok') throw new Error(`section unavailable: ${JSON.stringify(section)}`)
  return (section as unknown as { data: T extends { data: infer D } ? D : never }).data
}
