import { z } from 'zod'
import { Id } from './domain'
import { AssetClass } from './inventory'
import { Hlc } from './sync'

/**
 * The asset record as the desk server keeps it: fields a person sets, each with the clock stamp of
 * the value kept, merged field by field like tickets. Name and class are left out until someone sets
 * them; every desk derives them from the latest snapshot until then.
 */
export const AssetField = z.enum(['name', 'assetClass', 'ownerId', 'ownerName', 'location', 'purchaseDate', 'warrantyEnd'])
export type AssetField = z.infer<typeof AssetField>

const IsoDate = z.iso.date()
const line = z.string().max(200)

export const AssetFields = z
  .object({
    name: z.string().min(1).max(200),
    assetClass: AssetClass,
    ownerId: Id.nullable(),
    // Carried beside the id so a desk that has never met the owner can still name them.
    ownerName: line.nullable(),
    location: line.nullable(),
    purchaseDate: IsoDate.nullable(),
    warrantyEnd: IsoDate.nullable()
  })
  .partial()
  .strict()
export type AssetFields = z.infer<typeof AssetFields>

export const AssetClocks = z.partialRecord(AssetField, Hlc)
export type AssetClocks = z.infer<typeof AssetClocks>

/** A MAC as snapshots carry it: six lower-case hex pairs joined by colons. */
export const macAddress = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/
const Mac = z.string().regex(macAddress, { error: 'Not a MAC address.' })
/** What recognizes the machine; the server files the record by it and merges two records that turn out to be one machine. */
export const AssetIdentity = z.object({ serial: z.string().max(120), uuid: z.string().max(120), macs: z.array(Mac).max(64) }).strict()
export type AssetIdentity = z.infer<typeof AssetIdentity>

/** A machine's identity cut to what the desk server keeps: the desk sends it so, and the server files snapshots so. */
export function assetIdentity({ serial, uuid, macs }: { serial: string; uuid: string; macs: string[] }): AssetIdentity {
  return { serial: serial.slice(0, 120), uuid: uuid.slice(0, 120), macs: macs.filter((m) => macAddress.test(m)).slice(0, 64) }
}

/** One asset as a desk pushes it: its identity, the tag it proposes, and the fields it has set since the server last answered. */
export const AssetChange = z
  .object({
    id: Id,
    tag: z.string().trim().min(1).max(40),
    identity: AssetIdentity,
    fields: AssetFields,
    clocks: AssetClocks
  })
  .strict()
  .refine((c) => Object.keys(c.fields).every((f) => f in c.clocks), { error: 'Every field sent needs its clock stamp.' })
export type AssetChange = z.infer<typeof AssetChange>

export const AssetPush = z.object({ changes: z.array(AssetChange).min(1).max(200) }).strict()
export type AssetPush = z.infer<typeof AssetPush>

/**
 * Per change: the record it now lives in (another id when the server found it to be a machine it already knew) and its tag.
 * Stamps from further ahead than the server's clock allows are refused, record by record; the desk stamps them again and resends.
 */
export const AssetPushAnswer = z.object({
  results: z.array(z.object({ id: Id, assetId: Id, tag: z.string() })),
  refused: z.array(z.object({ id: Id, reason: z.string() })).default([])
})
export type AssetPushAnswer = z.infer<typeof AssetPushAnswer>

export const ServerAsset = z.object({
  id: Id,
  tag: z.string(),
  /** Set when this record was found to be the same machine as another: desks fold it into that one. */
  mergedInto: Id.nullable(),
  identity: AssetIdentity,
  fields: AssetFields,
  clocks: AssetClocks
})
export type ServerAsset = z.infer<typeof ServerAsset>

export const AssetPage = z.object({ cursor: z.number(), more: z.boolean(), assets: z.array(ServerAsset) })
export type AssetPage = z.infer<typeof AssetPage>
