import { useCallback, useEffect, useState } from 'react'
import type { TeamOverview } from '../../../shared/team'
import { call } from '../api'
import { useSession } from '../state/session-store'
import { AdminAccounts } from './AdminAccounts'
import { AdminDirectories } from './AdminDirectories'
import { AdminMailboxes } from './AdminMailboxes'
import { AdminGroups } from './AdminGroups'
import { AdminPolicies } from './AdminPolicies'
import { LifecycleEditor } from './LifecycleEditor'
import { CannedEditor, SynonymsEditor } from './AdminShared'

type Tab = 'accounts' | 'groups' | 'policies' | 'canned' | 'synonyms' | 'refresh' | 'directories' | 'mailboxes' | 'audit'
const tabLabels: Record<Tab, string> = { accounts: 'Accounts', groups: 'Groups', policies: 'Hours and SLA targets', canned: 'Canned responses', synonyms: 'KB synonyms', refresh: 'Refresh policy', directories: 'Directories', mailboxes: 'Mailboxes', audit: 'Audit log' }

/**
 * The team lead's view of the desk: accounts, groups, business hours and SLA targets, and (for admins)
 * who changed what. Everything here is the desk server's, so it is read and changed online; the desk
 * keeps its own copy for offline work and follows each change with its next pull.
 */
export function AdminView() {
  const sync = useSession((s) => s.sync)
  const [overview, setOverview] = useState<TeamOverview | null>(null)
  const [tab, setTab] = useState<Tab>('accounts')
  const [failure, setFailure] = useState<string | null>(null)
  const role = sync?.account?.role
  const online = sync?.state === 'online' || sync?.state === 'syncing'

  const load = useCallback(() => {
    call('team.overview', {}).then(
      (value) => {
        setOverview(value)
        setFailure(null)
      },
      (error: unknown) => setFailure(error instanceof Error ? error.message : String(error))
    )
  }, [])
  useEffect(() => {
    if (role === 'admin' || role === 'supervisor') load()
  }, [load, role, online])

  if (!sync?.account) return <main className="admin"><p className="empty">Accounts, groups and SLA targets belong to the team’s desk server. Sign in to one (Settings) to administer them.</p></main>
  if (role !== 'admin' && role !== 'supervisor') return <main className="admin"><p className="empty">Administration is for supervisors and admins of the desk.</p></main>

  const tabs: Tab[] = ['accounts', 'groups', 'policies', 'canned', 'synonyms', 'refresh', ...(role === 'admin' ? (['directories', 'mailboxes', 'audit'] as const) : [])]
  // Each change answers with the whole overview, read again from the server.
  const apply = async (work: Promise<TeamOverview>) => setOverview(await work)
  return (
    <main className="admin" aria-label="Administration">
      <div role="tablist" aria-label="Administration" className="views">
        {tabs.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} aria-controls={`admin-${t}`} id={`admin-tab-${t}`} onClick={() => setTab(t)}>
            {tabLabels[t]}
          </button>
        ))}
      </div>
      {failure && !overview && (
        <p role="alert" className="field-error">
          {failure}
        </p>
      )}
      {overview && (
        <section role="tabpanel" id={`admin-${tab}`} aria-labelledby={`admin-tab-${tab}`}>
          {tab === 'accounts' && <AdminAccounts overview={overview} admin={role === 'admin'} me={sync.account.id} apply={apply} />}
          {tab === 'groups' && <AdminGroups overview={overview} admin={role === 'admin'} apply={apply} />}
          {tab === 'policies' && <AdminPolicies policies={overview.directory.policies} groups={overview.directory.groups.filter((g) => !g.removed)} apply={apply} />}
          {tab === 'canned' && <CannedEditor overview={overview} apply={apply} />}
          {tab === 'synonyms' && <SynonymsEditor overview={overview} apply={apply} />}
          {tab === 'refresh' && <LifecycleEditor onSaved={load} open />}
          {tab === 'directories' && <AdminDirectories />}
          {tab === 'mailboxes' && <AdminMailboxes groups={overview.directory.groups.filter((g) => !g.removed)} />}
          {tab === 'audit' && <AuditLog entries={overview.audit ?? []} />}
        </section>
      )}
    </main>
  )
}

function AuditLog({ entries }: { entries: NonNullable<TeamOverview['audit']> }) {
  if (entries.length === 0) return <p className="empty">No admin actions yet.</p>
  return (
    <table className="fleet-table">
      <caption className="visually-hidden">Admin actions, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">On</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e, i) => (
          <tr key={`${e.at}-${i}`}>
            <td>{new Date(e.at).toLocaleString()}</td>
            <td>{e.actor ?? 'server setup'}</td>
            <td>{e.action}</td>
            <td>{e.target}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
