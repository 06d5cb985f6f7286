import { hostname } from 'node:os'
import type { Snapshot } from '../../../shared/inventory'
import type { AssetImport } from '../inventory/asset-import'
import type { AssetStore } from '../inventory/asset-store'
import { fleetCsv } from '../inventory/fleet-csv'
import { lifecyclePolicy, saveLifecyclePolicy } from '../inventory/lifecycle-policy'
import type { ProbeOptions } from '../inventory/probe'
import type { DeskEvents } from '../platform/events'
import type { Directory } from '../store/directory'
import type { TeamAdminCalls } from '../sync/team-admin-calls'
import type { AreaHandlers } from './handler-types'

export interface InventoryHandlerDeps {
  assets: AssetStore
  assetImport: AssetImport
  probe: (options: ProbeOptions) => Promise<Snapshot>
  directory: Directory
  admin: TeamAdminCalls
  events: DeskEvents
  /** Sends local changes to the desk server with the next round. */
  syncSoon(): void
}

export function inventoryHandlers({ assets, assetImport, probe, directory, admin, events, syncSoon }: InventoryHandlerDeps): AreaHandlers<'inventory'> {
  // A new snapshot goes to the desk server with the next round, like any local change.
  const recorded = (snapshot: Snapshot, ownerId: string | undefined) => {
    const { assetId } = assets.record(snapshot, ownerId ?? null)
    syncSoon()
    return { asset: assets.get(assetId), snapshot }
  }
  return {
    'inventory.thisMachine': () => ({ hostname: hostname() }),
    'inventory.probe': async ({ stage, ownerId }) => {
      const snapshot = await probe({ stage, onProgress: (p) => events.emit('inventory.progress', p) })
      return recorded(snapshot, ownerId)
    },
    'inventory.record': ({ snapshot, ownerId }) => recorded(snapshot, ownerId),
    'inventory.asset': ({ id }) => assets.detail(id),
    'inventory.ownedBy': ({ personId }) => assets.ownedBy(personId),
    'inventory.diff': ({ fromId, toId }) => assets.diff(fromId, toId),
    'inventory.update': (input) => assets.update(input),
    'inventory.fleet': (query) => assets.fleet(query),
    'inventory.lifecycle': () => lifecyclePolicy(directory),
    // Signed in, the refresh policy is the team's: the server takes it (or refuses, by role) first.
    'inventory.setLifecycle': async (policy) => {
      await admin.saveRefresh(policy)
      return saveLifecyclePolicy(directory, policy)
    },
    'inventory.exportCsv': (query) => ({ csv: fleetCsv(assets.fleet(query).assets) }),
    'inventory.importPreview': ({ csv }) => assetImport.preview(csv),
    'inventory.import': ({ csv }) => assetImport.commit(csv)
  }
}
