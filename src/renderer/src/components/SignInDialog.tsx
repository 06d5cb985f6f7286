import { useState, type FormEvent } from 'react'
import { DeskError } from '../../../shared/errors'
import { call } from '../api'
import { useSession } from '../state/session-store'
import { refreshAll } from '../state/ticket-store'
import { DialogActions, FormDialog } from './FormDialog'

function SignInForm() {
  const [serverUrl, setServerUrl] = useState('http://')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [newPassword, setNewPassword] = useState('')
  // Asked for once the server says the password was set by an admin for one sign-in.
  const [choosing, setChoosing] = useState(false)
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null)
  const [busy, setBusy] = useState(false)
  const sync = useSession((s) => s.sync)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    setBusy(true)
    try {
      const status = await call('sync.signIn', { serverUrl: serverUrl.trim(), email: email.trim(), password, ...(choosing ? { newPassword } : {}) })
      useSession.getState().setSync(status)
      useSession.getState().openDialog(null)
      useSession.getState().inform(status.state === 'online' ? `Signed in as ${status.account?.name}; the desk is in sync.` : `Signed in as ${status.account?.name}.`)
      await refreshAll()
    } catch (failure) {
      const fields: Record<string, string> = {}
      if (failure instanceof DeskError) for (const issue of failure.issues ?? []) fields[issue.path] = issue.message
      if (fields.newPassword) setChoosing(true)
      setError({ message: failure instanceof Error ? failure.message : String(failure), fields })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p className="hint">Your work so far stays on this machine and goes to the team’s desk once you are signed in.</p>
      {sync && <p className="hint">This machine keeps its sign-in {sync.tokenKeptIn}.</p>}
      <div className="field">
        <label htmlFor="si-server">Desk server</label>
        <input id="si-server" value={serverUrl} autoComplete="url" onChange={(e) => setServerUrl(e.target.value)} aria-invalid={error?.fields.serverUrl ? true : undefined} />
        {error?.fields.serverUrl && <p className="field-error">{error.fields.serverUrl}</p>}
      </div>
      <div className="field">
        <label htmlFor="si-email">Email</label>
        <input id="si-email" type="email" value={email} autoComplete="username" onChange={(e) => setEmail(e.target.value)} aria-invalid={error?.fields.email ? true : undefined} />
        {error?.fields.email && <p className="field-error">{error.fields.email}</p>}
      </div>
      <div className="field">
        <label htmlFor="si-password">Password</label>
        <input id="si-password" type="password" value={password} autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} />
      </div>
      {choosing && (
        <div className="field">
          <label htmlFor="si-new-password">New password</label>
          <input
            id="si-new-password"
            type="password"
            value={newPassword}
            autoComplete="new-password"
            onChange={(e) => setNewPassword(e.target.value)}
            aria-invalid={error?.fields.newPassword ? true : undefined}
            aria-describedby="si-new-password-hint"
          />
          <p className="field-error" id="si-new-password-hint">
            {error?.fields.newPassword ?? 'Your own, at least 12 characters.'}
          </p>
        </div>
      )}
      {error && !error.fields.serverUrl && !error.fields.email && !error.fields.password && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
      <DialogActions submit={busy ? 'Signing in…' : 'Sign in'} disabled={busy} />
    </form>
  )
}

export function SignInDialog() {
  const open = useSession((s) => s.dialog === 'signIn')
  const openDialog = useSession((s) => s.openDialog)
  return (
    <FormDialog title="Sign in to the desk server" open={open} onOpenChange={(next) => openDialog(next ? 'signIn' : null)}>
      {open && <SignInForm />}
    </FormDialog>
  )
}
