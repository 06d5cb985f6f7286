import type { AssetStore } from '../inventory/asset-store'
import type { MachineProfile } from './knowledge-search'

/** The requester's machines as words an article's applies-to can match: OS names, models, installed software. */
export function machineProfile(assets: AssetStore, personId: string): MachineProfile | null {
  const profile: MachineProfile = { os: [], models: [], software: [] }
  for (const asset of assets.ownedBy(personId)) {
    const latest = assets.latest(asset.id)
    if (!latest) continue
    const { os, system, software } = latest.sections
    if (os.status === 'ok') profile.os.push(os.data.distro, os.data.platform === 'macos' ? 'macOS' : os.data.platform)
    if (system.status === 'ok') profile.models.push(`${system.data.manufacturer} ${system.data.model}`)
    if (software.status === 'ok') profile.software.push(...software.data.packages.map((p) => p.name))
  }
  return profile.os.length || profile.models.length ? profile : null
}
