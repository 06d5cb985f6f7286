import { useState } from 'react'
import type { Tier } from '../../../shared/domain'
import type { TeamGroup, TeamOverview } from '../../../shared/team'
import { tiers } from '../../../shared/vocabulary'
import { call } from '../api'
import { errorFor, fieldErrors } from '../field-errors'
import { DialogActions, FormDialog } from './FormDialog'

interface Props {
  overview: TeamOverview
  admin: boolean
  apply(work: Promise<TeamOverview>): Promise<void>
}

/** The team's groups by tier, with their members. Admins add, rename, re-tier and retire them. */
export function AdminGroups({ overview, admin, apply }: Props) {
  const [editing, setEditing] = useState<TeamGroup | 'new' | null>(null)
  const [removing, setRemoving] = useState<TeamGroup | null>(null)
  const live = overview.directory.groups.filter((g) => !g.removed)
  const nameOf = new Map(overview.accounts.map((a) => [a.id, a.name]))
  return (
    <>
      {admin && (
        <div className="fleet-tools">
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New group…
          </button>
        </div>
      )}
      <table className="fleet-table">
        <caption className="visually-hidden">Groups</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Tier</th>
            <th scope="col">Members</th>
            {admin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {live.map((g) => (
            <tr key={g.id} aria-label={g.name}>
              <td>{g.name}</td>
              <td>{g.tier}</td>
              <td>{g.members.map((m) => nameOf.get(m) ?? 'unknown').join(', ') || 'nobody yet'}</td>
              {admin && (
                <td>
                  <button type="button" onClick={() => setEditing(g)} aria-label={`Edit ${g.name}`}>
                    Edit…
                  </button>{' '}
                  <button type="button" onClick={() => setRemoving(g)} aria-label={`Retire ${g.name}`}>
                    Retire…
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <GroupDialog key={editing === 'new' ? 'new' : (editing?.id ?? 'none')} group={editing} accounts={overview.accounts.filter((a) => a.active)} onClose={() => setEditing(null)} apply={apply} />
      <RetireDialog key={removing?.id ?? 'none'} group={removing} others={live.filter((g) => g.id !== removing?.id)} onClose={() => setRemoving(null)} apply={apply} />
    </>
  )
}

function GroupDialog({ group, accounts, onClose, apply }: { group: TeamGroup | 'new' | null; accounts: TeamOverview['accounts']; onClose(): void; apply: Props['apply'] }) {
  const existing = group && group !== 'new' ? group : null
  const [name, setName] = useState(existing?.name ?? '')
  const [tier, setTier] = useState<Tier>(existing?.tier ?? 'L2')
  const [members, setMembers] = useState<string[]>(existing?.members ?? [])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const submit = async () => {
    try {
      await apply(call('team.saveGroup', { ...(existing ? { id: existing.id } : {}), group: { name, tier, members } }))
      onClose()
    } catch (error) {
      setErrors(fieldErrors(error))
    }
  }
  return (
    <FormDialog title={existing ? `Edit ${existing.name}` : 'New group'} open={group !== null} onOpenChange={(o) => !o && onClose()}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <label className="field">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} aria-invalid={Boolean(errorFor(errors, 'name'))} />
          {errorFor(errors, 'name') && <span className="field-error">{errorFor(errors, 'name')}</span>}
        </label>
        <label className="field">
          Tier
          <select value={tier} onChange={(e) => setTier(e.target.value as Tier)}>
            {tiers.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="field">
          <legend>Members</legend>
          {accounts.map((a) => (
            <label key={a.id} className="check">
              <input type="checkbox" checked={members.includes(a.id)} onChange={(e) => setMembers(e.target.checked ? [...members, a.id] : members.filter((m) => m !== a.id))} />
              {a.name}
            </label>
          ))}
        </fieldset>
        {errors.form && (
          <p role="alert" className="field-error">
            {errors.form}
          </p>
        )}
        <DialogActions submit={existing ? 'Save' : 'Create group'} />
      </form>
    </FormDialog>
  )
}

/** Retiring a group asks where its open tickets go; closed ones keep naming it. */
function RetireDialog({ group, others, onClose, apply }: { group: TeamGroup | null; others: TeamGroup[]; onClose(): void; apply: Props['apply'] }) {
  const [moveTo, setMoveTo] = useState(others.find((g) => g.tier === group?.tier)?.id ?? others[0]?.id ?? '')
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    try {
      await apply(call('team.removeGroup', { id: group!.id, ...(moveTo ? { moveTo } : {}) }))
      onClose()
    } catch (e) {
      setError(fieldErrors(e).form ?? String(e))
    }
  }
  return (
    <FormDialog title={group ? `Retire ${group.name}` : 'Retire a group'} open={group !== null} onOpenChange={(o) => !o && onClose()}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <label className="field">
          Its open tickets move to
          <select value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
            {others.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name} ({g.tier})
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <DialogActions submit="Retire group" />
      </form>
    </FormDialog>
  )
}
