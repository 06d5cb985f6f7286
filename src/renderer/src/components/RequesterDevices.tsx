import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { Asset, ProbeProgress } from '../../../shared/inventory'
import { call } from '../api'
import { useSession } from '../state/session-store'
import { useTicket } from '../state/ticket-store'
import { DialogActions, FormDialog } from './FormDialog'

/** The requester's machines, with their review flags; attach one's inventory to the ticket, or probe the machine at hand. */
export function RequesterDevices({ personId, personName }: { personId: string; personName: string }) {
  const ticketId = useTicket((s) => s.detail?.ticket.id)
  const [devices, setDevices] = useState<Asset[] | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [progress, setProgress] = useState<ProbeProgress | null>(null)
  // The machine a probe reads is the one this console runs on: named, and confirmed, before it is filed under the requester.
  const [workstation, setWorkstation] = useState<string | null>(null)

  const load = useCallback(() => {
    call('inventory.ownedBy', { personId }).then(setDevices, (e: unknown) => useSession.getState().notify(e))
  }, [personId])
  useEffect(() => {
    load()
    return window.frontline.on('tickets.changed', load)
  }, [load])
  useEffect(() => window.frontline.on('inventory.progress', setProgress), [])

  const attach = async (asset: Asset) => {
    if (!ticketId) return
    setBusy(asset.id)
    try {
      await call('tickets.attachInventory', { id: ticketId, assetId: asset.id })
      useSession.getState().inform(`Inventory of ${asset.tag} attached to the ticket.`)
    } catch (error) {
      useSession.getState().notify(error)
    } finally {
      setBusy(null)
    }
  }

  const askFirst = () => call('inventory.thisMachine', {}).then(({ hostname }) => setWorkstation(hostname), (e: unknown) => useSession.getState().notify(e))

  // Deskside or walk-in: the machine in front of the technician. The quick probe shows at once; the full one follows.
  const probe = async (event: FormEvent) => {
    event.preventDefault()
    setWorkstation(null)
    setBusy('probe')
    try {
      const quick = await call('inventory.probe', { stage: 'quick', ownerId: personId })
      load()
      await call('inventory.probe', { stage: 'full', ownerId: personId })
      load()
      useSession.getState().inform(`${quick.asset.tag} ${quick.asset.name} probed and added to ${personName}’s devices.`)
    } catch (error) {
      useSession.getState().notify(error)
    } finally {
      setBusy(null)
      setProgress(null)
    }
  }

  return (
    <>
      <h3>Devices</h3>
      {devices === null ? null : devices.length === 0 ? (
        <p className="hint">No machines recorded for {personName} yet.</p>
      ) : (
        <ul className="devices" aria-label="Devices">
          {devices.map((d) => (
            <li key={d.id}>
              <div>
                <strong>{d.tag}</strong> {d.name}
              </div>
              <div className="hint">{d.summary}</div>
              <div className="hint">Last seen {d.lastSeenAt ? new Date(d.lastSeenAt).toLocaleDateString() : 'never'}</div>
              {d.flags.length > 0 && (
                <ul className="flags" aria-label={`Flags for ${d.tag}`}>
                  {d.flags.map((f) => (
                    <li key={f} className="flag">
                      {f}
                    </li>
                  ))}
                </ul>
              )}
              {ticketId && (
                <button type="button" className="small" disabled={busy !== null || d.summary === 'Never probed'} onClick={() => void attach(d)}>
                  Attach inventory
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="small" disabled={busy !== null} onClick={() => void askFirst()}>
        Probe this machine for {personName}
      </button>
      <FormDialog title="File this workstation under the requester?" open={workstation !== null} onOpenChange={(open) => !open && setWorkstation(null)}>
        <form onSubmit={(e) => void probe(e)}>
          <p>
            The probe reads the machine this console runs on: this workstation, <strong className="mono">{workstation || 'with no host name'}</strong>. It is filed
            under {personName}’s devices.
          </p>
          <p className="muted">If {personName} is not at this machine, cancel and add their machine from a frontline-probe file in Fleet.</p>
          <DialogActions submit={`Probe and file under ${personName}`} />
        </form>
      </FormDialog>
      {busy === 'probe' && (
        <p className="hint" role="status">
          {progress ? `Reading ${progress.section}… ${progress.done} of ${progress.total} sections` : 'Starting the probe…'}
        </p>
      )}
    </>
  )
}
