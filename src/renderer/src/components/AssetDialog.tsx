import { useEffect, useState } from 'react'
import type { RequesterRef } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import { AssetClass, type AssetDetail, type SnapshotChange } from '../../../shared/inventory'
import { call } from '../api'
import { useSession } from '../state/session-store'
import { DialogActions, FormDialog } from './FormDialog'
import { RequesterPicker } from './RequesterPicker'

/** One machine: its record (editable), its latest inventory, and what changed between any two snapshots. */
export function AssetDialog({ assetId, onClose }: { assetId: string | null; onClose(): void }) {
  const [detail, setDetail] = useState<AssetDetail | null>(null)
  const [compare, setCompare] = useState<string[]>([])
  const [changes, setChanges] = useState<SnapshotChange[] | null>(null)
  const [owner, setOwner] = useState<RequesterRef | null>(null)

  // The parent keys this dialog by asset, so each machine starts from a clean state.
  useEffect(() => {
    if (assetId) call('inventory.asset', { id: assetId }).then(setDetail, (e: unknown) => useSession.getState().notify(e))
  }, [assetId])

  const pick = (id: string, on: boolean) => {
    const next = on ? [...compare, id].slice(-2) : compare.filter((x) => x !== id)
    setCompare(next)
    setChanges(null)
    const [a, b] = next
    if (!detail || !a || !b) return
    // Older first, whichever order they were ticked in (the list is newest first).
    const order = detail.snapshots.map((s) => s.id)
    const [from, to] = order.indexOf(a) > order.indexOf(b) ? [a, b] : [b, a]
    call('inventory.diff', { fromId: from, toId: to }).then(setChanges, (e: unknown) => useSession.getState().notify(e))
  }

  const save = async (form: HTMLFormElement) => {
    if (!detail) return
    const data = new FormData(form)
    const date = (name: string) => (String(data.get(name) ?? '') || null)
    if (owner && !('id' in owner)) {
      useSession.getState().notify(new DeskError('INVALID_INPUT', `${owner.name} is not on this desk yet: pick the owner from the list.`))
      return
    }
    try {
      await call('inventory.update', {
        id: detail.asset.id,
        ...(owner ? { ownerId: owner.id } : {}),
        assetClass: AssetClass.parse(data.get('assetClass')),
        location: String(data.get('location') ?? '') || null,
        purchaseDate: date('purchaseDate'),
        warrantyEnd: date('warrantyEnd')
      })
      onClose()
    } catch (error) {
      useSession.getState().notify(error)
    }
  }

  const a = detail?.asset
  return (
    <FormDialog title={a ? `${a.tag} ${a.name}` : 'Machine'} open={assetId !== null} onOpenChange={(o) => !o && onClose()}>
      {a && detail && (
        <form
          className="asset-form"
          onSubmit={(e) => {
            e.preventDefault()
            void save(e.currentTarget)
          }}
        >
          <p className="hint">
            {a.summary}. Serial {a.identity.serial || 'unknown'}.
          </p>
          <div className="asset-fields">
            <label>
              Class
              <select name="assetClass" defaultValue={a.assetClass}>
                {AssetClass.options.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
            <div className="asset-owner">
              <span>Owner: {a.ownerName ?? 'nobody'}. Change to</span>
              <RequesterPicker onChange={setOwner} />
            </div>
            <label>
              Location
              <input name="location" defaultValue={a.location ?? ''} maxLength={120} />
            </label>
            <label>
              Purchased
              <input name="purchaseDate" type="date" defaultValue={a.purchaseDate ?? ''} />
            </label>
            <label>
              Warranty end
              <input name="warrantyEnd" type="date" defaultValue={a.warrantyEnd ?? ''} />
            </label>
          </div>
          <h3>Snapshots</h3>
          {detail.snapshots.length === 0 ? (
            <p className="hint">Never probed.</p>
          ) : (
            <ul className="snapshots" aria-label="Snapshots">
              {detail.snapshots.map((s) => (
                <li key={s.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={compare.includes(s.id)}
                      onChange={(e) => pick(s.id, e.target.checked)}
                    />{' '}
                    {new Date(s.takenAt).toLocaleString()} ({s.stage} probe)
                  </label>
                </li>
              ))}
            </ul>
          )}
          {detail.snapshots.length > 1 && compare.length < 2 && <p className="hint">Tick two snapshots to see what changed between them.</p>}
          {changes && (
            <ul className="changes" aria-label="Changes">
              {changes.length === 0 ? <li>No changes.</li> : changes.map((c, i) => <li key={i} className={`change-${c.kind}`}>{c.text}</li>)}
            </ul>
          )}
          <DialogActions submit="Save" />
        </form>
      )}
    </FormDialog>
  )
}
