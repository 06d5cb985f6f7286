import { useCallback, useEffect, useState } from 'react'
import { DeskError } from '../../../shared/errors'
import { AssetClass, type Fleet, type FleetFlag, type Snapshot } from '../../../shared/inventory'
import { call } from '../api'
import { download } from '../download'
import { useSession } from '../state/session-store'
import { AssetDialog } from './AssetDialog'
import { EnrollmentDialog } from './EnrollmentDialog'
import { FleetChart } from './FleetChart'
import { FleetTable } from './FleetTable'
import { ImportAssetsDialog } from './ImportAssetsDialog'
import { LifecycleEditor } from './LifecycleEditor'

/** The supervisor's review of every machine: what needs attention, filterable, exportable. */
export function FleetView() {
  const [fleet, setFleet] = useState<Fleet | null>(null)
  const [flags, setFlags] = useState<FleetFlag[]>([])
  const [assetClass, setAssetClass] = useState<AssetClass | ''>('')
  const [text, setText] = useState('')
  const [openAsset, setOpenAsset] = useState<string | null>(null)
  const [importing, setImporting] = useState(false)
  const [enrolling, setEnrolling] = useState(false)
  const query = { flags, ...(assetClass ? { assetClass } : {}), ...(text.trim() ? { text: text.trim() } : {}) }
  const key = JSON.stringify(query)

  const load = useCallback(() => {
    call('inventory.fleet', JSON.parse(key) as typeof query).then(setFleet, (e: unknown) => useSession.getState().notify(e))
  }, [key])
  useEffect(() => load(), [load])

  const exportCsv = async () => {
    try {
      const { csv } = await call('inventory.exportCsv', query)
      download(`fleet-${new Date().toISOString().slice(0, 10)}.csv`, new Blob([csv], { type: 'text/csv' }))
    } catch (error) {
      useSession.getState().notify(error)
    }
  }

  // What `frontline-probe --json --out FILE` wrote on a machine where nobody opens the app.
  const addSnapshot = async (input: HTMLInputElement) => {
    const file = input.files?.[0]
    input.value = ''
    if (!file) return
    try {
      let snapshot: unknown
      try {
        snapshot = JSON.parse(await file.text())
      } catch {
        throw new DeskError('INVALID_INPUT', `${file.name} is not a frontline-probe file (it is not JSON).`)
      }
      const { asset } = await call('inventory.record', { snapshot: snapshot as Snapshot })
      useSession.getState().inform(`Snapshot of ${asset.tag} ${asset.name} added.`)
      load()
    } catch (error) {
      useSession.getState().notify(error)
    }
  }

  return (
    <main className="fleet" aria-label="Fleet">
      <div className="fleet-tools">
        <input type="search" placeholder="Filter by tag, name, owner, model, serial" aria-label="Filter machines" value={text} onChange={(e) => setText(e.target.value)} />
        <select aria-label="Class" value={assetClass} onChange={(e) => setAssetClass(e.target.value as AssetClass | '')}>
          <option value="">All classes</option>
          {AssetClass.options.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <label className="file-button">
          Add a frontline-probe file…
          <input type="file" accept=".json,application/json" onChange={(e) => void addSnapshot(e.currentTarget)} />
        </label>
        <button type="button" onClick={() => setImporting(true)}>
          Import purchase data…
        </button>
        <button type="button" onClick={() => void exportCsv()}>
          Export CSV
        </button>
        <button type="button" onClick={() => setEnrolling(true)}>
          Enrollment token…
        </button>
      </div>
      <LifecycleEditor onSaved={load} />
      {fleet && <FleetChart counts={fleet.counts} total={fleet.total} active={flags} onToggle={(f) => setFlags(flags.includes(f) ? flags.filter((x) => x !== f) : [...flags, f])} />}
      {fleet && fleet.assets.length === 0 ? (
        <p className="hint">{fleet.total === 0 ? 'No machines yet. Probe one from a requester’s panel, or import purchase data.' : 'No machine matches these filters.'}</p>
      ) : (
        <FleetTable assets={fleet?.assets ?? []} onOpen={setOpenAsset} />
      )}
      <AssetDialog
        key={openAsset}
        assetId={openAsset}
        onClose={() => {
          setOpenAsset(null)
          load()
        }}
      />
      <EnrollmentDialog open={enrolling} onClose={() => setEnrolling(false)} />
      <ImportAssetsDialog
        open={importing}
        onClose={() => {
          setImporting(false)
          load()
        }}
      />
    </main>
  )
}
