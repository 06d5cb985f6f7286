import { AndFilter, Client, EqualityFilter, NoSuchObjectError, OrFilter, type Entry, type Filter } from 'ldapts'
import type { Pool } from 'pg'
import { mayTake, type AccountAction, type AccountActionResult, type AccountLookup, type AccountPolicy, type DirectoryAccount } from '../../shared/directory'
import type { EventData } from '../../shared/domain'
import { DeskError } from '../../shared/errors'
import type { Caller } from '../accounts'
import { inChangeOrder } from '../assets'
import { appendEvents } from '../ticket-records'
import { readablePassword } from '../passwords'
import type { SecretBox } from '../secret-box'
import { audit } from '../team-records'
import { connectDirectory, directoryError } from './connection'
import { accountPolicy, loadDirectories, loadDirectory, type StoredDirectory } from './directory-store'
import { all, applyChanges, first, flavours, groupName, inChainMembers, type PasswordPolicy } from './flavours'

/**
 * A requester's directory account, read live for the ticket's requester pane, and the actions a
 * technician takes on it: unlock, reset to a generated password that must be changed at next
 * logon, enable and disable. The server decides on what the request does: the caller's role under
 * the team's policy, the verification the policy asks for, the ticket being this requester's, and
 * the account not being protected (an admin group's member, or the service account itself).
 */

interface Linked {
  personId: string
  name: string
  email: string | null
  directoryId: string | null
  dn: string | null
}

/**
 * The requester and their account's place: their own link, else the directory person with the same
 * address (a desk that had not pulled the synced people yet logged them again by hand).
 */
async function person(pool: Pool, id: string): Promise<Linked> {
  const row = (
    await pool.query<{ name: string; email: string | null; directory_id: string | null; directory_dn: string | null }>(
      `SELECT p.name, p.email, coalesce(p.directory_id, same.directory_id) AS directory_id, coalesce(p.directory_dn, same.directory_dn) AS directory_dn
       FROM people p LEFT JOIN LATERAL (
         SELECT directory_id, directory_dn FROM people d
         WHERE p.directory_dn IS NULL AND p.email IS NOT NULL AND lower(d.email) = lower(p.email) AND d.directory_dn IS NOT NULL AND d.directory_state <> 'removed'
         ORDER BY d.id LIMIT 1
       ) same ON true
       WHERE p.id = $1`,
      [id]
    )
  ).rows[0]
  if (!row) throw new DeskError('NOT_FOUND', 'The desk server does not know this requester.')
  return { personId: id, name: row.name, email: row.email, directoryId: row.directory_id, dn: row.directory_dn }
}

async function withDirectory<T>(directory: StoredDirectory, box: SecretBox, work: (client: Client) => Promise<T>): Promise<T> {
  const client = await connectDirectory(directory, box.open(directory.bindSecret))
  try {
    return await work(client)
  } catch (error) {
    throw directoryError(directory, error)
  } finally {
    await client.unbind().catch(() => undefined)
  }
}

export interface AccountRead {
  entry: Entry
  account: DirectoryAccount
}

/** The account at `dn` as it is now, or null when the directory no longer has it. */
export async function readAccount(client: Client, directory: StoredDirectory, dn: string, now: number): Promise<AccountRead | null> {
  const flavour = flavours[directory.flavour]
  let entry: Entry | undefined
  try {
    entry = (await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: [...new Set([...Object.values(directory.mapping), ...flavour.accountAttributes])] })).searchEntries[0]
  } catch (error) {
    if (error instanceof NoSuchObjectError) return null
    throw error
  }
  if (!entry) return null
  const policy = directory.flavour === 'openldap' ? await passwordPolicy(client, directory, entry) : null
  const facts = flavour.account(entry, now, policy)
  const groups =
    directory.flavour === 'ad'
      ? [...new Set([...facts.memberOf, ...(await nestedGroupsOf(client, entry))])]
      : facts.memberOf.length
        ? facts.memberOf
        : await groupsOf(client, directory, entry)
  const names = groups.map(groupName)
  const protectedGroup = directory.protectedGroups.find((p) => groups.some((g) => g.toLowerCase() === p.toLowerCase()) || names.some((n) => n.toLowerCase() === p.toLowerCase()))
  const protectedBecause =
    entry.dn.toLowerCase() === directory.bindDn.toLowerCase()
      ? 'It is the desk server’s own service account.'
      : protectedGroup
        ? `It is a member of ${groupName(protectedGroup)}, a protected group: use the directory’s own tools.`
        : null
  const account: DirectoryAccount = {
    directory: directory.name,
    accountName: first(entry, directory.mapping.account),
    dn: entry.dn,
    enabled: facts.enabled,
    locked: facts.locked,
    lockedSince: facts.lockedSince,
    passwordLastSet: facts.passwordLastSet,
    passwordExpires: facts.passwordExpires,
    mustChangePassword: facts.mustChangePassword,
    lastLogon: facts.lastLogon,
    groups: names.sort((a, b) => a.localeCompare(b)),
    protectedBecause
  }
  return { entry, account }
}

