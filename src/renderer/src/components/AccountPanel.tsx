import { useCallback, useEffect, useState } from 'react'
import type { AccountAction, AccountLookup } from '../../../shared/directory'
import type { Person } from '../../../shared/domain'
import { call } from '../api'
import { useSession } from '../state/session-store'
import { useTicket } from '../state/ticket-store'
import { FormDialog } from './FormDialog'

const when = (iso: string | null, none = '—') => (iso ? new Date(iso).toLocaleString() : none)
const buttonLabel: Record<AccountAction, string> = { unlock: 'Unlock account', reset: 'Reset password', enable: 'Enable account', disable: 'Disable account…' }

/**
 * The requester's directory account, read live through the desk server: whether it is enabled or
 * locked, the password's age, groups. The actions the team's policy allows this technician are
 * offered; those it guards stay disabled until every verification question is ticked. A reset's
 * password is shown once, here, to read out; it is kept nowhere.
 */
export function AccountPanel({ person }: { person: Person }) {
  const ticketId = useTicket((s) => s.detail?.ticket.id)
  const sync = useSession((s) => s.sync)
  const online = sync?.state === 'online' || sync?.state === 'syncing'
  const [lookup, setLookup] = useState<AccountLookup | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [ticked, setTicked] = useState<string[]>([])
  const [busy, setBusy] = useState<AccountAction | null>(null)
  const [confirmDisable, setConfirmDisable] = useState(false)
  const [password, setPassword] = useState<string | null>(null)

  const load = useCallback(() => {
    call('account.lookup', { personId: person.id }).then(
      (value) => {
        setLookup(value)
        setFailure(null)
      },
      (error: unknown) => setFailure(error instanceof Error ? error.message : String(error))
    )
  }, [person.id])
  // Keyed by the requester in the pane, so another requester starts with nothing ticked.
  useEffect(() => {
    if (online) load()
  }, [load, online])

  const act = async (action: AccountAction) => {
    if (!ticketId) return
    setBusy(action)
    try {
      const result = await call('account.act', { personId: person.id, ticketId, action, checks: lookup!.policy.before.includes(action) ? ticked : [] })
      setLookup({ ...lookup!, account: result.account })
      setTicked([])
      setConfirmDisable(false)
      if (result.password) setPassword(result.password)
      else useSession.getState().inform(`${result.account.accountName ?? person.name}: ${action === 'unlock' ? 'unlocked' : action === 'enable' ? 'enabled' : 'disabled'}. It is on the ticket’s timeline.`)
      load()
    } catch (error) {
      useSession.getState().notify(error)
      load()
    } finally {
      setBusy(null)
    }
  }

  const heading = <h3>Directory account</h3>
  if (!sync?.account) {
    return (
      <>
        {heading}
        <p className="hint">Directory accounts are reached through the team’s desk server: sign in to one to see {person.name}’s.</p>
      </>
    )
  }
  if (!online) {
    return (
      <>
        {heading}
        <p className="hint" role="status">
          Unavailable offline: the account is read live from the directory through the desk server.
        </p>
      </>
    )
  }
  if (failure) {
    return (
      <>
        {heading}
        <p className="hint" role="status">
          {failure}
        </p>
        <button type="button" onClick={load}>
          Try again
        </button>
      </>
    )
  }
  if (!lookup) return heading
  const { account, policy, allowed } = lookup
  if (!account) {
    return (
      <>
        {heading}
        <p className="hint">No directory account found for {person.name}.</p>
      </>
    )
  }
  const guarded = allowed.some((a) => policy.before.includes(a))
  const verified = policy.questions.every((q) => ticked.includes(q))
  return (
    <section className="account-panel" aria-label="Directory account">
      {heading}
      <dl className="facts">
        <dt>Account</dt>
        <dd>
          {account.accountName ?? account.dn} <span className="hint">in {account.directory}</span>
        </dd>
        <dt>Status</dt>
        <dd>
          <span className={`account-state ${account.enabled ? 'ok' : 'bad'}`}>{account.enabled ? 'Enabled' : 'Disabled'}</span>{' '}
          <span className={`account-state ${account.locked ? 'bad' : 'ok'}`}>{account.locked ? `Locked since ${when(account.lockedSince, 'unknown')}` : 'Not locked'}</span>
        </dd>
        <dt>Password</dt>
        <dd>
          Set {when(account.passwordLastSet, 'never (or not recorded)')}; {account.passwordExpires ? `expires ${when(account.passwordExpires)}` : 'does not expire'}
          {account.mustChangePassword && <span className="account-state bad">Must change at next logon</span>}
        </dd>
        <dt>Last logon</dt>
        <dd>{when(account.lastLogon)}</dd>
        <dt>Groups</dt>
        <dd>{account.groups.length ? account.groups.join(', ') : '—'}</dd>
      </dl>
      {account.protectedBecause && (
        <p className="account-protected" role="note">
          {account.protectedBecause}
        </p>
      )}
      {guarded && policy.questions.length > 0 && (
        <fieldset className="verification">
          <legend>Verify the caller first</legend>
          {policy.questions.map((q) => (
            <label key={q} className="check">
              <input type="checkbox" checked={ticked.includes(q)} onChange={(e) => setTicked(e.target.checked ? [...ticked, q] : ticked.filter((t) => t !== q))} />
              {q}
            </label>
          ))}
        </fieldset>
      )}
      {allowed.length > 0 && (
        <div className="account-actions">
          {allowed.map((action) => (
            <button
              key={action}
              type="button"
              className={action === 'disable' ? 'danger' : undefined}
              disabled={busy !== null || !ticketId || (policy.before.includes(action) && !verified)}
              title={policy.before.includes(action) && !verified ? 'Tick every verification question first.' : undefined}
              onClick={() => (action === 'disable' ? setConfirmDisable(true) : void act(action))}
            >
              {busy === action ? 'Working…' : buttonLabel[action]}
            </button>
          ))}
        </div>
      )}
      {confirmDisable && (
        <div className="account-confirm" role="group" aria-label="Confirm disabling">
          <p>Disable {account.accountName}? They will not be able to sign in anywhere until it is enabled again.</p>
          <button type="button" className="danger" onClick={() => void act('disable')} disabled={busy !== null}>
            Disable {account.accountName}
          </button>
          <button type="button" onClick={() => setConfirmDisable(false)}>
            Cancel
          </button>
        </div>
      )}
      <FormDialog title="New password" open={password !== null} onOpenChange={(open) => !open && setPassword(null)}>
        <p>Read this to {person.name}. They must choose their own at their next logon. It is shown only now and is not kept anywhere.</p>
        <pre className="command" aria-label="One-time password">
          {password}
        </pre>
        <div className="dialog-actions">
          <button type="button" onClick={() => void navigator.clipboard?.writeText(password ?? '').catch(() => undefined)}>
            Copy
          </button>
          <button type="button" className="primary" onClick={() => setPassword(null)}>
            Done
          </button>
        </div>
      </FormDialog>
    </section>
  )
}
