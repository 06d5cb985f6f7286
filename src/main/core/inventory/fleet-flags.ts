import type { AssetClass, FleetFlag, LifecyclePolicy, Snapshot } from '../../../shared/inventory'
import { summarize } from './normalize'
import endOfLifeTable from './os-end-of-life.json'

interface EndOfLife {
  platform: string
  name: string
  endOfLife: string
  build?: string
  edition?: string
  distro?: string
  release?: string
}

const releases = endOfLifeTable.releases as EndOfLife[]

/** Years until a machine of the class is due for replacement; virtual machines are not refreshed. */
export const defaultLifecycleYears: LifecyclePolicy = { laptop: 4, desktop: 5, server: 6, 'virtual machine': null, other: 5 }

/** The few facts of a snapshot that lists and review flags need, kept beside it. */
export interface SnapshotFacts {
  summary: string
  os: { platform: string; distro: string; release: string; build: string } | null
  /** Used share of the fullest volume, 0–1. */
  fullestVolume: number | null
  batteryHealth: number | null
}

export function factsOf(snapshot: Snapshot): SnapshotFacts {
  const { os, storage, battery } = snapshot.sections
  return {
    summary: summarize(snapshot),
    os: os.status === 'ok' ? { platform: os.data.platform, distro: os.data.distro, release: os.data.release, build: os.data.build } : null,
    fullestVolume: storage.status === 'ok' ? Math.max(0, ...storage.data.volumes.filter((v) => v.sizeBytes > 0).map((v) => v.usedBytes / v.sizeBytes)) : null,
    batteryHealth: battery.status === 'ok' && battery.data.present ? battery.data.healthPercent : null
  }
}

/** The vendor's end of security updates for an OS release, when the table knows it. */
export function osEndOfLife(os: SnapshotFacts['os']): EndOfLife | null {
  if (!os) return null
  const { platform, distro, release, build } = os
  const sameRelease = (r: string) => release === r || release.startsWith(`${r}.`) || release.startsWith(`${r} `)
  const candidates = releases.filter((e) => {
    if (e.platform !== platform) return false
    if (platform === 'windows') return e.build === build || release.endsWith(`.${e.build}`)
    if (e.distro && !distro.toLowerCase().includes(e.distro.toLowerCase())) return false
    return e.release !== undefined && sameRelease(e.release)
  })
  return candidates.find((e) => e.edition && new RegExp(e.edition, 'i').test(distro)) ?? candidates.find((e) => !e.edition) ?? null
}

export interface FlagInput {
  assetClass: AssetClass
  purchaseDate: string | null
  warrantyEnd: string | null
  lastSeenAt: string | null
  latest: SnapshotFacts | null
}

const day = 86_400_000
const isoDay = (date: Date) => date.toISOString().slice(0, 10)
const addYears = (iso: string, years: number) => {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCFullYear(d.getUTCFullYear() + years)
  return isoDay(d)
}

/** The supervisor's review flags for one asset, as of `now`. */
export function fleetFlags(input: FlagInput, now: Date, lifecycle = defaultLifecycleYears): FleetFlag[] {
  const flags: FleetFlag[] = []
  const today = isoDay(now)
  const years = lifecycle[input.assetClass]
  if (input.purchaseDate && years) {
    const due = addYears(input.purchaseDate, years)
    const quarterEnd = isoDay(new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 + 3, 0)))
    if (due < today) flags.push('refresh overdue')
    else if (due <= quarterEnd) flags.push('refresh this quarter')
  }
  if (input.warrantyEnd && input.warrantyEnd < today) flags.push('warranty expired')
  else if (input.warrantyEnd && input.warrantyEnd <= isoDay(new Date(now.getTime() + 90 * day))) flags.push('warranty ending')
  const facts = input.latest
  if (facts) {
    if (facts.fullestVolume !== null && facts.fullestVolume > 0.9) flags.push('disk nearly full')
    if (facts.batteryHealth !== null && facts.batteryHealth < 60) flags.push('battery worn')
    const eol = osEndOfLife(facts.os)
    if (eol && eol.endOfLife < today) flags.push('OS unsupported')
  }
  if (input.lastSeenAt && Date.parse(input.lastSeenAt) < now.getTime() - 30 * day) flags.push('not seen 30 days')
  return flags
}
