import { useState } from 'react'
import { call } from '../api'
import { useSession } from '../state/session-store'
import { DialogActions, FormDialog } from './FormDialog'

/** A supervisor makes a token for machines nobody signs in to; it is shown once, with the command to run on them. */
export function EnrollmentDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const [label, setLabel] = useState('')
  const [made, setMade] = useState<{ token: string; serverUrl: string } | null>(null)
  const close = () => {
    setLabel('')
    setMade(null)
    onClose()
  }
  const submit = async () => {
    try {
      setMade(await call('sync.createEnrollment', { label }))
    } catch (error) {
      useSession.getState().notify(error)
    }
  }
  return (
    <FormDialog title="Enrollment token for frontline-probe" open={open} onOpenChange={(o) => !o && close()}>
      {made ? (
        <div className="enrollment">
          <p>Shown once. Run this on each machine (or put it in a login script); it sends the machine’s inventory and can do nothing else:</p>
          <pre className="command" aria-label="Command">{`npx frontline-probe --post ${made.serverUrl} --enroll ${made.token}`}</pre>
          <div className="dialog-actions">
            <button type="button" className="primary" onClick={close}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          <label className="field">
            For which machines
            <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="Reception kiosks" maxLength={120} required />
          </label>
          <DialogActions submit="Create token" disabled={!label.trim()} />
        </form>
      )}
    </FormDialog>
  )
}
