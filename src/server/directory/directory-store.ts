import type { Pool } from 'pg'
import { AccountPolicy, defaultAccountPolicy, defaultMappings, DirectoryInput, type AttributeMapping, type DirectoryFlavour, type DirectoryInfo, type SyncReport } from '../../shared/directory'
import { DeskError } from '../../shared/errors'
import type { Caller } from '../accounts'
import { inChangeOrder } from '../assets'
import type { SecretBox } from '../secret-box'
import { audit, putSetting } from '../team-records'

/** A directory as the server keeps it, its bind password still sealed. */
export interface StoredDirectory {
  id: string
  name: string
  flavour: DirectoryFlavour
  url: string
  startTls: boolean
  bindDn: string
  bindSecret: Buffer
  baseDns: string[]
  peopleFilter: string
  mapping: AttributeMapping
  protectedGroups: string[]
  syncMinutes: number
  syncMark: string | null
  lastSync: SyncReport | null
}

interface Row {
  id: string
  name: string
  flavour: DirectoryFlavour
  url: string
  start_tls: boolean
  bind_dn: string
  bind_secret: Buffer
  base_dns: string[]
  people_filter: string
  mapping: Partial<AttributeMapping>
  protected_groups: string[]
  sync_minutes: number
  sync_mark: string | null
  last_sync: SyncReport | null
}

const fromRow = (r: Row): StoredDirectory => ({
  id: r.id,
  name: r.name,
  flavour: r.flavour,
  url: r.url,
  startTls: r.start_tls,
  bindDn: r.bind_dn,
  bindSecret: r.bind_secret,
  baseDns: r.base_dns,
  peopleFilter: r.people_filter,
  mapping: { ...defaultMappings[r.flavour], ...r.mapping },
  protectedGroups: r.protected_groups,
  syncMinutes: r.sync_minutes,
  syncMark: r.sync_mark,
  lastSync: r.last_sync
})

export async function loadDirectories(pool: Pool): Promise<StoredDirectory[]> {
  return (await pool.query<Row>('SELECT * FROM directories ORDER BY created_at, id')).rows.map(fromRow)
}

export async function loadDirectory(pool: Pool, id: string): Promise<StoredDirectory> {
  const row = (await pool.query<Row>('SELECT * FROM directories WHERE id = $1', [id])).rows[0]
  if (!row) throw new DeskError('NOT_FOUND', 'No such directory.')
  return fromRow(row)
}

export function describe(d: StoredDirectory, people: number, running: DirectoryInfo['running']): DirectoryInfo {
  // Named one by one: the sealed password and the sync mark stay on the server.
  return {
    id: d.id,
    name: d.name,
    flavour: d.flavour,
    url: d.url,
    startTls: d.startTls,
    bindDn: d.bindDn,
    baseDns: d.baseDns,
    peopleFilter: d.peopleFilter,
    mapping: d.mapping,
    protectedGroups: d.protectedGroups,
    syncMinutes: d.syncMinutes,
    lastSync: d.lastSync,
    people,
    running
  }
}

/** The form's values over what is stored: a password left out keeps the stored one. */
export function merged(id: string, input: DirectoryInput, stored: StoredDirectory | null, box: SecretBox): StoredDirectory & { password: string } {
  const d = DirectoryInput.parse(input)
  const password = d.bindPassword ?? (stored ? box.open(stored.bindSecret) : null)
  if (password === null) throw new DeskError('INVALID_INPUT', 'The bind password is required for a new directory.', [{ path: 'bindPassword', message: 'Required.' }])
  return {
    id,
    name: d.name,
    flavour: d.flavour,
    url: d.url,
    startTls: d.startTls,
    bindDn: d.bindDn,
    bindSecret: box.seal(password),
    password,
    baseDns: d.baseDns,
    peopleFilter: d.peopleFilter,
    mapping: { ...defaultMappings[d.flavour], ...(Object.fromEntries(Object.entries(d.mapping).filter(([, v]) => v)) as Partial<AttributeMapping>) },
    protectedGroups: d.protectedGroups,
    syncMinutes: d.syncMinutes,
    // A new address or base starts over with a full read.
    syncMark: stored && stored.url === d.url && JSON.stringify(stored.baseDns) === JSON.stringify(d.baseDns) && stored.peopleFilter === d.peopleFilter ? stored.syncMark : null,
    lastSync: stored?.lastSync ?? null
  }
}

export async function saveDirectory(pool: Pool, actor: Caller, d: StoredDirectory): Promise<void> {
  await inChangeOrder(pool, async (client) => {
    await client.query(
      `INSERT INTO directories (id, name, flavour, url, start_tls, bind_dn, bind_secret, base_dns, people_filter, mapping, protected_groups, sync_minutes, sync_mark)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, flavour = excluded.flavour, url = excluded.url, start_tls = excluded.start_tls, bind_dn = excluded.bind_dn,
         bind_secret = excluded.bind_secret, base_dns = excluded.base_dns, people_filter = excluded.people_filter, mapping = excluded.mapping,
         protected_groups = excluded.protected_groups, sync_minutes = excluded.sync_minutes, sync_mark = excluded.sync_mark`,
      [d.id, d.name, d.flavour, d.url, d.startTls, d.bindDn, d.bindSecret, JSON.stringify(d.baseDns), d.peopleFilter, JSON.stringify(d.mapping), JSON.stringify(d.protectedGroups), d.syncMinutes, d.syncMark]
    )
    // The audit line names what changed hands, never the password.
    await audit(client, actor.account.id, 'directory.save', d.name, { url: d.url, bindDn: d.bindDn, baseDns: d.baseDns })
    return { value: undefined, changed: false }
  })
}

export async function peopleCounts(pool: Pool): Promise<Map<string, number>> {
  const rows = (await pool.query<{ id: string; n: number }>("SELECT directory_id AS id, count(*)::int AS n FROM people WHERE directory_id IS NOT NULL AND directory_state <> 'removed' GROUP BY 1")).rows
  return new Map(rows.map((r) => [r.id, r.n]))
}

export async function accountPolicy(pool: Pool): Promise<AccountPolicy> {
  const row = (await pool.query<{ data: unknown }>("SELECT data FROM team_settings WHERE key = 'accounts'")).rows[0]
  const parsed = AccountPolicy.safeParse(row?.data)
  return parsed.success ? parsed.data : defaultAccountPolicy
}

export async function saveAccountPolicy(pool: Pool, actor: Caller, policy: AccountPolicy): Promise<AccountPolicy> {
  await inChangeOrder(pool, async (client) => {
    await putSetting(client, 'accounts', policy)
    await audit(client, actor.account.id, 'accounts.policy', 'account help', policy)
    return { value: undefined, changed: true }
  })
  return policy
}
