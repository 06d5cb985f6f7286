import { describe, expect, it } from 'vitest'
import { Snapshot } from '../../src/shared/inventory'
import { sampleMachines } from '../../src/main/core/sample/sample-machines'
import { factsOf, fleetFlags } from '../../src/main/core/inventory/fleet-flags'
import { factLines, normalize, summarize } from '../../src/main/core/inventory/normalize'
import type { RawInventory } from '../../src/main/core/inventory/raw-inventory'
import { diffSnapshots } from '../../src/main/core/inventory/snapshot-diff'
import { sectionData as ok } from '../support/snapshot'

const full = (raw: (typeof sampleMachines)[keyof typeof sampleMachines]) => Snapshot.parse(normalize(raw, 'full'))

describe('one snapshot shape from Windows, macOS and Linux', () => {
  it('Windows laptop: identity, BitLocker, battery health, registry software without updates or system components, Defender', () => {
    const s = full(sampleMachines.windowsLaptop)
    expect(s.identity).toEqual({ hostname: 'LT-ORTIZ', serial: '7XK2QH3', uuid: '4c4c4544-0058-4b10-8032-b7c04f514833', macs: ['54:48:10:d2:aa:01', 'a4:c3:f0:85:12:9e'] })
    expect(summarize(s)).toBe('Dell Inc. Latitude 5420 · Microsoft Windows 11 Pro 10.0.22631 · 16 GB · 512 GB NVMe')
    expect(ok(s.sections.os)).toMatchObject({ platform: 'windows', build: '22631', lastBoot: '2026-05-10T11:03:15.000Z' })
    expect(ok(s.sections.cpu)).toEqual({ model: 'Intel Core™ i5-1145G7', cores: 4, threads: 8, speedGHz: 4.4 })
    expect(ok(s.sections.memory).modules).toEqual([
      { sizeBytes: 8 * 2 ** 30, type: 'DDR4', speedMHz: 3200, slot: 'DIMM A' },
      { sizeBytes: 8 * 2 ** 30, type: 'DDR4', speedMHz: 3200, slot: 'DIMM B' }
    ])
    expect(ok(s.sections.storage)).toEqual({
      disks: [{ model: 'PM9A1 NVMe Samsung 512GB', serial: 'S64ENX0R512345', sizeBytes: 512_105_932_800, type: 'NVMe', smart: 'ok' }],
      volumes: [{ mount: 'C:', fsType: 'NTFS', sizeBytes: 510_770_802_688, usedBytes: 398_401_226_096, encryption: 'BitLocker' }]
    })
    // Windows gave no cycle count (0): it reads "unknown", never "0 cycles".
    expect(ok(s.sections.battery)).toEqual({ present: true, designWh: 63, fullWh: 33, cycles: null, healthPercent: 52 })
    expect(factLines(s)).toContain('Battery: 52% of design capacity, cycle count unknown')
    expect(ok(s.sections.graphics).displays.map((d) => `${d.model} ${d.resolution}${d.builtin ? ' built-in' : ''}`)).toEqual(['Generic PnP Monitor 1920×1080 built-in', 'DELL P2422H 1920×1080'])
    expect(ok(s.sections.software).packages.map((p) => `${p.name} ${p.version}`)).toEqual([
      '7-Zip 23.01 (x64 edition) 23.01.00.0',
      'Adobe Acrobat Reader 23.006.20360',
      'Dell Command | Update 5.1.0',
      'Google Chrome 119.0.6045.160',
      'Java 8 Update 381 8.0.3810.9',
      'Microsoft 365 Apps for enterprise - en-us 16.0.17029.20108',
      'Microsoft Teams classic 1.6.00.27573'
    ])
    expect(ok(s.sections.software).packages[3]).toMatchObject({ publisher: 'Google LLC', installedAt: '2023-11-16T00:00:00.000Z', source: 'registry' })
    expect(ok(s.sections.security)).toEqual({ firewall: 'on', antivirus: [{ name: 'Windows Defender', enabled: true, upToDate: true }] })
  })

  it('old Windows desktop: a failing disk, BitLocker off, a full C:, one firewall profile off, no battery', () => {
    const s = full(sampleMachines.windowsOldDesktop)
    const storage = ok(s.sections.storage)
    expect(storage.disks.map((d) => [d.type, d.smart])).toEqual([
      ['SSD', 'ok'],
      ['HDD', 'failing']
    ])
    expect(storage.volumes.map((v) => [v.mount, v.encryption])).toEqual([
      ['C:', 'none'],
      ['D:', 'none']
    ])
    expect(ok(s.sections.security).firewall).toBe('partly on')
    expect(ok(s.sections.battery)).toEqual({ present: false, designWh: 0, fullWh: 0, cycles: null, healthPercent: null })
    expect(fleetFlags({ assetClass: 'desktop', purchaseDate: '2017-03-01', warrantyEnd: '2020-03-01', lastSeenAt: s.takenAt, latest: factsOf(s) }, new Date('2026-11-23T10:00:00Z'))).toEqual([
      'refresh overdue',
      'warranty expired',
      'disk nearly full',
      'OS unsupported'
    ])
  })

  it('MacBook: Apple silicon cores, FileVault on both APFS volumes, cycle count, apps with their signer as publisher', () => {
    const s = full(sampleMachines.macbook)
    expect(s.identity.macs).toEqual(['f8:4d:89:6a:3b:2c'])
    expect(ok(s.sections.os)).toMatchObject({ platform: 'macos', distro: 'macOS', release: '14.4.1', build: '23E224', arch: 'arm64' })
    expect(ok(s.sections.cpu)).toEqual({ model: 'Apple M2 Pro', cores: 10, threads: 10, speedGHz: 3.5 })
    expect(ok(s.sections.storage).volumes.map((v) => [v.mount, v.encryption])).toEqual([
      ['/', 'FileVault'],
      ['/System/Volumes/Data', 'FileVault']
    ])
    expect(ok(s.sections.battery)).toEqual({ present: true, designWh: 69.6, fullWh: 61.248, cycles: 212, healthPercent: 88 })
    const chrome = ok(s.sections.software).packages.find((p) => p.name === 'Google Chrome')
    expect(chrome).toEqual({ name: 'Google Chrome', version: '124.0.6367.92', publisher: 'Developer ID Application: Google LLC (EQHXZ8M8AV)', installedAt: '2024-04-30T18:02:11.000Z', source: 'applications' })
    expect(ok(s.sections.security)).toEqual({ firewall: 'on', antivirus: [] })
  })

  it('Linux desktop: LUKS root through its crypt device, pseudo filesystems left out, dpkg, snap and flatpak, ufw', () => {
    const s = full(sampleMachines.linuxDesktop)
    expect(s.identity.macs).toEqual(['d4:5d:64:a1:b2:c3'])
    expect(ok(s.sections.storage).volumes.map((v) => [v.mount, v.encryption])).toEqual([
      ['/', 'LUKS'],
      ['/boot', 'none'],
      ['/boot/efi', 'none']
    ])
    expect(ok(s.sections.storage).disks[0]).toMatchObject({ model: 'Samsung SSD 980 500GB', type: 'NVMe' })
    const software = ok(s.sections.software).packages
    expect(software.filter((p) => p.source === 'snap').map((p) => `${p.name} ${p.version} ${p.publisher}`)).toEqual(['core22 20240408 canonical', 'firefox 125.0.2-1 mozilla', 'slack 4.36.140 slack', 'snapd 2.62 canonical'])
    expect(software.find((p) => p.name === 'openssh-client')).toEqual({ name: 'openssh-client', version: '1:8.9p1-3ubuntu0.7', publisher: 'Ubuntu Developers', installedAt: '2024-04-03T08:04:59.000Z', source: 'dpkg' })
    expect(software.find((p) => p.name === 'Zotero')).toMatchObject({ version: '6.0.35', publisher: 'flathub', source: 'flatpak' })
    expect(ok(s.sections.security).firewall).toBe('on')
  })

  it('knows a machine by its serial, firmware UUID and physical MACs, not by its hostname', () => {
    // A made-up machine, so the host running the tests cannot change the answer.
    const raw = sampleMachines.windowsLaptop
    const renamed = full({ ...raw, osInfo: { ...raw.osInfo!, hostname: 'LT-RENAMED' } }).identity
    expect(renamed).toEqual({ hostname: 'LT-RENAMED', serial: '7XK2QH3', uuid: '4c4c4544-0058-4b10-8032-b7c04f514833', macs: ['54:48:10:d2:aa:01', 'a4:c3:f0:85:12:9e'] })
    // A firmware placeholder is no identity; the MACs still are.
    const placeholder = full({ ...raw, system: { ...raw.system!, serial: 'To be filled by O.E.M.', uuid: '00000000-0000-0000-0000-000000000000' } }).identity
    expect(placeholder).toMatchObject({ serial: '', uuid: '', macs: ['54:48:10:d2:aa:01', 'a4:c3:f0:85:12:9e'] })
  })

  it('keeps a quick snapshot honest: the slow sections say they come with the full probe', () => {
    const quickRaw: RawInventory = { ...sampleMachines.linuxDesktop }
    for (const slow of ['software', 'security', 'graphics', 'battery'] as const) delete quickRaw[slow]
    const quick = normalize(quickRaw, 'quick')
    expect(quick.sections.software).toEqual({ status: 'unavailable', reason: 'Comes with the full probe.' })
    const failed = normalize({ ...sampleMachines.linuxDesktop, failures: { software: 'Could not be read: timed out after 20 s.' } }, 'full')
    expect(failed.sections.software).toEqual({ status: 'unavailable', reason: 'Could not be read: timed out after 20 s.' })
  })
})

