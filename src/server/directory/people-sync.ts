import type { Client, Entry } from 'ldapts'
import type { Pool, PoolClient } from 'pg'
import { v7 as uuidv7 } from 'uuid'
import type { SyncCounts, SyncReport } from '../../shared/directory'
import { formatHlc } from '../../shared/hlc'
import { inChangeOrder } from '../assets'
import type { StoredDirectory } from './directory-store'
import { first, flavours } from './flavours'

/**
 * Keeps the requesters current from a directory. An incremental sync reads only the entries changed
 * since the last mark (uSNChanged on AD, modifyTimestamp on OpenLDAP), plus the bare keys of everyone
 * (to notice who left, which no change filter shows). A person is matched by the directory's own key,
 * else by email to a requester a desk created, who is then linked rather than duplicated. Someone
 * the directory disables or drops is marked so and kept: their tickets keep their requester.
 */

export interface SyncProgress {
  phase: 'reading' | 'writing' | 'checking removals'
  read: number
}

/** A person's details, under the same names in what the directory gives and what the people table holds. */
interface Details {
  name: string
  email: string | null
  phone: string | null
  department: string | null
  location: string | null
  title: string | null
}

interface Incoming extends Details {
  key: string
  dn: string
  managerDn: string | null
  account: string | null
  state: 'active' | 'disabled'
}

interface Held extends Details {
  id: string
  key: string | null
  manager: string | null
  account_name: string | null
  directory_dn: string | null
  directory_state: string | null
}

const pageSize = 500
const writeBatch = 1_000
// The fields the directory owns: a sync stamps them, so an older edit from an offline desk does not put back what the directory changed.
const directoryFields = ['name', 'email', 'phone', 'department', 'location', 'manager'] as const

export async function syncPeople(
  pool: Pool,
  client: Client,
  directory: StoredDirectory,
  options: { full: boolean; now: number; onProgress?: (p: SyncProgress) => void }
): Promise<SyncReport> {
  const flavour = flavours[directory.flavour]
  const startedAt = new Date(options.now).toISOString()
  const counts: SyncCounts = { read: 0, created: 0, updated: 0, linked: 0, disabled: 0, removed: 0, unchanged: 0 }
  const full = options.full || directory.syncMark === null
  const progress = (phase: SyncProgress['phase']) => options.onProgress?.({ phase, read: counts.read })

  // AD's mark is taken before reading: a change made meanwhile is read again next time, never missed.
  let mark = directory.flavour === 'ad' ? await highestUsn(client) : null
  const since = full ? null : flavour.changedSince(directory.syncMark)
  const m = directory.mapping
  const attributes = [...new Set([flavour.keyAttribute, ...Object.values(m), 'userAccountControl', 'pwdAccountLockedTime', 'modifyTimestamp'])]
  const everyone = `(&${flavour.personFilter}${directory.peopleFilter})`
  const filter = since ? `(&${flavour.personFilter}${directory.peopleFilter}${since})` : everyone
  const read: Incoming[] = []
  progress('reading')
  for (const base of directory.baseDns) {
    for await (const page of client.searchPaginated(base, { scope: 'sub', filter, attributes, explicitBufferAttributes: flavour.binaryAttributes, paged: { pageSize } })) {
      for (const entry of page.searchEntries) {
        const person = incoming(entry, directory, flavour.disabled(entry))
        if (person) read.push(person)
        if (directory.flavour === 'openldap') {
          const stamp = first(entry, 'modifyTimestamp')
          if (stamp && (!mark || stamp > mark)) mark = stamp
        }
      }
      counts.read = read.length
      progress('reading')
    }
  }
  if (directory.flavour === 'openldap' && !mark) mark = directory.syncMark

  progress('writing')
  const managers = await managerNames(pool, directory.id, read)
  const stamp = formatHlc({ wall: options.now, counter: 0, node: 'directory' })
  for (let i = 0; i < read.length; i += writeBatch) {
    // Read without locks, then written with the people it changes locked first (the order a push takes them in).
    const rows = await planBatch(pool, directory.id, read.slice(i, i + writeBatch), managers, counts)
    if (rows.length === 0) continue
    await inChangeOrder(
      pool,
      async (db) => {
        await writeRows(db, directory.id, rows, stamp)
        return { value: undefined, changed: true }
      },
      { people: rows.filter((r) => r.kind === 'old').map((r) => r.id as string) }
    )
  }

  // Who left: everyone's key, not only the changed ones (a full read already has them all).
  progress('checking removals')
  const present = full ? new Set(read.map((p) => p.key)) : await allKeys(client, directory, everyone)
  const gone = (
    await pool.query<{ id: string; directory_key: string }>("SELECT id, directory_key FROM people WHERE directory_id = $1 AND directory_state <> 'removed'", [directory.id])
  ).rows.filter((r) => !present.has(r.directory_key))
  await inChangeOrder(pool, async (db) => {
    if (gone.length) {
      await db.query("UPDATE people SET directory_state = 'removed', change_seq = change_seq_next() WHERE id = ANY($1::uuid[])", [gone.map((r) => r.id)])
    }
    counts.removed = gone.length
    return { value: undefined, changed: gone.length > 0 }
  }, { people: gone.map((r) => r.id) })

  const report: SyncReport = { full, startedAt, finishedAt: new Date().toISOString(), counts, error: null }
  await pool.query('UPDATE directories SET sync_mark = $2, last_sync = $3 WHERE id = $1', [directory.id, mark, JSON.stringify(report)])
  return report
}

