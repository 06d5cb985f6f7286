import { macAddress } from '../../../shared/asset-sync'
import type { Encryption, MachineIdentity, SectionName, Snapshot, SnapshotSections } from '../../../shared/inventory'
import type { RawInventory } from './raw-inventory'
import { encryptionByMount, parseSecurity } from './security-state'
import { parseSoftware } from './software-sources'

/** Placeholders firmware vendors leave in serial and UUID fields: not an identity. */
const placeholder = /^(|-|0+|none|n\/a|default string|to be filled by o\.e\.m\.|system serial number|not specified|not applicable|[0f-]+)$/i
const clean = (value: string | undefined | null) => (value && !placeholder.test(value.trim()) ? value.trim() : '')
const noMac = /^(|00(:00){5})$/

/** Pseudo filesystems are not volumes a technician would look at. */
const pseudoFs = /^(tmpfs|devtmpfs|overlay|squashfs|proc|sysfs|ramfs|efivarfs|nullfs|devfs|autofs)$/i

/** One shape for every platform, the sections GLPI Agent users know; a section that could not be read says why. */
export function normalize(raw: RawInventory, stage: Snapshot['stage']): Snapshot {
  const sections = {} as Record<SectionName, { status: 'ok'; data: unknown } | { status: 'unavailable'; reason: string }>
  const build = <K extends SectionName>(name: K, needs: unknown, make: () => Extract<SnapshotSections[K], { status: 'ok' }>['data']) => {
    const failure = raw.failures?.[name]
    if (failure) sections[name] = { status: 'unavailable', reason: failure }
    else if (needs === undefined) sections[name] = { status: 'unavailable', reason: stage === 'quick' ? 'Comes with the full probe.' : 'Not collected.' }
    else {
      try {
        sections[name] = { status: 'ok', data: make() }
      } catch (error) {
        sections[name] = { status: 'unavailable', reason: `Could not read what the OS reported: ${(error as Error).message}` }
      }
    }
  }

  build('system', raw.system, () => ({
    manufacturer: raw.system!.manufacturer.trim(),
    // Lenovo reports the machine type as the model and the name people know ("ThinkCentre M70q Gen 3") as the version.
    model: /lenovo/i.test(raw.system!.manufacturer) && raw.system!.version.trim() ? `${raw.system!.version.trim()} (${raw.system!.model.trim()})` : raw.system!.model.trim(),
    serial: clean(raw.system!.serial),
    uuid: clean(raw.system!.uuid).toLowerCase(),
    biosVendor: raw.bios?.vendor ?? '',
    biosVersion: raw.bios?.version ?? '',
    biosDate: raw.bios?.releaseDate ?? '',
    chassis: raw.chassis?.type ?? '',
    virtual: raw.system!.virtual ?? false
  }))

  build('os', raw.osInfo, () => ({
    platform: raw.platform === 'win32' ? 'windows' : raw.platform === 'darwin' ? 'macos' : 'linux',
    distro: raw.osInfo!.distro,
    release: raw.osInfo!.release,
    build: raw.osInfo!.build,
    kernel: raw.osInfo!.kernel,
    arch: raw.osInfo!.arch,
    lastBoot: raw.time ? new Date(Date.parse(raw.takenAt) - raw.time.uptime * 1000).toISOString() : null
  }))

  build('cpu', raw.cpu, () => ({
    model: cpuModel(raw.cpu!.manufacturer, raw.cpu!.brand),
    cores: raw.cpu!.physicalCores || raw.cpu!.cores,
    threads: raw.cpu!.cores,
    speedGHz: raw.cpu!.speedMax || raw.cpu!.speed
  }))

  build('memory', raw.mem, () => ({
    totalBytes: raw.mem!.total,
    modules: (raw.memLayout ?? [])
      // Without dmidecode, systeminformation makes up one module the size of all memory, with no slot: not a module.
      .filter((m) => m.size > 0 && (m.bank || m.type || m.partNum))
      .map((m) => ({ sizeBytes: m.size, type: m.type, speedMHz: m.clockSpeed ?? 0, slot: m.bank }))
  }))

  build('storage', raw.fsSize ?? raw.diskLayout, () => {
    const encryption = encryptionByMount(raw.encryption ?? [])
    // dm-crypt mappings (LUKS) show up as 'crypt' block devices with the filesystem's mount.
    const luksMounts = new Set((raw.blockDevices ?? []).filter((b) => b.type === 'crypt' && b.mount).map((b) => b.mount))
    const encryptionOf = (mount: string): Encryption => {
      if (luksMounts.has(mount)) return 'LUKS'
      const known = encryption.get(mount.toUpperCase()) ?? encryption.get(mount)
      if (known) return known
      if (raw.platform === 'linux' && raw.blockDevices) return 'none'
      return 'unknown'
    }
    const disks = raw.diskLayout?.length
      ? raw.diskLayout.map((d) => ({
          model: d.name.trim(),
          serial: clean(d.serialNum),
          sizeBytes: d.size,
          type: /nvme/i.test(`${d.type} ${d.interfaceType}`) ? ('NVMe' as const) : d.type === 'SSD' ? ('SSD' as const) : d.type === 'HD' || d.type === 'HDD' ? ('HDD' as const) : ('unknown' as const),
          smart: /^ok$/i.test(d.smartStatus) ? ('ok' as const) : /fail|predict/i.test(d.smartStatus) ? ('failing' as const) : ('unknown' as const)
        }))
      : // Without diskLayout (virtual machines, containers): the whole-disk block devices.
        (raw.blockDevices ?? [])
          .filter((b) => b.type === 'disk' && b.size > 0 && !/^(zram|loop|ram)/.test(b.name))
          .map((b) => ({
            model: b.model.trim(),
            serial: clean(b.serial),
            sizeBytes: b.size,
            type: b.name.startsWith('nvme') ? ('NVMe' as const) : b.physical === 'SSD' ? ('SSD' as const) : b.physical === 'HDD' ? ('HDD' as const) : ('unknown' as const),
            smart: 'unknown' as const
          }))
    const volumes = (raw.fsSize ?? [])
      // macOS mounts its own system volumes (Preboot, VM, Update…) beside / and the Data volume: not ones a person fills.
      .filter((v) => v.size > 0 && !pseudoFs.test(v.type) && !(raw.platform === 'darwin' && v.mount.startsWith('/System/Volumes/') && v.mount !== '/System/Volumes/Data'))
      .map((v) => ({ mount: v.mount, fsType: v.type, sizeBytes: v.size, usedBytes: v.used, encryption: encryptionOf(v.mount) }))
    return { disks, volumes }
  })

  build('network', raw.networkInterfaces, () => ({
    interfaces: raw
      .networkInterfaces!.filter((n) => !n.internal && !noMac.test(n.mac))
      .map((n) => ({ name: n.ifaceName || n.iface, mac: n.mac.toLowerCase(), ipv4: n.ip4, ipv6: n.ip6, dhcp: n.dhcp, type: n.type, up: n.operstate === 'up' })),
    defaultGateway: raw.defaultGateway ?? ''
  }))

  build('graphics', raw.graphics, () => ({
    controllers: raw.graphics!.controllers.map((c) => ({ vendor: c.vendor, model: c.model, vramMB: c.vram ?? 0 })),
    displays: raw.graphics!.displays.map((d) => ({
      model: d.model,
      resolution: d.currentResX && d.currentResY ? `${d.currentResX}×${d.currentResY}` : d.resolutionX && d.resolutionY ? `${d.resolutionX}×${d.resolutionY}` : '',
      builtin: d.builtin
    }))
  }))

  build('battery', raw.battery, () => {
    const b = raw.battery!
    const toWh = (value: number) => (b.capacityUnit === 'mWh' ? value / 1000 : value)
    return {
      present: b.hasBattery,
      designWh: b.hasBattery ? toWh(b.designedCapacity) : 0,
      fullWh: b.hasBattery ? toWh(b.maxCapacity) : 0,
      cycles: b.hasBattery && b.cycleCount > 0 ? b.cycleCount : null,
      healthPercent: b.hasBattery && b.designedCapacity > 0 ? Math.round((b.maxCapacity / b.designedCapacity) * 100) : null
    }
  })

  build('software', raw.software, () => ({ packages: parseSoftware(raw.software!) }))
  build('security', raw.security, () => parseSecurity(raw.security!))

  const typed = sections as SnapshotSections
  return { takenAt: raw.takenAt, stage, identity: identityOf(raw, typed), sections: typed }
}