/**
 * AD's memberOf names direct groups only; admin rights are often granted through a nested one (a
 * "Tier 0" group inside Domain Admins). The in-chain matching rule asks the DC for every group the
 * account belongs to, however deep, from the domain's root.
 */
async function nestedGroupsOf(client: Client, entry: Entry): Promise<string[]> {
  const root = (await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['defaultNamingContext'] })).searchEntries[0]
  const domain = root ? first(root, 'defaultNamingContext') : null
  if (!domain) return []
  return (await client.search(domain, { scope: 'sub', filter: inChainMembers(entry.dn), attributes: ['cn'] })).searchEntries.map((e) => e.dn)
}

/** OpenLDAP lists groups by their members: every group naming this DN (or, for posix groups, this uid). */
async function groupsOf(client: Client, directory: StoredDirectory, entry: Entry): Promise<string[]> {
  const uid = first(entry, 'uid')
  const filters: Filter[] = [
    new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'groupOfNames' }), new EqualityFilter({ attribute: 'member', value: entry.dn })] }),
    new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'groupOfUniqueNames' }), new EqualityFilter({ attribute: 'uniqueMember', value: entry.dn })] }),
    ...(uid ? [new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'posixGroup' }), new EqualityFilter({ attribute: 'memberUid', value: uid })] })] : [])
  ]
  const dns: string[] = []
  for (const base of directory.baseDns) {
    dns.push(...(await client.search(base, { scope: 'sub', filter: new OrFilter({ filters }), attributes: ['cn'] })).searchEntries.map((e) => e.dn))
  }
  return dns
}

/** The ppolicy entry governing the account: its own pwdPolicySubentry, else the directory's one (cn=default first). */
async function passwordPolicy(client: Client, directory: StoredDirectory, entry: Entry): Promise<PasswordPolicy | null> {
  const own = first(entry, 'pwdPolicySubentry')
  const attributes = ['pwdMaxAge', 'pwdLockoutDuration']
  let found: Entry[] = []
  if (own) found = (await client.search(own, { scope: 'base', filter: '(objectClass=*)', attributes }).catch(() => ({ searchEntries: [] as Entry[] }))).searchEntries
  // Policies usually live outside the people's base (ou=policies): searched from the directory's naming contexts.
  if (!found.length) {
    const root = (await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['namingContexts'] })).searchEntries[0]
    for (const base of root ? all(root, 'namingContexts') : directory.baseDns) {
      found.push(...(await client.search(base, { scope: 'sub', filter: '(objectClass=pwdPolicy)', attributes })).searchEntries)
    }
    found.sort((a, b) => Number(!/^cn=default,/i.test(a.dn)) - Number(!/^cn=default,/i.test(b.dn)))
  }
  const policy = found[0]
  return policy ? { maxAge: Number(first(policy, 'pwdMaxAge') ?? 0), lockoutDuration: Number(first(policy, 'pwdLockoutDuration') ?? 0) } : null
}

/** What this caller may do to the account now: their role, the account's state, its protection. */
function allowedActions(policy: AccountPolicy, caller: Caller, account: DirectoryAccount): AccountAction[] {
  if (account.protectedBecause) return []
  const possible: AccountAction[] = [...(account.locked ? (['unlock'] as const) : []), 'reset', account.enabled ? 'disable' : 'enable']
  return possible.filter((a) => mayTake(policy, caller.account.role, a))
}

/**
 * A requester not yet tied to an account is looked for by email, then by exact name, in each
 * directory; one clear match links them. Values go through the LDAP library's filter escaping, so
 * a name like `*)(uid=*` matches only someone called exactly that.
 */
async function findAndLink(pool: Pool, box: SecretBox, who: Linked): Promise<Linked> {
  for (const directory of await loadDirectories(pool)) {
    const flavour = flavours[directory.flavour]
    const by = [
      ...(who.email ? [new EqualityFilter({ attribute: directory.mapping.email, value: who.email })] : []),
      new EqualityFilter({ attribute: directory.mapping.name, value: who.name })
    ]
    const found = await withDirectory(directory, box, async (client) => {
      for (const filter of by) {
        const hits: Entry[] = []
        for (const base of directory.baseDns) {
          const people = new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: directory.flavour === 'ad' ? 'user' : 'inetOrgPerson' }), filter] })
          hits.push(...(await client.search(base, { scope: 'sub', filter: people, attributes: [flavour.keyAttribute, directory.mapping.account], explicitBufferAttributes: flavour.binaryAttributes, sizeLimit: 2 })).searchEntries)
        }
        if (hits.length === 1) return hits[0]!
        if (hits.length > 1) return null
      }
      return null
    })
    if (!found) continue
    // Linked for good unless another requester holds this account already (then it is only read through them).
    await inChangeOrder(
      pool,
      async (client) => {
      const linked = await client.query(
        `UPDATE people SET directory_id = $2, directory_key = $3, directory_dn = $4, account_name = $5, directory_state = coalesce(directory_state, 'active'), change_seq = change_seq_next()
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM people WHERE directory_id = $2 AND directory_key = $3)`,
        [who.personId, directory.id, first(found, flavour.keyAttribute), found.dn, first(found, directory.mapping.account)]
      )
      return { value: undefined, changed: (linked.rowCount ?? 0) > 0 }
      },
      { people: [who.personId] }
    )
    return { ...who, directoryId: directory.id, dn: found.dn }
  }
  return who
}