async function highestUsn(client: Client): Promise<string | null> {
  const { searchEntries } = await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['highestCommittedUSN'] })
  return searchEntries[0] ? first(searchEntries[0], 'highestCommittedUSN') : null
}

async function allKeys(client: Client, directory: StoredDirectory, filter: string): Promise<Set<string>> {
  const flavour = flavours[directory.flavour]
  const keys = new Set<string>()
  for (const base of directory.baseDns) {
    for await (const page of client.searchPaginated(base, { scope: 'sub', filter, attributes: [flavour.keyAttribute], explicitBufferAttributes: flavour.binaryAttributes, paged: { pageSize: 1_000 } })) {
      for (const entry of page.searchEntries) {
        const key = first(entry, flavour.keyAttribute)
        if (key) keys.add(key)
      }
    }
  }
  return keys
}

const text = (entry: Entry, attribute: string) => first(entry, attribute)?.trim().slice(0, 200) || null

function incoming(entry: Entry, directory: StoredDirectory, disabled: boolean): Incoming | null {
  const m = directory.mapping
  const key = first(entry, flavours[directory.flavour].keyAttribute)
  if (!key) return null
  const account = text(entry, m.account)
  const email = text(entry, m.email)?.toLowerCase() ?? null
  return {
    key,
    dn: entry.dn,
    name: text(entry, m.name) ?? account ?? email ?? entry.dn.slice(0, 200),
    email,
    phone: text(entry, m.phone),
    department: text(entry, m.department),
    location: text(entry, m.office),
    title: text(entry, m.title),
    managerDn: first(entry, m.manager),
    account,
    state: disabled ? 'disabled' : 'active'
  }
}

/** Managers are DNs in the directory; the requester pane shows their names (from this read, else from people synced before). */
async function managerNames(pool: Pool, directoryId: string, read: Incoming[]): Promise<Map<string, string>> {
  const names = new Map(read.map((p) => [p.dn.toLowerCase(), p.name]))
  const wanted = [...new Set(read.map((p) => p.managerDn?.toLowerCase()).filter((dn): dn is string => !!dn && !names.has(dn)))]
  if (wanted.length) {
    const rows = (await pool.query<{ dn: string; name: string }>('SELECT lower(directory_dn) AS dn, name FROM people WHERE directory_id = $1 AND lower(directory_dn) = ANY($2)', [directoryId, wanted])).rows
    for (const r of rows) names.set(r.dn, r.name)
  }
  return names
}