/** "Intel" + "Core™ i5-1145G7"; systeminformation drops the first word of Intel's "11th Gen Intel® Core™ …", leaving "Gen Intel® …". */
function cpuModel(manufacturer: string, brand: string): string {
  const cleaned = brand.replace(/^Gen\s+/, '').trim()
  return manufacturer && !cleaned.toLowerCase().includes(manufacturer.toLowerCase()) ? `${manufacturer} ${cleaned}` : cleaned
}

/**
 * MACs that stay with the hardware: not virtual adapters (VPN, Docker bridges, Wi-Fi Direct), and not
 * the random, locally administered ones macOS and Windows give Wi-Fi per network, unless the machine
 * has nothing else (a virtual machine's only adapter usually is one).
 */
function physicalMacs(raw: RawInventory): string[] {
  const macs = [
    ...new Set((raw.networkInterfaces ?? []).filter((n) => !n.internal && !n.virtual && n.type !== 'virtual').map((n) => n.mac.toLowerCase()).filter((m) => macAddress.test(m) && !noMac.test(m)))
  ].sort()
  const universal = macs.filter((m) => (parseInt(m.slice(0, 2), 16) & 0x02) === 0)
  return universal.length ? universal : macs
}

function identityOf(raw: RawInventory, sections: SnapshotSections): MachineIdentity {
  const system = sections.system.status === 'ok' ? sections.system.data : null
  return {
    hostname: raw.osInfo?.hostname ?? '',
    serial: system?.serial ?? '',
    uuid: system?.uuid ?? '',
    // Physical adapters only: virtual ones (VPN, Docker bridges, Wi-Fi Direct) are shared or regenerated.
    macs: physicalMacs(raw)
  }
}

