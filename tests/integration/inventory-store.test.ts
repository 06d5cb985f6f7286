import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AssetReplica } from '../../src/main/core/inventory/asset-replica'
import { AssetStore } from '../../src/main/core/inventory/asset-store'
import { migrate, migrations } from '../../src/main/core/store/migrations'
import { fleetFlags, osEndOfLife } from '../../src/main/core/inventory/fleet-flags'
import { fleetCsv } from '../../src/main/core/inventory/fleet-csv'
import { testDesk } from '../support/desk'
import { machine as anyMachine, type MachineSpec } from '../support/snapshot'
import { testDay, testIso } from '../support/test-clock'

// These desks run on the test clock, so their machines are seen on it too (a clock moved ahead must not make them stale).
const machine = (spec: MachineSpec = {}) => anyMachine({ takenAt: testIso('2026-11-20T09:00:00.000Z'), ...spec })

const enterprise = { platform: 'windows', distro: 'Microsoft Windows 11 Enterprise', release: '10.0.26200', build: '26200' } as const

let desk: ReturnType<typeof testDesk>
afterEach(() => desk?.close())

describe('assets on a desk', () => {
  it('recognizes the same machine by serial, UUID or MAC, never by hostname, and keeps every snapshot', async () => {
    desk = testDesk()
    const first = await desk.call('inventory.record', { snapshot: machine({ hostname: 'LT-ORTIZ' }) })
    expect(first.asset).toMatchObject({ tag: 'AST-1001', name: 'LT-ORTIZ', assetClass: 'laptop' })
    // Reimaged under a new name: still the same serial, so the same asset.
    const renamed = await desk.call('inventory.record', { snapshot: machine({ hostname: 'FIN-0042', takenAt: testIso('2026-11-21T09:00:00.000Z') }) })
    expect(renamed.asset.id).toBe(first.asset.id)
    expect(renamed.asset.identity.hostname).toBe('FIN-0042')
    // No readable serial (a board swap), but a known MAC.
    const byMac = await desk.call('inventory.record', { snapshot: machine({ serial: '', takenAt: testIso('2026-11-22T09:00:00.000Z') }) })
    expect(byMac.asset.id).toBe(first.asset.id)
    // Another machine with the same hostname is another asset.
    const other = await desk.call('inventory.record', { snapshot: machine({ hostname: 'LT-ORTIZ', serial: 'CN0X9', macs: ['3c:52:82:aa:bb:77'] }) })
    expect(other.asset.id).not.toBe(first.asset.id)
    const detail = await desk.call('inventory.asset', { id: first.asset.id })
    expect(detail.snapshots.map((s) => s.takenAt)).toEqual([testIso('2026-11-22T09:00:00.000Z'), testIso('2026-11-21T09:00:00.000Z'), testIso('2026-11-20T09:00:00.000Z')])
    expect(detail.asset.lastSeenAt).toBe(testIso('2026-11-22T09:00:00.000Z'))
  })

  it('refuses a snapshot with nothing to recognize the machine by, and stores nothing', async () => {
    desk = testDesk()
    await expect(desk.call('inventory.record', { snapshot: machine({ serial: '', macs: [] }) })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect((await desk.call('inventory.fleet', {})).total).toBe(0)
  })

  it('says what changed between two snapshots: memory, disk, OS, software', async () => {
    desk = testDesk()
    const before = await desk.call('inventory.record', { snapshot: machine({ software: [['Google Chrome', '119.0.6045.160'], ['Java 8 Update 381', '8.0.3810.9']] }) })
    await desk.call('inventory.record', {
      snapshot: machine({
        takenAt: testIso('2026-12-01T09:00:00.000Z'),
        memoryGB: 32,
        disks: [{ model: 'WD PC SN740 1TB', serial: 'WD-2231AB', sizeGB: 1000 }],
        os: { platform: 'windows', distro: 'Microsoft Windows 11 Pro', release: '10.0.26200', build: '26200' },
        software: [['Google Chrome', '131.0.6778.86'], ['Zoom Workplace', '6.2.5']]
      })
    })
    const [newer, older] = (await desk.call('inventory.asset', { id: before.asset.id })).snapshots
    const changes = await desk.call('inventory.diff', { fromId: older!.id, toId: newer!.id })
    expect(changes.map((c) => c.text)).toEqual([
      'Memory 16 GB → 32 GB',
      'Disk replaced: PM9A1 NVMe Samsung 512GB 512 GB (serial S6NNNX0R100001) → WD PC SN740 1TB 1.0 TB (serial WD-2231AB)',
      'Updated Google Chrome 119.0.6045.160 → 131.0.6778.86',
      'Installed Zoom Workplace 6.2.5',
      'Removed Java 8 Update 381 8.0.3810.9'
    ])
  })

  it('attaches the latest inventory to a ticket: a timeline entry with the facts, and the machine linked', async () => {
    desk = testDesk()
    const ticket = await desk.call('tickets.create', { subject: 'Laptop slow since Monday', channel: 'walk-in', requester: { name: 'Maria Ortiz' } })
    const { asset } = await desk.call('inventory.record', { snapshot: machine({ batteryHealth: 52 }), ownerId: ticket.requester.id })
    expect((await desk.call('inventory.ownedBy', { personId: ticket.requester.id })).map((a) => a.tag)).toEqual([asset.tag])
    await desk.call('tickets.attachInventory', { id: ticket.id, assetId: asset.id })
    const detail = await desk.call('tickets.get', { id: ticket.id })
    const entry = detail.timeline.at(-1)!.data
    expect(entry).toMatchObject({ kind: 'inventory', asset: { id: asset.id, tag: asset.tag }, summary: 'Dell Inc. Latitude 5420 · Microsoft Windows 11 Pro 10.0.26200 · 16 GB · 512 GB NVMe' })
    expect(entry.kind === 'inventory' && entry.facts).toEqual(expect.arrayContaining(['Memory: 16 GB', 'Battery: 52% of design capacity, 300 cycles', 'Volume C:: 310 GB free of 510 GB, encryption BitLocker']))
    // The change goes to the desk server like any other.
    const status = await desk.call('sync.status', {})
    expect(status.pending).toBeGreaterThan(0)
  })
})

describe('fleet review', () => {
  const now = new Date('2026-11-23T10:00:00Z')
  const facts = (spec: Parameters<typeof machine>[0]) => {
    const s = machine(spec)
    const os = s.sections.os.status === 'ok' ? s.sections.os.data : null
    const vols = s.sections.storage.status === 'ok' ? s.sections.storage.data.volumes : []
    return { summary: '', os, fullestVolume: Math.max(0, ...vols.map((v) => v.usedBytes / v.sizeBytes)), batteryHealth: s.sections.battery.status === 'ok' ? s.sections.battery.data.healthPercent : null }
  }

  it('flags refresh, warranty, disk, battery, unsupported OS and machines gone quiet', () => {
    const base = { assetClass: 'laptop' as const, purchaseDate: null, warrantyEnd: null, lastSeenAt: '2026-11-20T09:00:00Z', latest: facts({}) }
    expect(fleetFlags(base, now)).toEqual([])
    expect(fleetFlags({ ...base, purchaseDate: '2022-06-01' }, now)).toEqual(['refresh overdue'])
    expect(fleetFlags({ ...base, purchaseDate: '2022-12-15' }, now)).toEqual(['refresh this quarter'])
    expect(fleetFlags({ ...base, purchaseDate: '2023-01-02' }, now)).toEqual([])
    expect(fleetFlags({ ...base, warrantyEnd: '2027-02-20' }, now)).toEqual(['warranty ending'])
    expect(fleetFlags({ ...base, warrantyEnd: '2027-02-22' }, now)).toEqual([])
    // Ended yesterday: past "ending", and said so.
    const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10)
    expect(fleetFlags({ ...base, warrantyEnd: yesterday }, now)).toEqual(['warranty expired'])
    expect(fleetFlags({ ...base, latest: facts({ volumes: [{ mount: 'C:', sizeGB: 256, usedGB: 243 }] }) }, now)).toEqual(['disk nearly full'])
    expect(fleetFlags({ ...base, latest: facts({ batteryHealth: 55 }) }, now)).toEqual(['battery worn'])
    expect(fleetFlags({ ...base, latest: facts({ os: { platform: 'windows', distro: 'Microsoft Windows 10 Pro', release: '10.0.19045', build: '19045' } }) }, now)).toEqual(['OS unsupported'])
    expect(fleetFlags({ ...base, lastSeenAt: '2026-10-20T09:00:00Z' }, now)).toEqual(['not seen 30 days'])
    // Virtual machines have no refresh cycle.
    expect(fleetFlags({ ...base, assetClass: 'virtual machine', purchaseDate: '2015-01-01' }, now)).toEqual([])
  })

  it('knows end-of-life by edition, release and distro', () => {
    const os = (platform: string, distro: string, release: string, build = '') => ({ platform, distro, release, build })
    expect(osEndOfLife(os('windows', 'Microsoft Windows 11 Pro', '10.0.22631', '22631'))?.endOfLife).toBe('2025-11-11')
    expect(osEndOfLife(os('windows', 'Microsoft Windows 11 Enterprise', '10.0.22631', '22631'))?.endOfLife).toBe('2026-11-10')
    expect(osEndOfLife(os('linux', 'Ubuntu', '22.04.4 LTS'))?.name).toBe('Ubuntu 22.04 LTS')
    expect(osEndOfLife(os('linux', 'Debian GNU/Linux', '12'))?.name).toBe('Debian 12 bookworm')
    expect(osEndOfLife(os('macos', 'macOS', '14.4.1'))?.name).toBe('macOS 14 Sonoma')
    expect(osEndOfLife(os('linux', 'Arch Linux', 'rolling'))).toBeNull()
  })

  it('filters by flag and text, counts every flag, and exports CSV that a spreadsheet cannot run', async () => {
    desk = testDesk('2026-11-23T10:00:00Z')
    // Windows 11 Enterprise 25H2 is supported until October 2028: still supported with the clock moved a year ahead.
    await desk.call('inventory.record', { snapshot: machine({ hostname: '=HYPERLINK("http://x")', batteryHealth: 50, os: enterprise }) })
    await desk.call('inventory.record', { snapshot: machine({ hostname: 'PC-OLD', serial: 'CZC123', macs: ['00:1a:2b:3c:4d:5e'], os: { platform: 'windows', distro: 'Microsoft Windows 10 Pro', release: '10.0.19045', build: '19045' } }) })
    const fleet = await desk.call('inventory.fleet', {})
    expect(fleet.total).toBe(2)
    expect(fleet.counts).toMatchObject({ 'battery worn': 1, 'OS unsupported': 1, 'disk nearly full': 0 })
    expect((await desk.call('inventory.fleet', { flags: ['OS unsupported'] })).assets.map((a) => a.name)).toEqual(['PC-OLD'])
    expect((await desk.call('inventory.fleet', { text: 'czc1' })).assets.map((a) => a.name)).toEqual(['PC-OLD'])
    const { csv } = await desk.call('inventory.exportCsv', {})
    expect(csv.split('\n')[0]).toBe('Tag,Name,Class,Serial,Owner,Location,Purchased,Warranty end,Last seen,Summary,Flags')
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`)
    expect(fleetCsv([])).toContain('Tag,Name')
  })
})

describe('the refresh policy', () => {
  it('is the desk supervisor’s to set per class, and the flags follow it', async () => {
    desk = testDesk('2026-11-23T10:00:00Z')
    expect(await desk.call('inventory.lifecycle', {})).toEqual({ laptop: 4, desktop: 5, server: 6, 'virtual machine': null, other: 5 })
    const { asset } = await desk.call('inventory.record', { snapshot: machine({ os: enterprise }) })
    await desk.call('inventory.update', { id: asset.id, purchaseDate: testDay('2023-06-01') })
    expect((await desk.call('inventory.asset', { id: asset.id })).asset.flags).toEqual([])
    await desk.call('inventory.setLifecycle', { laptop: 3, desktop: 5, server: 6, 'virtual machine': null, other: 5 })
    expect((await desk.call('inventory.asset', { id: asset.id })).asset.flags).toEqual(['refresh overdue'])
    desk.reopen()
    expect((await desk.call('inventory.lifecycle', {})).laptop).toBe(3)
  })
})

describe('purchase and warranty import from CSV', () => {
  it('previews every row, reports each bad one by line, and imports nothing while any is wrong', async () => {
    desk = testDesk()
    const { asset } = await desk.call('inventory.record', { snapshot: machine() })
    const bad = ['Serial Number,Purchase Date,Warranty End', '7XK2QH3,2023-03-14,2027-03-13', 'NEW-001,14/03/2023,2026-03-13', ',2023-01-01,2025-01-01', 'NEW-002,2024-02-30,', 'NEW-003,2024-05-01,2023-05-01', '7XK2QH3,2023-03-14,2027-03-13'].join('\n')
    const preview = await desk.call('inventory.importPreview', { csv: bad })
    expect(preview.errors).toEqual([
      { line: 3, message: 'Purchase date "14/03/2023" is not a date written as yyyy-mm-dd.' },
      { line: 4, message: 'Needs a serial number or an asset tag.' },
      { line: 5, message: 'Purchase date "2024-02-30" is not a date written as yyyy-mm-dd.' },
      { line: 6, message: 'Warranty ends before the purchase date.' },
      { line: 7, message: 'Repeats line 2 (7XK2QH3).' }
    ])
    expect(preview.rows[0]).toMatchObject({ line: 2, serial: '7XK2QH3', assetId: asset.id, purchaseDate: '2023-03-14' })
    await expect(desk.call('inventory.import', { csv: bad })).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: expect.arrayContaining([{ path: 'line 3', message: expect.stringContaining('14/03/2023') }]) })
    expect((await desk.call('inventory.asset', { id: asset.id })).asset.purchaseDate).toBeNull()
    expect((await desk.call('inventory.fleet', {})).total).toBe(1)

    const good = ['Serial Number,Purchase Date,Warranty End', '7XK2QH3,2023-03-14,2027-03-13', 'NEW-001,2023-03-14,2026-03-13'].join('\n')
    expect(await desk.call('inventory.import', { csv: good })).toEqual({ updated: 1, created: 1 })
    expect((await desk.call('inventory.asset', { id: asset.id })).asset).toMatchObject({ purchaseDate: '2023-03-14', warrantyEnd: '2027-03-13' })
    expect((await desk.call('inventory.fleet', { text: 'NEW-001' })).assets).toHaveLength(1)
  })

  it('explains a file that is not CSV or has no serial column', async () => {
    desk = testDesk()
    expect((await desk.call('inventory.importPreview', { csv: 'name,colour\nx,blue' })).errors[0]!.message).toMatch(/must name the columns, including "serial" or "tag"/)
    expect((await desk.call('inventory.importPreview', { csv: 'serial\n"unterminated' })).errors[0]!.message).toMatch(/not readable CSV/)
    expect((await desk.call('inventory.importPreview', { csv: '' })).errors[0]!.message).toBe('The file is empty.')
  })
})

describe('asset records kept for the desk server', () => {
  it('name and class follow the hardware until someone sets them; what is set is stamped and owed to the server', async () => {
    desk = testDesk()
    const { asset } = await desk.call('inventory.record', { snapshot: machine({ hostname: 'LT-ORTIZ' }) })
    await desk.call('inventory.record', { snapshot: machine({ hostname: 'FIN-0042', takenAt: testIso('2026-11-21T09:00:00.000Z') }) })
    expect((await desk.call('inventory.asset', { id: asset.id })).asset.name).toBe('FIN-0042')
    await desk.call('inventory.update', { id: asset.id, name: 'Finance kiosk', location: 'HQ 1F' })
    await desk.call('inventory.record', { snapshot: machine({ hostname: 'FIN-0043', takenAt: testIso('2026-11-22T09:00:00.000Z') }) })
    expect((await desk.call('inventory.asset', { id: asset.id })).asset).toMatchObject({ name: 'Finance kiosk', location: 'HQ 1F' })
    const file = new Database(join(desk.dir.path, 'desk.sqlite'))
    const [owed] = new AssetReplica(file, new AssetStore(file, () => new Date()), () => new Date()).owed(10)
    file.close()
    expect(owed!.change).toMatchObject({ id: asset.id, tag: 'AST-1001', identity: { serial: '7XK2QH3', macs: ['3c:52:82:aa:bb:01'] }, fields: { name: 'Finance kiosk', location: 'HQ 1F' } })
    expect(owed!.change.clocks.name).toBe(owed!.change.clocks.location)
  })

  it('a desk from before asset records synced owes the server the records it already had, stamped as old as the record; the sample desk’s stay', () => {
    const db = new Database(':memory:')
    migrate(db, migrations.filter((m) => m.version <= 4))
    db.prepare("INSERT INTO people (id, name) VALUES ('019a0000-0000-7000-8000-000000000001', 'Olu Adeyemi')").run()
    db.prepare(
      "INSERT INTO assets (id, tag, name, serial, owner_id, location, created_at) VALUES ('019a0000-0000-7000-8000-0000000000a1', 'AST-1001', 'LT-OLU', 'S1', '019a0000-0000-7000-8000-000000000001', 'HQ', '2026-01-02T03:04:05.000Z')"
    ).run()
    // A sample machine, loaded at the same instant it was created: never sent.
    db.prepare("INSERT INTO desk_meta (key, value) VALUES ('sample_loaded_at', '2025-05-05T05:05:05.000Z')").run()
    db.prepare("INSERT INTO assets (id, tag, name, serial, created_at) VALUES ('019a0000-0000-7000-8000-0000000000a2', 'AST-1002', 'SAMPLE', 'S2', '2025-05-05T05:05:05.000Z')").run()
    migrate(db)
    const [owed] = new AssetReplica(db, new AssetStore(db, () => new Date()), () => new Date()).owed(10)
    expect(owed!.change.fields).toEqual({ name: 'LT-OLU', assetClass: 'other', ownerId: '019a0000-0000-7000-8000-000000000001', ownerName: 'Olu Adeyemi', location: 'HQ' })
    expect(owed!.change.clocks.location).toBe(`${Date.parse('2026-01-02T03:04:05.000Z')}-0000-migrated`)
    expect(new AssetReplica(db, new AssetStore(db, () => new Date()), () => new Date()).owed(10).map((o) => o.change.id)).toEqual(['019a0000-0000-7000-8000-0000000000a1'])
    db.close()
  })
})
