import { useEffect, useState } from 'react'
import type { UpdateStatus } from '../../../shared/updates'
import { call } from '../api'
import { ago } from '../labels'
import { useSession } from '../state/session-store'

function SyncState() {
  const sync = useSession((s) => s.sync)
  const desk = useSession((s) => s.desk)
  const openDialog = useSession((s) => s.openDialog)
  const pending = sync?.pending ?? desk?.pendingChanges ?? 0
  const waiting = `${pending} change${pending === 1 ? '' : 's'} waiting to sync`
  const run = (method: 'sync.now' | 'sync.signOut') => void call(method, {}).then(useSession.getState().setSync, useSession.getState().notify)
  if (!sync || sync.state === 'local') {
    return (
      <span className="sync sync-local">
        Local only · {waiting}
        <button type="button" className="link" onClick={() => openDialog('signIn')}>
          Sign in to a desk server…
        </button>
        <button type="button" className="link" onClick={() => openDialog('wipe')}>
          Wipe this machine…
        </button>
      </span>
    )
  }
  const label =
    sync.state === 'syncing'
      ? `Syncing${sync.progress ? ` · ${sync.progress.done.toLocaleString()} received` : '…'}`
      : sync.state === 'online'
        ? `Online · ${pending ? waiting : 'all changes synced'}`
        : `Offline · ${waiting}`
  return (
    <span className={`sync sync-${sync.state}`} title={sync.lastError ?? undefined}>
      <span className="dot" aria-hidden="true" />
      {label}
      {sync.lastSyncedAt && <span> · last synced {ago(sync.lastSyncedAt)}</span>}
      {sync.refused.length > 0 && (
        <button type="button" className="link warning" onClick={() => openDialog('refused')}>
          {sync.refused.length} refused by the server — review
        </button>
      )}
      {sync.quarantined > 0 && (
        <span className="warning" role="status" title="Kept aside on this desk with the reason; the rest of the desk synced. Tell whoever runs the desk server.">
          {sync.quarantined} change{sync.quarantined === 1 ? '' : 's'} from the server could not be applied
        </span>
      )}
      <span className="who">{sync.account?.name}</span>
      <button type="button" className="link" onClick={() => run('sync.now')} disabled={sync.state === 'syncing'}>
        Sync now
      </button>
      <button type="button" className="link" onClick={() => run('sync.signOut')}>
        Sign out
      </button>
      <button type="button" className="link" onClick={() => openDialog('wipe')}>
        Wipe this machine…
      </button>
    </span>
  )
}

/** The app's own update: progress while it downloads, "Restart to update" once ready, and any refusal in words. */
function UpdateState() {
  const [status, setStatus] = useState<UpdateStatus | null>(null)
  const dialogOpen = useSession((s) => s.dialog !== null)
  useEffect(() => {
    void call('app.updates', {}).then(setStatus, () => undefined)
    return window.frontline.on('app.update', setStatus)
  }, [])
  if (!status || status.state === 'disabled' || status.state === 'idle' || status.state === 'checking') return null
  if (status.state === 'ready') {
    return (
      <span className="update">
        Frontline {status.version} is ready
        <button
          type="button"
          className="link"
          disabled={dialogOpen}
          title={dialogOpen ? 'Finish what is open first.' : undefined}
          onClick={() => void call('app.restartToUpdate', {}).catch(useSession.getState().notify)}
        >
          Restart to update
        </button>
      </span>
    )
  }
  return <span className={status.state === 'downloading' ? 'update' : 'update warning'}>{status.message}</span>
}

export function StatusBar() {
  const desk = useSession((s) => s.desk)
  return (
    <footer className="statusbar">
      <SyncState />
      <UpdateState />
      {desk && (
        <>
          <span>
            {desk.ticketCount.toLocaleString()} tickets · {desk.peopleCount.toLocaleString()} requesters
          </span>
          {desk.recovery && (
            <span className="warning" role="status">
              The desk file was damaged ({desk.recovery.reason}) and kept aside as {desk.recovery.damagedFile}. {desk.recovery.carriedRows.toLocaleString()} rows that could still be
              read were carried into a new file, {desk.recovery.salvagedChanges} unsynced changes among them
              {desk.recovery.rebuiltTickets > 0 && <>, which rebuilt {desk.recovery.rebuiltTickets} lost tickets</>}; when signed in, the desk server sends everything else again.
            </span>
          )}
          <span className="path" title={desk.dataFile}>
            {desk.dataFile}
          </span>
        </>
      )}
    </footer>
  )
}
