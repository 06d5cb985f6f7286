import { useState } from 'react'
import { call } from '../api'
import { asAppError, useSession } from '../state/session-store'
import { refreshAll } from '../state/ticket-store'
import { FormDialog } from './FormDialog'

/**
 * Sign out and remove this machine's desk (a shared or handed-back laptop). Changes the desk server
 * has not acknowledged would be lost, so the wipe waits until they are synced or saved to a file.
 */
export function WipeDialog() {
  const open = useSession((s) => s.dialog === 'wipe')
  const openDialog = useSession((s) => s.openDialog)
  const pending = useSession((s) => s.sync?.pending ?? s.desk?.pendingChanges ?? 0)
  const [exported, setExported] = useState<{ fingerprint: string; fileName: string } | null>(null)
  const [saved, setSaved] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const exportPending = async () => {
    try {
      const { fileName, json, fingerprint } = await call('sync.exportPending', {})
      const link = document.createElement('a')
      link.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }))
      link.download = fileName
      link.click()
      URL.revokeObjectURL(link.href)
      setExported({ fingerprint, fileName })
      setSaved(false)
    } catch (e) {
      setError(asAppError(e).message)
    }
  }
  const wipe = async () => {
    try {
      await call('desk.wipe', { confirm: 'wipe', ...(exported && saved ? { savedExport: exported.fingerprint } : {}) })
      openDialog(null)
      setExported(null)
      await Promise.all([useSession.getState().refreshDesk(), refreshAll()])
      useSession.getState().inform('This machine’s desk was wiped: signed out, cache and token removed.')
    } catch (e) {
      setError(asAppError(e).message)
    }
  }
  // Only the technician knows the file reached a safe place (a save dialog can be cancelled): they say so.
  const blocked = pending > 0 && !(exported && saved)
  return (
    <FormDialog title="Sign out and wipe this machine" open={open} onOpenChange={(next) => openDialog(next ? 'wipe' : null)}>
      <p>Signs out of the desk server and removes everything this machine keeps: tickets, people, machines, articles, and the sign-in token.</p>
      {pending > 0 && (
        <p className="field-error" role="status">
          {pending} change{pending === 1 ? ' has' : 's have'} not reached the desk server and would be lost. Sync first, or export {pending === 1 ? 'it' : 'them'} to a file.
        </p>
      )}
      {exported && (
        <label className="check">
          <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} /> I have saved {exported.fileName} somewhere safe
        </label>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={() => openDialog(null)}>
          Cancel
        </button>
        {pending > 0 && (
          <button type="button" onClick={() => void exportPending()}>
            {exported ? 'Export again…' : 'Export unsent changes…'}
          </button>
        )}
        <button type="button" className="danger" disabled={blocked} onClick={() => void wipe()}>
          Sign out and wipe
        </button>
      </div>
    </FormDialog>
  )
}
