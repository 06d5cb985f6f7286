import { z } from 'zod'
import { Id, Instant } from './domain'

/** A section either has its data or says why not; one missing section never sinks the snapshot. */
const section = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('status', [z.object({ status: z.literal('ok'), data }), z.object({ status: z.literal('unavailable'), reason: z.string() })])

const text = z.string()
const bytes = z.number().nonnegative()

export const Encryption = z.enum(['BitLocker', 'FileVault', 'LUKS', 'none', 'unknown'])
export type Encryption = z.infer<typeof Encryption>

export const InstalledSoftware = z.object({ name: text, version: text, publisher: text, installedAt: z.string().nullable(), source: text })
export type InstalledSoftware = z.infer<typeof InstalledSoftware>

export const SnapshotSections = z.object({
  system: section(
    z.object({ manufacturer: text, model: text, serial: text, uuid: text, biosVendor: text, biosVersion: text, biosDate: text, chassis: text, virtual: z.boolean() })
  ),
  os: section(
    z.object({ platform: z.enum(['windows', 'macos', 'linux']), distro: text, release: text, build: text, kernel: text, arch: text, lastBoot: z.string().nullable() })
  ),
  cpu: section(z.object({ model: text, cores: z.number(), threads: z.number(), speedGHz: z.number() })),
  memory: section(z.object({ totalBytes: bytes, modules: z.array(z.object({ sizeBytes: bytes, type: text, speedMHz: z.number(), slot: text })) })),
  storage: section(
    z.object({
      disks: z.array(
        z.object({ model: text, serial: text, sizeBytes: bytes, type: z.enum(['SSD', 'HDD', 'NVMe', 'unknown']), smart: z.enum(['ok', 'failing', 'unknown']) })
      ),
      volumes: z.array(z.object({ mount: text, fsType: text, sizeBytes: bytes, usedBytes: bytes, encryption: Encryption }))
    })
  ),
  network: section(
    z.object({
      interfaces: z.array(z.object({ name: text, mac: text, ipv4: text, ipv6: text, dhcp: z.boolean(), type: text, up: z.boolean() })),
      defaultGateway: text
    })
  ),
  graphics: section(
    z.object({
      controllers: z.array(z.object({ vendor: text, model: text, vramMB: z.number() })),
      displays: z.array(z.object({ model: text, resolution: text, builtin: z.boolean() }))
    })
  ),
  battery: section(
    // `cycles` is null when the platform gives no count (Windows and Linux report 0 for "don't know").
    z.object({ present: z.boolean(), designWh: z.number(), fullWh: z.number(), cycles: z.number().nullable(), healthPercent: z.number().nullable() })
  ),
  software: section(z.object({ packages: z.array(InstalledSoftware) })),
  security: section(
    z.object({
      firewall: z.enum(['on', 'off', 'partly on', 'unknown']),
      antivirus: z.array(z.object({ name: text, enabled: z.boolean(), upToDate: z.boolean().nullable() }))
    })
  )
})
export type SnapshotSections = z.infer<typeof SnapshotSections>
export type SectionName = keyof SnapshotSections
export const sectionNames = Object.keys(SnapshotSections.shape) as SectionName[]
/** Shown at once (goal < 3 s); the rest follows with progress. Network is here for identity: a machine without a readable serial is known by its MACs. */
export const quickSections: SectionName[] = ['system', 'os', 'cpu', 'memory', 'storage', 'network']

/** How the same machine is recognized again: never by hostname, which changes with a reimage. */
export const MachineIdentity = z.object({ hostname: text, serial: text, uuid: text, macs: z.array(text) })
export type MachineIdentity = z.infer<typeof MachineIdentity>

export const Snapshot = z.object({
  takenAt: Instant,
  stage: z.enum(['quick', 'full']),
  identity: MachineIdentity,
  sections: SnapshotSections
})
export type Snapshot = z.infer<typeof Snapshot>

export const ProbeProgress = z.object({ section: z.string(), state: z.enum(['running', 'ok', 'unavailable']), done: z.number(), total: z.number() })
export type ProbeProgress = z.infer<typeof ProbeProgress>