describe('what changed between two snapshots of the same machine', () => {
  it('Windows laptop six months later: memory, OS, battery and software', () => {
    const [before, after] = [full(sampleMachines.windowsLaptop), full(sampleMachines.windowsLaptopLater)]
    expect(after.identity.serial).toBe(before.identity.serial)
    expect(diffSnapshots(before, after).map((c) => c.text)).toEqual([
      'OS upgraded: Microsoft Windows 11 Pro 10.0.22631 → Microsoft Windows 11 Pro 10.0.26100',
      'Memory 16 GB (8 GB + 8 GB) → 32 GB (16 GB + 16 GB)',
      'Battery health 52% → 49%',
      'Updated Google Chrome 119.0.6045.160 → 131.0.6778.86',
      'Installed Zoom Workplace (64-bit) 6.2.5 (46779)',
      'Removed Java 8 Update 381 8.0.3810.9'
    ])
  })

  it('Linux desktop: disk replaced, Ubuntu upgraded, packages installed, removed and updated', () => {
    const changes = diffSnapshots(full(sampleMachines.linuxDesktop), full(sampleMachines.linuxDesktopLater))
    expect(changes.map((c) => `${c.kind}: ${c.text}`)).toEqual([
      'changed: OS upgraded: Ubuntu 22.04.4 LTS → Ubuntu 24.04 LTS',
      'changed: Disk replaced: Samsung SSD 980 500GB 500 GB (serial S64DNF0R123456A) → WD_BLACK SN770 1TB 1.0 TB (serial 23153Y800123)',
      'added: Installed htop 3.3.0-4build1',
      'changed: Updated openssh-client 1:8.9p1-3ubuntu0.7 → 1:9.6p1-3ubuntu13.5',
      'changed: Updated slack 4.36.140 → 4.41.105',
      'removed: Removed remmina 1.4.25+dfsg-1'
    ])
  })

  it('the same snapshot twice: nothing changed', () => {
    expect(diffSnapshots(full(sampleMachines.macbook), full(sampleMachines.macbook))).toEqual([])
  })
})
