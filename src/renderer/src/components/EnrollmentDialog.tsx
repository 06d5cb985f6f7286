import { useEffect, useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { call } from '../api'
import { ago } from '../labels'
import { useSession } from '../state/session-store'
import { DialogActions, FormDialog } from './FormDialog'

type Overview = MethodOutput<'sync.enrollments'>

/**
 * A supervisor makes a token for machines nobody signs in to (shown once, with the command to run on
 * them), sees every token the server has and revokes one, and decides on snapshots that would rename
 * or re-card a machine the desk already knows.
 */
export function EnrollmentDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const [label, setLabel] = useState('')
  const [made, setMade] = useState<{ token: string; serverUrl: string } | null>(null)
  const [overview, setOverview] = useState<Overview | null>(null)
  const notify = useSession((s) => s.notify)
  useEffect(() => {
    if (open) void call('sync.enrollments', {}).then(setOverview, () => setOverview(null))
  }, [open])
  const close = () => {
    setLabel('')
    setMade(null)
    onClose()
  }
  const act = (work: Promise<Overview>) => void work.then(setOverview, notify)
  const submit = async () => {
    try {
      setMade(await call('sync.createEnrollment', { label }))
      setOverview(await call('sync.enrollments', {}))
    } catch (error) {
      notify(error)
    }
  }
  return (
    <FormDialog title="Enrollment tokens for frontline-probe" open={open} onOpenChange={(o) => !o && close()}>
      {made ? (
        <div className="enrollment">
          <p>Shown once. Run this on each machine (or put it in a login script); it sends the machine’s inventory and can do nothing else:</p>
          <pre className="command" aria-label="Command">{`FRONTLINE_ENROLL_TOKEN=${made.token} npx frontline-probe --post ${made.serverUrl}`}</pre>
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
      {overview && overview.reviews.length > 0 && (
        <section aria-label="Waiting for review">
          <h3>Waiting for review</h3>
          <p>Sent with an enrollment token, these would rename a machine the desk knows or change its network cards.</p>
          <ul className="plain-list">
            {overview.reviews.map((r) => (
              <li key={r.id}>
                {r.wasHostname ?? 'A known machine'} → <strong>{r.hostname || '(no name)'}</strong> · {r.enrollment ?? 'unknown token'} · {ago(r.receivedAt)}{' '}
                <button type="button" className="link" onClick={() => act(call('sync.decideReview', { id: r.id, accept: true }))}>
                  Accept
                </button>
                <button type="button" className="link warning" onClick={() => act(call('sync.decideReview', { id: r.id, accept: false }))}>
                  Refuse
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {overview && overview.tokens.length > 0 && (
        <section aria-label="Tokens">
          <h3>Tokens</h3>
          <ul className="plain-list">
            {overview.tokens.map((t) => (
              <li key={t.id}>
                <strong>{t.label}</strong> · {t.snapshots} snapshot{t.snapshots === 1 ? '' : 's'} · {t.lastUsedAt ? `last used ${ago(t.lastUsedAt)}` : 'never used'} ·{' '}
                {t.revokedAt ? 'revoked' : `expires ${t.expiresAt.slice(0, 10)}`}
                {!t.revokedAt && (
                  <button type="button" className="link warning" onClick={() => act(call('sync.revokeEnrollment', { id: t.id }))}>
                    Revoke
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </FormDialog>
  )
}
