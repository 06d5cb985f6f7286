import { Attribute, Change, Control, ExtensibleFilter, ResultCodeError, type Client, type Entry } from 'ldapts'
import type { AccountAction, DirectoryFlavour } from '../../shared/directory'

/**
 * What each kind of directory means by its attributes, as pure functions of a read entry: who is a
 * person, which value identifies them for good, what marks a change since the last sync, whether
 * the account is enabled or locked and since when, and the modifications each desk action makes.
 * Active Directory keeps state in flags and Windows file times; OpenLDAP's ppolicy overlay keeps it
 * in operational attributes with generalized times.
 */

export interface AccountFacts {
  enabled: boolean
  locked: boolean
  lockedSince: string | null
  passwordLastSet: string | null
  passwordExpires: string | null
  mustChangePassword: boolean
  lastLogon: string | null
  /** Group DNs the entry itself lists (AD's memberOf); OpenLDAP's are searched for separately. */
  memberOf: string[]
}

/** The password policy an OpenLDAP account is under: max age in seconds (0: never expires), lockout duration (0: until unlocked). */
export interface PasswordPolicy {
  maxAge: number
  lockoutDuration: number
}

export interface Flavour {
  /** Who counts as a person. */
  personFilter: string
  /** Stays with the person through renames and moves. */
  keyAttribute: string
  /** Read as bytes, not text. */
  binaryAttributes: string[]
  /** Operational and state attributes an account read asks for besides the mapped ones. */
  accountAttributes: string[]
  disabled(entry: Entry): boolean
  account(entry: Entry, now: number, policy: PasswordPolicy | null): AccountFacts
  changes(action: AccountAction, entry: Entry, password: string | null): Change[]
  /** A filter for entries changed since the mark (null: everything), and the mark a finished sync leaves. */
  changedSince(mark: string | null): string | null
}

export const first = (entry: Entry, attribute: string): string | null => {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase())
  const value = key === undefined ? undefined : entry[key]
  const one = Array.isArray(value) ? value[0] : value
  if (one === undefined) return null
  return Buffer.isBuffer(one) ? one.toString('hex') : one
}

export const all = (entry: Entry, attribute: string): string[] => {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase())
  const value = key === undefined ? [] : entry[key]!
  return (Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v))
}

const replace = (type: string, values: string[] | Buffer[]) => new Change({ operation: 'replace', modification: new Attribute({ type, values }) })

// ---- Active Directory ----

/** Windows FILETIME (100 ns since 1601) to an ISO instant; 0 and "never" (max int64) are null. */
export function fromFileTime(value: string | null): string | null {
  if (!value || !/^\d+$/.test(value)) return null
  const ticks = BigInt(value)
  if (ticks === 0n || ticks >= 0x7fffffffffffffffn) return null
  return new Date(Number(ticks / 10_000n - 11_644_473_600_000n)).toISOString()
}

const UF_ACCOUNTDISABLE = 0x2
const UF_LOCKOUT = 0x10
const UF_DONT_EXPIRE_PASSWD = 0x10000

/** AD takes a new password only as unicodePwd: the password in double quotes, UTF-16LE, over an encrypted connection. */
export const unicodePwd = (password: string) => Buffer.from(`"${password}"`, 'utf16le')

const activeDirectory: Flavour = {
  personFilter: '(&(objectCategory=person)(objectClass=user))',
  keyAttribute: 'objectGUID',
  binaryAttributes: ['objectGUID'],
  accountAttributes: ['userAccountControl', 'msDS-User-Account-Control-Computed', 'lockoutTime', 'pwdLastSet', 'msDS-UserPasswordExpiryTimeComputed', 'lastLogonTimestamp', 'memberOf', 'sAMAccountName'],
  disabled: (entry) => (Number(first(entry, 'userAccountControl') ?? 0) & UF_ACCOUNTDISABLE) !== 0,
  account(entry) {
    const uac = Number(first(entry, 'userAccountControl') ?? 0)
    // The computed flags say whether the lockout is still in force (its duration may have run out);
    // lockoutTime alone stays set until the next sign-in clears it.
    const computed = first(entry, 'msDS-User-Account-Control-Computed')
    const lockedSince = fromFileTime(first(entry, 'lockoutTime'))
    const locked = computed !== null ? (Number(computed) & UF_LOCKOUT) !== 0 : lockedSince !== null
    const pwdLastSet = first(entry, 'pwdLastSet')
    return {
      enabled: (uac & UF_ACCOUNTDISABLE) === 0,
      locked,
      lockedSince: locked ? lockedSince : null,
      passwordLastSet: fromFileTime(pwdLastSet),
      passwordExpires: uac & UF_DONT_EXPIRE_PASSWD ? null : fromFileTime(first(entry, 'msDS-UserPasswordExpiryTimeComputed')),
      // pwdLastSet 0 is AD's "must change at next logon", except where the password never expires (MS-ADA3 2.175).
      mustChangePassword: pwdLastSet === '0' && (uac & UF_DONT_EXPIRE_PASSWD) === 0,
      lastLogon: fromFileTime(first(entry, 'lastLogonTimestamp')),
      memberOf: all(entry, 'memberOf')
    }
  },
  changes(action, entry, password) {
    const uac = Number(first(entry, 'userAccountControl') ?? 0x200)
    switch (action) {
      case 'unlock':
        return [replace('lockoutTime', ['0'])]
      case 'reset':
        return [replace('unicodePwd', [unicodePwd(password!)]), replace('pwdLastSet', ['0'])]
      case 'enable':
        return [replace('userAccountControl', [String(uac & ~UF_ACCOUNTDISABLE)])]
      case 'disable':
        return [replace('userAccountControl', [String(uac | UF_ACCOUNTDISABLE)])]
    }
  },
  // uSNChanged is the domain controller's own counter; the mark is one past the highest seen.
  changedSince: (mark) => (mark ? `(uSNChanged>=${BigInt(mark) + 1n})` : null)
}

