import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Snapshot } from '../../src/shared/inventory'
import { factsOf, fleetFlags } from '../../src/main/core/inventory/fleet-flags'
import { normalize, summarize } from '../../src/main/core/inventory/normalize'
import type { RawInventory } from '../../src/main/core/inventory/raw-inventory'
import { diffSnapshots } from '../../src/main/core/inventory/snapshot-diff'
import { sectionData as ok } from '../support/snapshot'

/*
 * Recorded-style fixtures: systeminformation's answers as its own per-platform code builds them
 * (quirks included: "Gen Intel®" brands, 'HD' disks, NVMe reported as the type, randomized Wi-Fi
 * MACs, macOS system volumes, Lenovo's machine type as the model) and the OS tools' printed text.
 */
const load = (name: string) => Snapshot.parse(normalize(JSON.parse(readFileSync(`tests/fixtures/inventory/${name}.json`, 'utf8')) as RawInventory, 'full'))
const now = new Date('2026-11-23T10:00:00Z')
const flags = (s: Snapshot) => fleetFlags({ assetClass: 'laptop', purchaseDate: null, warrantyEnd: null, lastSeenAt: s.takenAt, latest: factsOf(s) }, new Date(Date.parse(s.takenAt) + 86_400_000))

describe('recorded systeminformation output from three platforms', () => {
  it('Windows 11 laptop', () => {
    const s = load('windows-laptop')
    // Wi-Fi Direct adapters are virtual; Bluetooth and Ethernet stay with the hardware.
    expect(s.identity).toEqual({ hostname: 'LT-0142', serial: '7XK4QH3', uuid: '4c4c4544-0037-5810-804b-b4c04f514833', macs: ['8c:c6:81:4e:2a:7b', '8c:c6:81:4e:2a:7f', 'a4:bb:6d:52:9e:10'] })
    expect(summarize(s)).toBe('Dell Inc. Latitude 5420 · Microsoft Windows 11 Pro 10.0.22631 · 16 GB · 512 GB NVMe')
    expect(ok(s.sections.cpu).model).toBe('Intel® Core™ i5-1145G7')
    expect(ok(s.sections.storage).volumes).toEqual([expect.objectContaining({ mount: 'C:', encryption: 'BitLocker' })])
    expect(ok(s.sections.battery).healthPercent).toBe(52)
    expect(ok(s.sections.software).packages).toHaveLength(14)
    expect(ok(s.sections.security).antivirus).toEqual([{ name: 'Windows Defender', enabled: true, upToDate: true }])
    expect(flags(s)).toEqual(['battery worn'])
    expect(fleetFlags({ assetClass: 'laptop', purchaseDate: null, warrantyEnd: null, lastSeenAt: null, latest: factsOf(s) }, now)).toEqual(['battery worn', 'OS unsupported'])
  })

  it('Windows 10 desktop', () => {
    const s = load('windows-old-desktop')
    expect(summarize(s)).toBe('HP EliteDesk 800 G3 SFF · Microsoft Windows 10 Pro 10.0.19045 · 8 GB · 256 GB SSD + 1.0 TB HDD')
    expect(ok(s.sections.storage).volumes.map((v) => [v.mount, v.encryption])).toEqual([
      ['C:', 'none'],
      ['D:', 'none']
    ])
    expect(ok(s.sections.security).firewall).toBe('partly on')
    expect(fleetFlags({ assetClass: 'desktop', purchaseDate: null, warrantyEnd: null, lastSeenAt: null, latest: factsOf(s) }, now)).toEqual(['disk nearly full', 'OS unsupported'])
  })

  it('MacBook Pro', () => {
    const s = load('macos-macbook')
    // Only the burned-in Wi-Fi address: the others are random, locally administered ones.
    expect(s.identity.macs).toEqual(['f4:d4:88:6a:1c:e3'])
    expect(summarize(s)).toBe('Apple Inc. Mac14,9 · macOS 14.4.1 · 16 GB · 500 GB NVMe')
    expect(ok(s.sections.storage).volumes.map((v) => [v.mount, v.encryption])).toEqual([
      ['/', 'FileVault'],
      ['/System/Volumes/Data', 'FileVault']
    ])
    expect(ok(s.sections.battery)).toMatchObject({ cycles: 212, healthPercent: 88 })
    expect(ok(s.sections.software).packages).toHaveLength(14)
  })

  it('Ubuntu desktop', () => {
    const s = load('linux-desktop')
    expect(summarize(s)).toBe('LENOVO ThinkCentre M70q Gen 3 (11T3002XUS) · Ubuntu 22.04.4 LTS · 15 GB · 500 GB NVMe')
    expect(ok(s.sections.storage).volumes.map((v) => [v.mount, v.encryption])).toEqual([
      ['/', 'LUKS'],
      ['/boot', 'none'],
      ['/boot/efi', 'none']
    ])
    const count = (source: string) => ok(s.sections.software).packages.filter((p) => p.source === source).length
    expect([count('dpkg'), count('snap'), count('flatpak')]).toEqual([16, 9, 2])
  })

  it('diffs each machine against itself months later', () => {
    expect(diffSnapshots(load('windows-laptop'), load('windows-laptop-later')).map((c) => c.text)).toEqual([
      'OS upgraded: Microsoft Windows 11 Pro 10.0.22631 → Microsoft Windows 11 Pro 10.0.26100',
      'Memory 16 GB (8 GB + 8 GB) → 32 GB (16 GB + 16 GB)',
      'Battery health 52% → 49%',
      'Updated Google Chrome 119.0.6045.160 → 131.0.6778.86',
      'Installed Zoom Workplace 6.2.5 (46218)',
      'Removed Java 8 Update 381 (64-bit) 8.0.3810.9'
    ])
    const linux = diffSnapshots(load('linux-desktop'), load('linux-desktop-later')).map((c) => c.text)
    expect(linux.slice(0, 2)).toEqual([
      'OS upgraded: Ubuntu 22.04.4 LTS → Ubuntu 24.04 LTS',
      'Disk replaced: Samsung SSD 980 500GB 500 GB (serial S64DNF0R123456A) → WD_BLACK SN770 1TB 1.0 TB (serial 23154V801234)'
    ])
    expect(linux).toEqual(expect.arrayContaining(['Installed htop 3.3.0-4build1', 'Removed remmina 1.4.25+dfsg-1', 'Updated openssh-client 1:8.9p1-3ubuntu0.7 → 1:9.6p1-3ubuntu13.5', 'Updated slack 4.37.101 → 4.40.133']))
    expect(linux.some((t) => t.startsWith('Memory'))).toBe(false)
  })
})
