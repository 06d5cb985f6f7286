import { useSession } from '../state/session-store'

export function StatusBar() {
  const desk = useSession((s) => s.desk)
  return (
    <footer className="statusbar">
      {/* No desk server yet: say plainly that changes wait on this machine. */}
      <span>Local only{desk ? ` · ${desk.pendingChanges} change${desk.pendingChanges === 1 ? '' : 's'} waiting to sync` : ''}</span>
      {desk && (
        <>
          <span>
            {desk.ticketCount} tickets · {desk.peopleCount} requesters
          </span>
          {desk.recovery && (
            <span className="warning" role="status">
              The desk file was damaged and kept aside as {desk.recovery.damagedFile}; {desk.recovery.salvagedChanges} unsynced changes were saved.
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