// ---- OpenLDAP with ppolicy ----

/** ppolicy's "locked by an administrator, no time limit": how a desk disables an OpenLDAP account. */
export const permanentLock = '000001010000Z'

/** LDAP generalized time (20261130120000Z, with optional fraction) to an ISO instant. */
export function fromGeneralizedTime(value: string | null): string | null {
  const m = value ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?Z$/.exec(value) : null
  if (!m) return null
  const [, y, mo, d, h, mi, s = '00', frac = '0'] = m
  const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Math.round(Number(`0.${frac}`) * 1000))
  return Number.isFinite(at) ? new Date(at).toISOString() : null
}

const openLdap: Flavour = {
  personFilter: '(objectClass=inetOrgPerson)',
  keyAttribute: 'entryUUID',
  binaryAttributes: [],
  accountAttributes: ['pwdAccountLockedTime', 'pwdChangedTime', 'pwdReset', 'pwdLastSuccess', 'pwdPolicySubentry', 'memberOf', 'uid'],
  disabled: (entry) => first(entry, 'pwdAccountLockedTime') === permanentLock,
  account(entry, now, policy) {
    const lockedAt = first(entry, 'pwdAccountLockedTime')
    const disabled = lockedAt === permanentLock
    const lockedSince = disabled ? null : fromGeneralizedTime(lockedAt)
    // A lockout with a duration ends by itself; the attribute stays until the next bind.
    const stillLocked = lockedSince !== null && (!policy?.lockoutDuration || Date.parse(lockedSince) + policy.lockoutDuration * 1000 > now)
    const changed = fromGeneralizedTime(first(entry, 'pwdChangedTime'))
    return {
      enabled: !disabled,
      locked: stillLocked,
      lockedSince: stillLocked ? lockedSince : null,
      passwordLastSet: changed,
      passwordExpires: changed && policy?.maxAge ? new Date(Date.parse(changed) + policy.maxAge * 1000).toISOString() : null,
      mustChangePassword: first(entry, 'pwdReset')?.toUpperCase() === 'TRUE',
      lastLogon: fromGeneralizedTime(first(entry, 'pwdLastSuccess')),
      memberOf: all(entry, 'memberOf')
    }
  },
  changes(action, _entry, password) {
    switch (action) {
      // Replacing with no values removes the attribute, and is no error when it is already gone. The
      // failure times go too, or the next mistyped password would lock the account again at once;
      // they are the overlay's own, writable only under the Relax Rules control (see `relaxed`).
      case 'unlock':
        return [replace('pwdAccountLockedTime', []), replace('pwdFailureTime', [])]
      case 'reset':
        return [replace('userPassword', [password!]), replace('pwdReset', ['TRUE'])]
      case 'enable':
        return [replace('pwdAccountLockedTime', []), replace('pwdFailureTime', [])]
      case 'disable':
        return [replace('pwdAccountLockedTime', [permanentLock])]
    }
  },
  // modifyTimestamp has one-second steps: >= re-reads the last second's entries rather than miss one written in it.
  changedSince: (mark) => (mark ? `(modifyTimestamp>=${mark})` : null)
}

export const flavours: Record<DirectoryFlavour, Flavour> = { ad: activeDirectory, openldap: openLdap }

/** OpenLDAP's Relax Rules control: lets a manager write attributes the overlays keep (pwdFailureTime). */
const relaxRules = '1.3.6.1.4.1.4203.666.5.12'
const overlayOwned = new Set(['pwdfailuretime'])

/**
 * Makes the action's changes. Where they touch an overlay's own attributes, first under Relax Rules;
 * a directory that does not grant it (no manage right, or no such control) gets the changes without
 * those attributes, which still does what the technician asked.
 */
export async function applyChanges(client: Client, dn: string, changes: Change[]): Promise<void> {
  const relaxable = changes.some((c) => overlayOwned.has(c.modification.type.toLowerCase()))
  if (!relaxable) return client.modify(dn, changes)
  try {
    await client.modify(dn, changes, new Control(relaxRules, { critical: true }))
  } catch (error) {
    if (!(error instanceof ResultCodeError) || ![12, 19, 50, 53].includes(error.code)) throw error
    await client.modify(dn, changes.filter((c) => !overlayOwned.has(c.modification.type.toLowerCase())))
  }
}

/** A group's short name from its DN (CN=Domain Admins,CN=Users,… → Domain Admins). */
export const groupName = (dn: string) => /^cn=((?:\\.|[^,])+)/i.exec(dn)?.[1]?.replace(/\\(.)/g, '$1') ?? dn

/** AD's LDAP_MATCHING_RULE_IN_CHAIN: groups with `dn` as a member at any depth (the DN escaped by the library). */
export const inChainMembers = (dn: string) => new ExtensibleFilter({ matchType: 'member', rule: '1.2.840.113556.1.4.1941', value: dn })