export async function lookupAccount(pool: Pool, box: SecretBox, caller: Caller, personId: string, now: number): Promise<AccountLookup> {
  const policy = await accountPolicy(pool)
  let who = await person(pool, personId)
  if (!who.dn) who = await findAndLink(pool, box, who)
  if (!who.dn || !who.directoryId) return { account: null, policy, allowed: [] }
  const directory = await loadDirectory(pool, who.directoryId)
  const read = await withDirectory(directory, box, (client) => readAccount(client, directory, who.dn!, now))
  if (!read) return { account: null, policy, allowed: [] }
  return { account: read.account, policy, allowed: allowedActions(policy, caller, read.account) }
}

const verbs: Record<AccountAction, string> = { unlock: 'unlock', reset: 'reset the password of', enable: 'enable', disable: 'disable' }

export async function actOnAccount(
  pool: Pool,
  box: SecretBox,
  caller: Caller,
  personId: string,
  input: { action: AccountAction; ticketId: string; checks: string[] },
  now: number
): Promise<AccountActionResult> {
  const { action } = input
  const policy = await accountPolicy(pool)
  if (!mayTake(policy, caller.account.role, action)) {
    throw new DeskError('FORBIDDEN', `The team’s policy does not let a ${caller.account.role} ${verbs[action]} directory accounts.`)
  }
  if (policy.before.includes(action)) {
    const missing = policy.questions.filter((q) => !input.checks.includes(q))
    if (missing.length) throw new DeskError('INVALID_INPUT', `Confirm first: ${missing.join('; ')}.`, [{ path: 'checks', message: `Not confirmed: ${missing.join('; ')}.` }])
  }
  const ticket = (await pool.query<{ requester: string | null; status: string | null; number: string }>("SELECT fields->>'requester_id' AS requester, fields->>'status' AS status, number FROM tickets WHERE id = $1", [input.ticketId])).rows[0]
  if (!ticket) throw new DeskError('NOT_FOUND', 'The desk server does not know this ticket yet: let it sync first.')
  if (ticket.requester !== personId) throw new DeskError('INVALID_INPUT', `${ticket.number} is not this requester’s ticket.`)
  if (ticket.status === 'closed') throw new DeskError('CONFLICT', `${ticket.number} is closed: open a new ticket for this request.`)
  const who = await person(pool, personId)
  if (!who.dn || !who.directoryId) throw new DeskError('NOT_FOUND', `${who.name} has no directory account the desk server knows.`)
  const directory = await loadDirectory(pool, who.directoryId)
  const password = action === 'reset' ? readablePassword() : null

  const after = await withDirectory(directory, box, async (client) => {
    const before = await readAccount(client, directory, who.dn!, now)
    if (!before) throw new DeskError('NOT_FOUND', `${who.name}’s account is no longer in ${directory.name}; nothing was changed.`)
    if (before.account.protectedBecause) throw new DeskError('FORBIDDEN', `${before.account.accountName ?? who.name} cannot be changed from a desk. ${before.account.protectedBecause}`)
    if (action === 'unlock' && !before.account.locked) throw new DeskError('CONFLICT', `${before.account.accountName ?? who.name} is not locked.`)
    if (action === 'enable' && before.account.enabled) throw new DeskError('CONFLICT', `${before.account.accountName ?? who.name} is already enabled.`)
    if (action === 'disable' && !before.account.enabled) throw new DeskError('CONFLICT', `${before.account.accountName ?? who.name} is already disabled.`)
    await applyChanges(client, before.entry.dn, flavours[directory.flavour].changes(action, before.entry, password))
    return (await readAccount(client, directory, before.entry.dn, now))!
  })

  const data: EventData = { kind: 'account', action, account: after.account.accountName ?? after.account.dn, directory: directory.name, checks: policy.before.includes(action) ? input.checks : [], mustChange: action === 'reset' }
  await inChangeOrder(pool, async (client) => {
    await appendEvents(client, input.ticketId, new Date(now).toISOString(), [data], caller.account.id)
    await audit(client, caller.account.id, `directory.${action}`, data.account, { ticket: ticket.number, directory: directory.name })
    return { value: undefined, changed: true }
  }, { tickets: [input.ticketId] })
  return { account: after.account, password }
}

