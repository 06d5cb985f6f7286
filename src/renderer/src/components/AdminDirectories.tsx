import { useCallback, useEffect, useState } from 'react'
import { AccountAction, defaultMappings, type AccountPolicy, type AttributeMapping, type ConnectionTest, type DirectoryFlavour, type DirectoryInfo, type SyncReport } from '../../../shared/directory'
import type { Role } from '../../../shared/sync'
import { call } from '../api'
import { errorFor, fieldErrors } from '../field-errors'
import { useSettingsSave } from '../settings-save'
import { useSession } from '../state/session-store'

const roles: Role[] = ['agent', 'specialist', 'supervisor', 'admin']
const flavourLabel: Record<DirectoryFlavour, string> = { ad: 'Active Directory', openldap: 'OpenLDAP (ppolicy)' }
const mappingLabel: Record<keyof AttributeMapping, string> = { name: 'Name', email: 'Email', phone: 'Phone', department: 'Department', title: 'Title', manager: 'Manager', office: 'Office', account: 'Account name' }

function summary(report: SyncReport | null): string {
  if (!report) return 'Never synced.'
  if (report.error) return `Last sync failed ${new Date(report.startedAt).toLocaleString()}: ${report.error}`
  const c = report.counts
  return `${report.full ? 'Full read' : 'Changes'} ${new Date(report.startedAt).toLocaleString()}: ${c.read.toLocaleString()} read, ${c.created} new, ${c.updated} updated, ${c.linked} linked, ${c.disabled} disabled, ${c.removed} removed.`
}

/**
 * The organisation's directories (admins): where they are, how to bind, whom to sync, which groups
 * no desk may touch; Test connection before saving, Sync now with its progress; and the account-help
 * policy: who may unlock, reset and disable, and what to ask the caller first.
 */
export function AdminDirectories() {
  const [data, setData] = useState<{ directories: DirectoryInfo[]; policy: AccountPolicy } | null>(null)
  const [editing, setEditing] = useState<DirectoryInfo | 'new' | null>(null)
  const [syncing, setSyncing] = useState<string | null>(null)
  const load = useCallback(() => call('directories.list', {}).then(setData, useSession.getState().notify), [])
  useEffect(() => void load(), [load])

  // While a sync runs, its progress is read from the server every half second.
  useEffect(() => {
    if (!syncing) return
    const timer = setInterval(() => void call('directories.list', {}).then(setData, () => undefined), 500)
    return () => clearInterval(timer)
  }, [syncing])

  const syncNow = async (d: DirectoryInfo, full: boolean) => {
    setSyncing(d.id)
    try {
      const report = await call('directories.sync', { id: d.id, full })
      useSession.getState().inform(`${d.name}: ${summary(report)}`)
    } catch (error) {
      useSession.getState().notify(error)
    } finally {
      setSyncing(null)
      void load()
    }
  }

  if (!data) return <p className="hint">Loading the directories…</p>
  return (
    <div className="admin-directories">
      {data.directories.length === 0 && <p className="empty">No directory yet. Add the organisation’s Active Directory or LDAP to sync requesters and help with their accounts.</p>}
      {data.directories.map((d) => (
        <article key={d.id} className="directory-card" aria-label={d.name}>
          <h3>
            {d.name} <span className="hint">{flavourLabel[d.flavour]} · {d.url}</span>
          </h3>
          <p>
            {d.people.toLocaleString()} people · {d.syncMinutes ? `synced every ${d.syncMinutes} min` : 'synced on demand'}
          </p>
          <p className="hint">{summary(d.lastSync)}</p>
          {d.running && (
            <p role="status">
              Syncing: {d.running.phase}, {d.running.read.toLocaleString()} read
              <progress aria-label={`Sync of ${d.name}`} />
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => setEditing(d)}>
              Edit…
            </button>
            <button type="button" disabled={syncing !== null} onClick={() => void syncNow(d, false)}>
              {syncing === d.id ? 'Syncing…' : 'Sync now'}
            </button>
            <button type="button" disabled={syncing !== null} onClick={() => void syncNow(d, true)}>
              Read everyone again
            </button>
          </div>
        </article>
      ))}
      <button type="button" onClick={() => setEditing('new')}>
        Add a directory…
      </button>
      {editing && (
        <DirectoryForm
          directory={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null)
            void load()
          }}
        />
      )}
      <PolicyForm policy={data.policy} onSaved={(policy) => setData({ ...data, policy })} />
    </div>
  )
}