export const AssetClass = z.enum(['laptop', 'desktop', 'server', 'virtual machine', 'other'])
export type AssetClass = z.infer<typeof AssetClass>

/** Years after purchase a machine of each class is due for replacement; null: never (virtual machines). */
export const LifecyclePolicy = z
  .object(Object.fromEntries(AssetClass.options.map((c) => [c, z.number().int().min(1).max(15).nullable()])) as Record<AssetClass, z.ZodNullable<z.ZodNumber>>)
  .strict()
export type LifecyclePolicy = z.infer<typeof LifecyclePolicy>

export const FleetFlag = z.enum(['refresh overdue', 'refresh this quarter', 'warranty ending', 'warranty expired', 'disk nearly full', 'battery worn', 'OS unsupported', 'not seen 30 days'])
export type FleetFlag = z.infer<typeof FleetFlag>

const IsoDate = z.iso.date()

export const Asset = z.object({
  id: Id,
  tag: z.string(),
  name: z.string(),
  assetClass: AssetClass,
  identity: MachineIdentity,
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  location: z.string().nullable(),
  purchaseDate: IsoDate.nullable(),
  warrantyEnd: IsoDate.nullable(),
  lastSeenAt: Instant.nullable(),
  /** One line for lists: model, OS, memory, disk. */
  summary: z.string(),
  flags: z.array(FleetFlag)
})
export type Asset = z.infer<typeof Asset>

export const SnapshotRef = z.object({ id: Id, takenAt: Instant, stage: z.enum(['quick', 'full']) })
export type SnapshotRef = z.infer<typeof SnapshotRef>

export const AssetDetail = z.object({ asset: Asset, snapshots: z.array(SnapshotRef), latest: Snapshot.nullable() })
export type AssetDetail = z.infer<typeof AssetDetail>

export const SnapshotChange = z.object({
  section: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  /** Plain words a technician reads: "Memory 16 GB → 32 GB", "Installed Zoom 6.2.5". */
  text: z.string()
})
export type SnapshotChange = z.infer<typeof SnapshotChange>

export const AssetUpdate = z
  .object({
    id: Id,
    name: z.string().trim().min(1).max(120).optional(),
    assetClass: AssetClass.optional(),
    ownerId: Id.nullable().optional(),
    location: z.string().trim().max(120).nullable().optional(),
    purchaseDate: IsoDate.nullable().optional(),
    warrantyEnd: IsoDate.nullable().optional()
  })
  .strict()
export type AssetUpdate = z.infer<typeof AssetUpdate>

export const ImportRow = z.object({ line: z.number(), tag: z.string(), serial: z.string(), purchaseDate: IsoDate.nullable(), warrantyEnd: IsoDate.nullable(), assetId: Id.nullable() })
export const ImportPreview = z.object({
  rows: z.array(ImportRow),
  errors: z.array(z.object({ line: z.number(), message: z.string() })),
  /** Rows naming a serial or tag no asset has yet: they create assets on import. */
  newAssets: z.number()
})
export type ImportPreview = z.infer<typeof ImportPreview>

export const FleetQuery = z
  .object({ flags: z.array(FleetFlag).max(7).optional(), assetClass: AssetClass.optional(), text: z.string().max(100).optional() })
  .strict()
export type FleetQuery = z.infer<typeof FleetQuery>

export const Fleet = z.object({ assets: z.array(Asset), counts: z.record(FleetFlag, z.number()), total: z.number() })
export type Fleet = z.infer<typeof Fleet>

/** What the desk server accepts and hands out: a snapshot under its own id, so a resend is harmless. */
export const PostedSnapshot = z.object({ id: Id, snapshot: Snapshot }).strict()
export type PostedSnapshot = z.infer<typeof PostedSnapshot>
export const SnapshotPage = z.object({ cursor: z.number(), more: z.boolean(), snapshots: z.array(z.object({ id: Id, snapshot: Snapshot })) })
export type SnapshotPage = z.infer<typeof SnapshotPage>
