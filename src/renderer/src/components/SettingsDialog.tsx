import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { Preferences, UpdateStatus } from '../../../shared/updates'
import { call } from '../api'
import { asAppError, useSession } from '../state/session-store'
import { FormDialog } from './FormDialog'
import { MyCannedResponses } from './MyCannedResponses'

/** This workstation's settings: notifications, where updates come from, and wiping the machine. */
export function SettingsDialog() {
  const open = useSession((s) => s.dialog === 'settings')
  const openDialog = useSession((s) => s.openDialog)
  const [preferences, setPreferences] = useState<Preferences | null>(null)
  const [updates, setUpdates] = useState<UpdateStatus | null>(null)
  const [feed, setFeed] = useState('')
  const [error, setError] = useState<string | null>(null)
  // Typed into since the dialog opened: the saved address, answered late by a busy desk, must not replace it.
  const typed = useRef(false)
  useEffect(() => {
    if (!open) return
    typed.current = false
    void Promise.all([call('app.preferences', {}), call('app.updates', {})]).then(([p, u]) => {
      setPreferences(p)
      setUpdates(u)
      if (!typed.current) setFeed(u.feedUrl ?? '')
    }, useSession.getState().notify)
  }, [open])

  const saveFeed = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    try {
      setUpdates(await call('app.setUpdateFeed', { url: feed.trim() || null }))
    } catch (e) {
      const problem = asAppError(e)
      setError(problem.issues?.[0]?.message ?? problem.message)
    }
  }

  return (
    <FormDialog title="Settings" open={open} onOpenChange={(next) => openDialog(next ? 'settings' : null)}>
      {preferences && (
        <label className="check">
          <input
            type="checkbox"
            checked={preferences.notifications}
            onChange={(e) => void call('app.setPreferences', { notifications: e.target.checked }).then(setPreferences, useSession.getState().notify)}
          />
          Notify me of new assignments and SLA breaches
        </label>
      )}
      <form onSubmit={(e) => void saveFeed(e)} noValidate aria-label="Updates">
        <div className="field">
          <label htmlFor="update-feed">Update server</label>
          <input
            id="update-feed"
            className="mono"
            value={feed}
            placeholder="https://updates.corp.example/frontline/"
            onChange={(e) => {
              typed.current = true
              setFeed(e.target.value)
            }}
          />
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          {updates && (
            <p className="hint">
              {updates.feedUrl ? (
                <>
                  Saved: <span className="mono">{updates.feedUrl}</span>.{' '}
                </>
              ) : (
                'None saved: the app uses the server it was packaged with, if any. '
              )}
              {updates.message}
            </p>
          )}
        </div>
        <button type="submit">Save update server</button>
      </form>
      <MyCannedResponses />
      <div className="dialog-actions">
        <button type="button" className="link" onClick={() => openDialog('wipe')}>
          Sign out and wipe this machine…
        </button>
        <button type="button" onClick={() => openDialog(null)}>
          Close
        </button>
      </div>
    </FormDialog>
  )
}