function DirectoryForm({ directory, onDone }: { directory: DirectoryInfo | null; onDone(): void }) {
  const [form, setForm] = useState({
    name: directory?.name ?? '',
    flavour: directory?.flavour ?? ('ad' as DirectoryFlavour),
    url: directory?.url ?? 'ldaps://',
    startTls: directory?.startTls ?? false,
    bindDn: directory?.bindDn ?? '',
    bindPassword: '',
    baseDns: (directory?.baseDns ?? []).join('\n'),
    peopleFilter: directory?.peopleFilter ?? '',
    protectedGroups: (directory?.protectedGroups ?? ['Domain Admins', 'Enterprise Admins', 'Schema Admins', 'Administrators']).join('\n'),
    syncMinutes: String(directory?.syncMinutes ?? 60),
    // Only what differs from the kind's defaults is kept, so switching the kind keeps its own defaults.
    mapping: Object.fromEntries(
      Object.entries(directory?.mapping ?? {}).filter(([k, v]) => v !== defaultMappings[directory!.flavour][k as keyof AttributeMapping])
    ) as Partial<AttributeMapping>
  })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [test, setTest] = useState<ConnectionTest | null>(null)
  const [testing, setTesting] = useState(false)
  const set = (part: Partial<typeof form>) => setForm({ ...form, ...part })
  const input = () => ({
    name: form.name,
    flavour: form.flavour,
    url: form.url,
    startTls: form.startTls,
    bindDn: form.bindDn,
    ...(form.bindPassword ? { bindPassword: form.bindPassword } : {}),
    baseDns: form.baseDns.split('\n').map((s) => s.trim()).filter(Boolean),
    peopleFilter: form.peopleFilter,
    mapping: Object.fromEntries(Object.entries(form.mapping).filter(([, v]) => v?.trim())),
    protectedGroups: form.protectedGroups.split('\n').map((s) => s.trim()).filter(Boolean),
    syncMinutes: Number(form.syncMinutes)
  })
  const runTest = async () => {
    setTesting(true)
    setTest(null)
    try {
      setTest(await call('directories.test', { ...(directory ? { id: directory.id } : {}), directory: input() }))
      setErrors({})
    } catch (error) {
      setErrors(fieldErrors(error))
    } finally {
      setTesting(false)
    }
  }
  const save = async () => {
    try {
      await call('directories.save', { ...(directory ? { id: directory.id } : {}), directory: input() })
      onDone()
    } catch (error) {
      setErrors(fieldErrors(error))
    }
  }
  const field = (label: string, name: keyof typeof form, control: React.ReactNode) => (
    <label className="field">
      {label}
      {control}
      {errorFor(errors, name) && <span className="field-error">{errorFor(errors, name)}</span>}
    </label>
  )
  const text = (name: 'name' | 'url' | 'bindDn' | 'peopleFilter' | 'syncMinutes', type = 'text') => (
    <input type={type} value={form[name]} onChange={(e) => set({ [name]: e.target.value })} aria-invalid={Boolean(errorFor(errors, name))} />
  )
  return (
    <form
      className="admin-policies directory-form"
      aria-label={directory ? `Edit ${directory.name}` : 'New directory'}
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <h3>{directory ? `Edit ${directory.name}` : 'New directory'}</h3>
      {field('Directory name', 'name', text('name'))}
      {field(
        'Kind',
        'flavour',
        <select value={form.flavour} onChange={(e) => set({ flavour: e.target.value as DirectoryFlavour })}>
          <option value="ad">{flavourLabel.ad}</option>
          <option value="openldap">{flavourLabel.openldap}</option>
        </select>
      )}
      {field('Server address', 'url', text('url'))}
      <label className="check">
        <input type="checkbox" checked={form.startTls} onChange={(e) => set({ startTls: e.target.checked })} /> Use StartTLS on plain ldap:// connections
      </label>
      {field('Bind DN (service account)', 'bindDn', text('bindDn'))}
      {field(
        directory ? 'Bind password (leave empty to keep the stored one)' : 'Bind password',
        'bindPassword',
        <input type="password" autoComplete="new-password" value={form.bindPassword} onChange={(e) => set({ bindPassword: e.target.value })} aria-invalid={Boolean(errorFor(errors, 'bindPassword'))} />
      )}
      {field('Base DNs (one per line)', 'baseDns', <textarea rows={2} value={form.baseDns} onChange={(e) => set({ baseDns: e.target.value })} aria-invalid={Boolean(errorFor(errors, 'baseDns'))} />)}
      {field('Extra people filter (optional)', 'peopleFilter', text('peopleFilter'))}
      {field('Protected groups (one per line): no desk may change their members’ accounts', 'protectedGroups', <textarea rows={3} value={form.protectedGroups} onChange={(e) => set({ protectedGroups: e.target.value })} />)}
      {field('Sync every (minutes; 0: only on demand)', 'syncMinutes', text('syncMinutes', 'number'))}
      <fieldset className="mapping">
        <legend>Attribute mapping (empty: the kind’s default)</legend>
        {(Object.keys(defaultMappings[form.flavour]) as Array<keyof AttributeMapping>).map((field) => (
          <label key={field} className="field">
            {mappingLabel[field]}
            <input
              value={form.mapping[field] ?? ''}
              placeholder={defaultMappings[form.flavour][field]}
              onChange={(e) => set({ mapping: { ...form.mapping, [field]: e.target.value } })}
              aria-invalid={Boolean(errorFor(errors, `mapping.${field}`))}
            />
          </label>
        ))}
      </fieldset>
      {test && (
        <p role="status" className={test.ok ? 'test-ok' : 'field-error'}>
          {test.message}
        </p>
      )}
      {errors.form && (
        <p role="alert" className="field-error">
          {errors.form}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="button" disabled={testing} onClick={() => void runTest()}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="primary">
          Save directory
        </button>
      </div>
    </form>
  )
}

function PolicyForm({ policy, onSaved }: { policy: AccountPolicy; onSaved(policy: AccountPolicy): void }) {
  const [draft, setDraft] = useState(policy)
  const [questions, setQuestions] = useState(policy.questions.join('\n'))
  const { errors, saved, onSubmit } = useSettingsSave(async () => onSaved(await call('directories.savePolicy', { ...draft, questions: questions.split('\n').map((q) => q.trim()).filter(Boolean) })))
  const roleSelect = (action: 'unlock' | 'reset' | 'enable', label: string) => (
    <label className="field">
      {label}
      <select value={draft.roles[action]} onChange={(e) => setDraft({ ...draft, roles: { ...draft.roles, [action]: e.target.value as Role } })}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {r} and up
          </option>
        ))}
      </select>
    </label>
  )
  return (
    <form
      className="admin-policies"
      aria-label="Account help policy"
      onSubmit={onSubmit}
    >
      <h3>Account help policy</h3>
      {roleSelect('unlock', 'Who may unlock')}
      {roleSelect('reset', 'Who may reset passwords')}
      {roleSelect('enable', 'Who may enable and disable')}
      <label className="field">
        Verification questions (one per line)
        <textarea rows={3} value={questions} onChange={(e) => setQuestions(e.target.value)} aria-invalid={Boolean(errorFor(errors, 'questions'))} />
        {errorFor(errors, 'questions') && <span className="field-error">{errorFor(errors, 'questions')}</span>}
      </label>
      <fieldset>
        <legend>Ask them before</legend>
        {AccountAction.options.map((a) => (
          <label key={a} className="check">
            <input type="checkbox" checked={draft.before.includes(a)} onChange={(e) => setDraft({ ...draft, before: e.target.checked ? [...draft.before, a] : draft.before.filter((b) => b !== a) })} /> {a}
          </label>
        ))}
      </fieldset>
      {saved && <p role="status">Saved. Every desk follows it from the next account it opens.</p>}
      <div className="dialog-actions">
        <button type="submit" className="primary">
          Save policy
        </button>
      </div>
    </form>
  )
}