/** "Dell Latitude 5420 · Windows 11 Pro 23H2 · 16 GB · 512 GB NVMe". */
export function summarize(snapshot: Snapshot): string {
  const { system, os, memory, storage } = snapshot.sections
  const parts: string[] = []
  if (system.status === 'ok') {
    const { manufacturer, model } = system.data
    parts.push((model.toLowerCase().startsWith(manufacturer.toLowerCase()) ? model : [manufacturer, model].filter(Boolean).join(' ')) || 'Unknown model')
  }
  if (os.status === 'ok') parts.push(`${os.data.distro} ${os.data.release}`.trim())
  if (memory.status === 'ok') parts.push(formatMemory(memory.data.totalBytes))
  if (storage.status === 'ok' && storage.data.disks.length) parts.push(storage.data.disks.map((d) => `${formatBytes(d.sizeBytes)} ${d.type === 'unknown' ? 'disk' : d.type}`).join(' + '))
  return parts.join(' · ')
}

/** Disks in decimal units, as they are sold. */
export function formatBytes(value: number): string {
  const gb = value / 1e9
  return gb >= 1000 ? `${(gb / 1000).toFixed(gb >= 10_000 ? 0 : 1)} TB` : gb >= 1 ? `${Math.round(gb)} GB` : `${Math.round(value / 1e6)} MB`
}

/** Memory in binary gigabytes, as it is sold (16 GB is 16 GiB). */
export function formatMemory(value: number): string {
  const gib = value / 2 ** 30
  return gib >= 1 ? `${Math.round(gib)} GB` : `${Math.round(value / 2 ** 20)} MB`
}

/** The lines a ticket's timeline shows for an attached snapshot: what a technician checks first. */
export function factLines(snapshot: Snapshot): string[] {
  const { os, cpu, memory, storage, network, battery, security } = snapshot.sections
  const lines: string[] = []
  if (os.status === 'ok') lines.push(`OS: ${os.data.distro} ${os.data.release}${os.data.build ? ` (build ${os.data.build})` : ''}, ${os.data.arch}`)
  if (cpu.status === 'ok') lines.push(`CPU: ${cpu.data.model}, ${cpu.data.cores} cores / ${cpu.data.threads} threads`)
  if (memory.status === 'ok') lines.push(`Memory: ${formatMemory(memory.data.totalBytes)}`)
  if (storage.status === 'ok') {
    for (const v of storage.data.volumes) {
      lines.push(`Volume ${v.mount}: ${formatBytes(v.sizeBytes - v.usedBytes)} free of ${formatBytes(v.sizeBytes)}${v.encryption !== 'unknown' ? `, encryption ${v.encryption}` : ''}`)
    }
  }
  if (network.status === 'ok') {
    const addresses = network.data.interfaces.filter((n) => n.ipv4).map((n) => `${n.name} ${n.ipv4}`)
    if (addresses.length) lines.push(`Network: ${addresses.join(', ')}`)
  }
  if (battery.status === 'ok' && battery.data.present) lines.push(`Battery: ${battery.data.healthPercent ?? '?'}% of design capacity, ${battery.data.cycles === null ? 'cycle count unknown' : `${battery.data.cycles} cycles`}`)
  if (security.status === 'ok') lines.push(`Firewall: ${security.data.firewall}${security.data.antivirus.length ? `; antivirus: ${security.data.antivirus.map((a) => `${a.name} ${a.enabled ? 'on' : 'off'}`).join(', ')}` : ''}`)
  for (const [name, section] of Object.entries(snapshot.sections)) if (section.status === 'unavailable' && snapshot.stage === 'full') lines.push(`${name}: ${section.reason}`)
  return lines
}
