import { useState } from 'react'
import type { Role } from '../../../shared/sync'
import type { AdminAccount, TeamOverview } from '../../../shared/team'
import { call } from '../api'
import { errorFor, fieldErrors } from '../field-errors'
import { ago } from '../labels'
import { useSession } from '../state/session-store'
import { DialogActions, FormDialog } from './FormDialog'

const roles: Role[] = ['agent', 'specialist', 'supervisor', 'admin']
const roleLabel: Record<Role, string> = { agent: 'Agent (L1)', specialist: 'Specialist (L2/L3)', supervisor: 'Supervisor', admin: 'Admin' }

interface Props {
  overview: TeamOverview
  admin: boolean
  me: string
  apply(work: Promise<TeamOverview>): Promise<void>
}

/** Every account: role, groups, state and signed-in devices. Admins add, change, disable and revoke. */
export function AdminAccounts({ overview, admin, me, apply }: Props) {
  const [editing, setEditing] = useState<AdminAccount | 'new' | null>(null)
  const [oneTime, setOneTime] = useState<{ name: string; password: string } | null>(null)
  const notify = useSession((s) => s.notify)
  const reset = async (a: AdminAccount) => {
    try {
      const { password, overview: next } = await call('team.resetPassword', { id: a.id })
      await apply(Promise.resolve(next))
      setOneTime({ name: a.name, password })
    } catch (error) {
      notify(error)
    }
  }
  const groupName = new Map(overview.directory.groups.map((g) => [g.id, g.name]))
  const act = (work: Promise<TeamOverview>) => void apply(work).catch(notify)
  return (
    <>
      {admin && (
        <div className="fleet-tools">
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New account…
          </button>
        </div>
      )}
      <table className="fleet-table">
        <caption className="visually-hidden">Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Groups</th>
            <th scope="col">State</th>
            <th scope="col">Signed-in devices</th>
            {admin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {overview.accounts.map((a) => (
            <tr key={a.id} aria-label={a.name}>
              <td>
                {a.name}
                <br />
                <small>{a.email}</small>
              </td>
              <td>{roleLabel[a.role]}</td>
              <td>{a.groups.map((g) => groupName.get(g) ?? 'a retired group').join(', ') || 'none'}</td>
              <td>{a.active ? 'Active' : 'Disabled'}</td>
              <td>
                {a.devices.length === 0
                  ? 'none'
                  : a.devices.map((d) => (
                      <div key={d.id}>
                        {d.name} <small>({d.lastSeenAt ? `seen ${ago(d.lastSeenAt)}` : `since ${ago(d.createdAt)}`})</small>
                        {admin && (
                          <button type="button" className="link" aria-label={`Revoke ${d.name} of ${a.name}`} onClick={() => act(call('team.revokeDevice', { id: d.id }))}>
                            Revoke
                          </button>
                        )}
                      </div>
                    ))}
              </td>
              {admin && (
                <td>
                  <button type="button" onClick={() => setEditing(a)} aria-label={`Edit ${a.name}`}>
                    Edit…
                  </button>{' '}
                  {a.id !== me && (
                    <>
                      <button type="button" onClick={() => act(call('team.changeAccount', { id: a.id, change: { active: !a.active } }))} aria-label={`${a.active ? 'Disable' : 'Enable'} ${a.name}`}>
                        {a.active ? 'Disable' : 'Enable'}
                      </button>{' '}
                      <button type="button" onClick={() => void reset(a)} aria-label={`Reset password of ${a.name}`}>
                        Reset password
                      </button>
                    </>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <FormDialog title={oneTime ? `One-time password for ${oneTime.name}` : 'One-time password'} open={oneTime !== null} onOpenChange={(o) => !o && setOneTime(null)}>
        <p>Read it out now; it is shown only once. It works for one sign-in, where {oneTime?.name} chooses their own. Their devices were signed out.</p>
        <pre className="command" aria-label="One-time password">
          {oneTime?.password}
        </pre>
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={() => setOneTime(null)}>
            Done
          </button>
        </div>
      </FormDialog>
      <AccountDialog key={editing === 'new' ? 'new' : (editing?.id ?? 'none')} account={editing} groups={overview.directory.groups.filter((g) => !g.removed)} me={me} onClose={() => setEditing(null)} apply={apply} />
    </>
  )
}

function AccountDialog({ account, groups, me, onClose, apply }: { account: AdminAccount | 'new' | null; groups: TeamOverview['directory']['groups']; me: string; onClose(): void; apply: Props['apply'] }) {
  const existing = account && account !== 'new' ? account : null
  const [name, setName] = useState(existing?.name ?? '')
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>(existing?.role ?? 'agent')
  const [password, setPassword] = useState('')
  const [chosen, setChosen] = useState<string[]>(existing?.groups ?? [])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const submit = async () => {
    try {
      await apply(
        existing
          ? call('team.changeAccount', { id: existing.id, change: { name, groups: chosen, ...(existing.id === me ? {} : { role }) } })
          : call('team.createAccount', { email, name, role, password, groups: chosen })
      )
      onClose()
    } catch (error) {
      setErrors(fieldErrors(error))
    }
  }
  const field = (label: string, key: string, input: React.ReactNode) => (
    <label className="field">
      {label}
      {input}
      {errorFor(errors, key) && (
        <span className="field-error" id={`account-${key}-error`}>
          {errorFor(errors, key)}
        </span>
      )}
    </label>
  )
  const invalid = (key: string) => ({ 'aria-invalid': Boolean(errorFor(errors, key)), ...(errorFor(errors, key) ? { 'aria-describedby': `account-${key}-error` } : {}) })
  return (
    <FormDialog title={existing ? `Edit ${existing.name}` : 'New account'} open={account !== null} onOpenChange={(o) => !o && onClose()}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        {field('Name', 'name', <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} {...invalid('name')} />)}
        {!existing && field('Email', 'email', <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} {...invalid('email')} />)}
        {field(
          'Role',
          'role',
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={existing?.id === me} {...invalid('role')}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabel[r]}
              </option>
            ))}
          </select>
        )}
        {!existing &&
          field(
            'One-time password (read it to them; at least 12 characters)',
            'password',
            <input type="text" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} {...invalid('password')} />
          )}
        <fieldset className="field">
          <legend>Groups</legend>
          {groups.map((g) => (
            <label key={g.id} className="check">
              <input type="checkbox" checked={chosen.includes(g.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, g.id] : chosen.filter((x) => x !== g.id))} />
              {g.name} ({g.tier})
            </label>
          ))}
          {errorFor(errors, 'groups') && <span className="field-error">{errorFor(errors, 'groups')}</span>}
        </fieldset>
        {errors.form && (
          <p role="alert" className="field-error">
            {errors.form}
          </p>
        )}
        <DialogActions submit={existing ? 'Save' : 'Create account'} />
      </form>
    </FormDialog>
  )
}