/** What a batch changes: new people, and those whose directory fields differ (or who are linked now), counted. */
async function planBatch(db: Pool, directoryId: string, batch: Incoming[], managers: Map<string, string>, counts: SyncCounts): Promise<Array<Record<string, unknown>>> {
  const held = new Map(
    (
      await db.query<Held>(
        'SELECT id, directory_key AS key, name, email, phone, department, location, title, manager, account_name, directory_dn, directory_state FROM people WHERE directory_id = $1 AND directory_key = ANY($2)',
        [directoryId, batch.map((p) => p.key)]
      )
    ).rows.map((r) => [r.key!, r])
  )
  // A requester a desk logged by hand, with the same address, becomes this directory person.
  const unmatched = batch.filter((p) => !held.has(p.key) && p.email)
  const local = new Map<string, Held>()
  if (unmatched.length) {
    const rows = await db.query<Held & { lemail: string }>(
      `SELECT DISTINCT ON (lower(email)) id, NULL AS key, name, email, phone, department, location, title, manager, account_name, directory_dn, directory_state, lower(email) AS lemail
       FROM people WHERE directory_id IS NULL AND lower(email) = ANY($1) ORDER BY lower(email), id`,
      [unmatched.map((p) => p.email)]
    )
    for (const r of rows.rows) local.set(r.lemail, r)
  }
  const rows: Array<Record<string, unknown>> = []
  const claimed = new Set<string>()
  for (const p of batch) {
    const manager = p.managerDn ? (managers.get(p.managerDn.toLowerCase()) ?? rdnValue(p.managerDn)) : null
    const row = { key: p.key, dn: p.dn, name: p.name, email: p.email, phone: p.phone, department: p.department, location: p.location, title: p.title, manager, account: p.account, state: p.state }
    const before = held.get(p.key) ?? (p.email && !claimed.has(p.email) ? local.get(p.email) : undefined)
    if (!before) {
      rows.push({ ...row, id: uuidv7(), kind: 'new' })
      counts.created++
      continue
    }
    if (before.key === null) {
      claimed.add(p.email!)
      counts.linked++
    } else if (same(before, row)) {
      counts.unchanged++
      continue
    } else counts.updated++
    if (p.state === 'disabled' && before.directory_state !== 'disabled') counts.disabled++
    rows.push({ ...row, id: before.id, kind: 'old' })
  }
  return rows
}

async function writeRows(db: PoolClient, directoryId: string, rows: Array<Record<string, unknown>>, stamp: string): Promise<void> {
  const clocks = JSON.stringify(Object.fromEntries(directoryFields.map((f) => [f, stamp])))
  const recordset = `jsonb_to_recordset($2) AS i (id uuid, kind text, key text, dn text, name text, email text, phone text, department text, location text, title text, manager text, account text, state text)`
  // Each statement only when it has rows: on a first import every batch is new, on a later sync nearly all are old.
  if (rows.some((r) => r.kind === 'new')) await db.query(
    `INSERT INTO people (id, name, email, phone, department, location, vip, manager, title, account_name, directory_id, directory_key, directory_dn, directory_state, clocks, change_seq)
     SELECT id, name, email, phone, department, location, false, manager, title, account, $1, key, dn, state, $3, change_seq_next() FROM ${recordset} WHERE kind = 'new'`,
    [directoryId, JSON.stringify(rows), clocks]
  )
  if (rows.some((r) => r.kind === 'old')) await db.query(
    `UPDATE people p SET name = i.name, email = i.email, phone = i.phone, department = i.department, location = i.location, manager = i.manager, title = i.title,
       account_name = i.account, directory_id = $1, directory_key = i.key, directory_dn = i.dn, directory_state = i.state, clocks = p.clocks || $3::jsonb, change_seq = change_seq_next()
     FROM ${recordset} WHERE i.kind = 'old' AND p.id = i.id`,
    [directoryId, JSON.stringify(rows), clocks]
  )
}

function same(held: Held, row: Details & { dn: string; manager: string | null; account: string | null; state: string }): boolean {
  return (
    held.directory_dn === row.dn &&
    held.name === row.name &&
    held.email === row.email &&
    held.phone === row.phone &&
    held.department === row.department &&
    held.location === row.location &&
    held.title === row.title &&
    held.manager === row.manager &&
    held.account_name === row.account &&
    held.directory_state === row.state
  )
}

/** uid=jchen,ou=people,… → jchen: the best name for a manager the directory has not shown us. */
const rdnValue = (dn: string) => /^[^=]+=((?:\\.|[^,])+)/.exec(dn)?.[1]?.replace(/\\(.)/g, '$1') ?? dn
