import { BerWriter, type Change, type Entry } from 'ldapts'
import { describe, expect, it } from 'vitest'
import { all, first, flavours, fromFileTime, fromGeneralizedTime, groupName, inChainMembers, permanentLock, unicodePwd, type AccountFacts } from '../../src/server/directory/flavours'

/**
 * Active Directory's attribute semantics, against entries recorded the way a Windows Server
 * 2019/2022 domain controller answers a subtree search for displayName, mail, sAMAccountName,
 * userAccountControl, msDS-User-Account-Control-Computed, lockoutTime, pwdLastSet,
 * msDS-UserPasswordExpiryTimeComputed, lastLogonTimestamp, memberOf, objectGUID (as a buffer) and
 * uSNChanged. As the DC does: a value it has never held is absent (lockoutTime of a user never
 * locked out, memberOf of a user only in Domain Users, which is the primary group and never listed,
 * lastLogonTimestamp of a user who never signed in); one value comes as a string, several as an array.
 * OpenLDAP ppolicy cases at the end, for contrast.
 */

const AD = flavours.ad
const OL = flavours.openldap

/** Fixed "now" for every case: 2026-12-01T08:00:00Z. */
const now = Date.UTC(2026, 11, 1, 8, 0, 0)

/** 100 ns ticks between 1601-01-01 and 1970-01-01 UTC (11 644 473 600 s). */
const EPOCH_DIFF_TICKS = 116_444_736_000_000_000n

/** An instant as AD's FILETIME string; extra adds sub-millisecond ticks, as real values have. */
const fileTime = (iso: string, extra = 0n) => String(BigInt(Date.parse(iso)) * 10_000n + EPOCH_DIFF_TICKS + extra)

/** AD's "never": the largest int64. */
const NEVER = '9223372036854775807'

const DAY = 86_400_000
const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString()

const guid = (hex: string) => Buffer.from(hex, 'hex')

const DOMAIN_ADMINS = 'CN=Domain Admins,CN=Users,DC=corp,DC=example'
const VPN_USERS = 'CN=VPN Users,OU=Groups,DC=corp,DC=example'
const FINANCE = 'CN=Finance - Read,OU=Groups,DC=corp,DC=example'
const TIER2 = 'CN=Helpdesk\\, Tier 2,OU=Groups,DC=corp,DC=example'

// Instants the fixtures use.
const mariaPwdSet = '2026-10-14T07:32:11.123Z'
const lockedAt = '2026-12-01T07:41:05.000Z'
const expiredLockAt = '2026-11-30T09:15:00.000Z'

/** A normal enabled user: uac 512 (NORMAL_ACCOUNT), never locked, 90-day domain password age. */
const maria: Entry = {
  dn: 'CN=Maria Keller,OU=Staff,DC=corp,DC=example',
  displayName: 'Maria Keller',
  mail: 'maria.keller@corp.example',
  sAMAccountName: 'mkeller',
  userAccountControl: '512',
  'msDS-User-Account-Control-Computed': '0',
  lockoutTime: '0',
  pwdLastSet: fileTime(mariaPwdSet, 4_567n),
  'msDS-UserPasswordExpiryTimeComputed': fileTime(plusDays(mariaPwdSet, 90), 4_567n),
  lastLogonTimestamp: fileTime('2026-11-27T06:58:40.512Z', 1_234n),
  memberOf: [VPN_USERS, FINANCE],
  objectGUID: guid('3f2504e04f8911d39a0c0305e82c3301'),
  uSNChanged: '184467'
}

/** Locked out now: the computed flags carry UF_LOCKOUT (0x10); userAccountControl itself does not. */
const locked: Entry = {
  dn: 'CN=Tom Berger,OU=Staff,DC=corp,DC=example',
  displayName: 'Tom Berger',
  mail: 'tom.berger@corp.example',
  sAMAccountName: 'tberger',
  userAccountControl: '512',
  'msDS-User-Account-Control-Computed': '16',
  lockoutTime: fileTime(lockedAt, 8_871n),
  pwdLastSet: fileTime('2026-09-02T12:00:07.000Z'),
  'msDS-UserPasswordExpiryTimeComputed': fileTime('2026-12-01T12:00:07.000Z'),
  lastLogonTimestamp: fileTime('2026-11-28T16:20:00.000Z'),
  memberOf: VPN_USERS,
  objectGUID: guid('a1b2c3d4e5f60718293a4b5c6d7e8f90'),
  uSNChanged: '190022'
}

/** Was locked out yesterday; the lockout duration has run out, so the computed flag is clear, but
 * lockoutTime stays set until the next successful sign-in clears it. */
const lockoutRanOut: Entry = {
  dn: 'CN=Ana Ruiz,OU=Staff,DC=corp,DC=example',
  displayName: 'Ana Ruiz',
  mail: 'ana.ruiz@corp.example',
  sAMAccountName: 'aruiz',
  userAccountControl: '512',
  'msDS-User-Account-Control-Computed': '0',
  lockoutTime: fileTime(expiredLockAt),
  pwdLastSet: fileTime('2026-11-03T08:00:00.000Z'),
  'msDS-UserPasswordExpiryTimeComputed': fileTime('2027-02-01T08:00:00.000Z'),
  lastLogonTimestamp: fileTime('2026-11-24T07:45:00.000Z'),
  objectGUID: guid('00112233445566778899aabbccddeeff'),
  uSNChanged: '190101'
}

/** Disabled: uac 514 (NORMAL_ACCOUNT | ACCOUNTDISABLE); never locked, so no lockoutTime at all. */
const disabled: Entry = {
  dn: 'CN=Leaver Example,OU=Disabled,DC=corp,DC=example',
  displayName: 'Leaver Example',
  sAMAccountName: 'lexample',
  userAccountControl: '514',
  'msDS-User-Account-Control-Computed': '0',
  pwdLastSet: fileTime('2026-03-01T09:00:00.000Z'),
  'msDS-UserPasswordExpiryTimeComputed': fileTime('2026-05-30T09:00:00.000Z'),
  lastLogonTimestamp: fileTime('2026-06-30T17:02:00.000Z'),
  objectGUID: guid('ffeeddccbbaa99887766554433221100'),
  uSNChanged: '170003'
}

/** A service account: uac 66048 (NORMAL_ACCOUNT | DONT_EXPIRE_PASSWD); the DC computes expiry as "never". */
const neverExpires: Entry = {
  dn: 'CN=svc-backup,OU=Service Accounts,DC=corp,DC=example',
  displayName: 'svc-backup',
  sAMAccountName: 'svc-backup',
  userAccountControl: '66048',
  'msDS-User-Account-Control-Computed': '0',
  lockoutTime: '0',
  pwdLastSet: '133000000000000000',
  'msDS-UserPasswordExpiryTimeComputed': NEVER,
  lastLogonTimestamp: fileTime('2026-11-30T23:00:12.000Z'),
  objectGUID: guid('0f0e0d0c0b0a09080706050403020100'),
  uSNChanged: '98765'
}

/** "User must change password at next logon": pwdLastSet 0, expiry computed 0, the computed flags
 * carry UF_PASSWORD_EXPIRED (0x800000); a new account that has never signed in. */
const mustChange: Entry = {
  dn: 'CN=New Starter,OU=Staff,DC=corp,DC=example',
  displayName: 'New Starter',
  mail: 'new.starter@corp.example',
  sAMAccountName: 'nstarter',
  userAccountControl: '512',
  'msDS-User-Account-Control-Computed': '8388608',
  pwdLastSet: '0',
  'msDS-UserPasswordExpiryTimeComputed': '0',
  objectGUID: guid('1234567890abcdef1234567890abcdef'),
  uSNChanged: '190200'
}

/** A password past its expiry: the DC sets UF_PASSWORD_EXPIRED (0x800000) in the computed flags. */
const passwordExpired: Entry = {
  dn: 'CN=Paul Weber,OU=Staff,DC=corp,DC=example',
  displayName: 'Paul Weber',
  sAMAccountName: 'pweber',
  userAccountControl: '512',
  'msDS-User-Account-Control-Computed': '8388608',
  lockoutTime: '0',
  pwdLastSet: fileTime('2026-08-20T10:00:00.000Z'),
  'msDS-UserPasswordExpiryTimeComputed': fileTime('2026-11-18T10:00:00.000Z'),
  lastLogonTimestamp: fileTime('2026-11-17T08:30:00.000Z'),
  objectGUID: guid('abcdefabcdefabcdefabcdefabcdef01'),
  uSNChanged: '189000'
}

/** Read by an older query without msDS-User-Account-Control-Computed: only lockoutTime can tell. */
const olderQueryLocked: Entry = {
  dn: 'CN=Old Query,OU=Staff,DC=corp,DC=example',
  sAMAccountName: 'oquery',
  userAccountControl: '512',
  lockoutTime: fileTime(expiredLockAt),
  pwdLastSet: fileTime('2026-11-01T00:00:00.000Z'),
  objectGUID: guid('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
  uSNChanged: '190300'
}
const olderQueryUnlocked: Entry = { ...olderQueryLocked, lockoutTime: '0' }

/** A domain admin whose own CN has an escaped comma, member of Domain Admins and of a group whose CN has one. */
const domainAdmin: Entry = {
  dn: 'CN=Smith\\, John,OU=Admins,DC=corp,DC=example',
  displayName: 'Smith, John',
  mail: 'john.smith@corp.example',
  sAMAccountName: 'jsmith-adm',
  userAccountControl: '512',
  'msDS-User-Account-Control-Computed': '0',
  lockoutTime: '0',
  pwdLastSet: fileTime('2026-11-20T13:14:15.000Z'),
  'msDS-UserPasswordExpiryTimeComputed': fileTime('2027-02-18T13:14:15.000Z'),
  lastLogonTimestamp: fileTime('2026-11-30T07:05:00.000Z'),
  memberOf: [DOMAIN_ADMINS, TIER2],
  objectGUID: guid('deadbeefdeadbeefdeadbeefdeadbeef'),
  uSNChanged: '190400'
}

const facts = (entry: Entry) => AD.account(entry, now, null)

/** The same entry as the DC returns it when it holds no value for the attribute. */
const without = (entry: Entry, attribute: string): Entry => Object.fromEntries(Object.entries(entry).filter(([k]) => k !== attribute)) as Entry

/** A Change's operation, type and values (buffers as hex) in one comparable shape. */
const shape = (c: Change) => ({
  operation: c.operation,
  type: c.modification.type,
  values: (c.modification.values as (string | Buffer)[]).map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v))
})

describe('Windows file times (FILETIME: 100 ns ticks since 1601-01-01 UTC)', () => {
  it('133000000000000000 reads as 2022-06-18 04:26:40 UTC (worked by hand: 13 300 000 000 s − 11 644 473 600 s = 1 655 526 400 s after 1970)', () => {
    expect(fromFileTime('133000000000000000')).toBe('2022-06-18T04:26:40.000Z')
    expect(Date.UTC(2022, 5, 18, 4, 26, 40)).toBe(1_655_526_400_000)
  })

  it('2026-11-30 09:15 UTC, as ticks computed from Date.UTC, reads back as that instant', () => {
    const ticks = (BigInt(Date.UTC(2026, 10, 30, 9, 15, 0)) + 11_644_473_600_000n) * 10_000n
    expect(ticks).toBe(134_405_037_000_000_000n)
    expect(fromFileTime(String(ticks))).toBe('2026-11-30T09:15:00.000Z')
    expect(fileTime('2026-11-30T09:15:00.000Z')).toBe('134405037000000000')
  })

  it('sub-millisecond ticks are dropped, not rounded up into the next millisecond', () => {
    expect(fromFileTime('134405037000009999')).toBe('2026-11-30T09:15:00.000Z')
    expect(fromFileTime(fileTime(mariaPwdSet, 9_999n))).toBe(mariaPwdSet)
  })

  it('the Unix epoch and the FILETIME epoch convert exactly', () => {
    expect(fromFileTime('116444736000000000')).toBe('1970-01-01T00:00:00.000Z')
    expect(fromFileTime('1')).toBe('1601-01-01T00:00:00.000Z')
  })

  it('0 and "never" (max int64) show as no date, and so does anything that is not a tick count', () => {
    expect(fromFileTime('0')).toBeNull()
    expect(fromFileTime(NEVER)).toBeNull()
    expect(fromFileTime(null)).toBeNull()
    expect(fromFileTime('')).toBeNull()
    expect(fromFileTime('-1')).toBeNull()
    expect(fromFileTime('20261130091500.0Z')).toBeNull()
  })
})

describe('Active Directory account state, as the requester pane shows it', () => {
  it('a normal enabled user shows enabled, unlocked, with password set and expiry dates, last logon and groups', () => {
    expect(facts(maria)).toEqual<AccountFacts>({
      enabled: true,
      locked: false,
      lockedSince: null,
      passwordLastSet: mariaPwdSet,
      passwordExpires: '2027-01-12T07:32:11.123Z',
      mustChangePassword: false,
      lastLogon: '2026-11-27T06:58:40.512Z',
      memberOf: [VPN_USERS, FINANCE]
    })
    expect(AD.disabled(maria)).toBe(false)
  })

  it('a locked-out user shows locked since the lockout time', () => {
    const f = facts(locked)
    expect(f.locked).toBe(true)
    expect(f.lockedSince).toBe(lockedAt)
    expect(f.enabled).toBe(true)
    expect(AD.disabled(locked)).toBe(false)
    expect(f.memberOf).toEqual([VPN_USERS])
  })

  it('a lockout whose duration has run out shows as unlocked, though lockoutTime is still set', () => {
    expect(fromFileTime(first(lockoutRanOut, 'lockoutTime'))).toBe(expiredLockAt)
    const f = facts(lockoutRanOut)
    expect(f.locked).toBe(false)
    expect(f.lockedSince).toBeNull()
    expect(f.enabled).toBe(true)
  })

  it('the computed lockout flag wins over lockoutTime either way (locked even if the DC left lockoutTime out)', () => {
    expect(facts(without(locked, 'lockoutTime'))).toMatchObject({ locked: true, lockedSince: null })
  })

  it('a disabled account (uac 514) shows disabled, and not locked', () => {
    const f = facts(disabled)
    expect(f.enabled).toBe(false)
    expect(AD.disabled(disabled)).toBe(true)
    expect(f.locked).toBe(false)
    expect(f.lockedSince).toBeNull()
    expect(f.passwordExpires).toBe('2026-05-30T09:00:00.000Z')
    expect(f.memberOf).toEqual([])
  })

  it('a "password never expires" account (uac 66048) shows no expiry date', () => {
    const f = facts(neverExpires)
    expect(f.enabled).toBe(true)
    expect(AD.disabled(neverExpires)).toBe(false)
    expect(f.passwordExpires).toBeNull()
    expect(f.passwordLastSet).toBe('2022-06-18T04:26:40.000Z')
    expect(f.mustChangePassword).toBe(false)
  })

  it('"password never expires" hides the expiry even if the DC still computed a date', () => {
    const stale = { ...neverExpires, 'msDS-UserPasswordExpiryTimeComputed': fileTime('2026-12-24T00:00:00.000Z') }
    expect(facts(stale).passwordExpires).toBeNull()
  })

  it('an account that must change its password at next logon (pwdLastSet 0) shows so, with no set or expiry date and no last logon', () => {
    expect(facts(mustChange)).toEqual<AccountFacts>({
      enabled: true,
      locked: false,
      lockedSince: null,
      passwordLastSet: null,
      passwordExpires: null,
      mustChangePassword: true,
      lastLogon: null,
      memberOf: []
    })
  })

  it('pwdLastSet 0 on a "password never expires" account does not show "must change at next logon" (AD does not ask)', () => {
    // MS-ADA3 2.175: pwdLastSet 0 means "change at next logon" only without UF_DONT_EXPIRE_PASSWD.
    const f = facts({ ...neverExpires, pwdLastSet: '0' })
    expect(f.mustChangePassword).toBe(false)
    expect(f.passwordLastSet).toBeNull()
    expect(f.passwordExpires).toBeNull()
  })

  it('an expired password shows its expiry date in the past, and is not "must change at next logon"', () => {
    const f = facts(passwordExpired)
    expect(f.passwordExpires).toBe('2026-11-18T10:00:00.000Z')
    expect(Date.parse(f.passwordExpires!)).toBeLessThan(now)
    expect(f.mustChangePassword).toBe(false)
    expect(f.locked).toBe(false)
  })

  it('without msDS-User-Account-Control-Computed (an older query), a set lockoutTime shows as locked since then', () => {
    expect(facts(olderQueryLocked)).toMatchObject({ locked: true, lockedSince: expiredLockAt, enabled: true })
  })

  it('without msDS-User-Account-Control-Computed, lockoutTime 0 shows as unlocked', () => {
    expect(facts(olderQueryUnlocked)).toMatchObject({ locked: false, lockedSince: null })
    expect(facts(without(olderQueryUnlocked, 'lockoutTime'))).toMatchObject({ locked: false, lockedSince: null })
  })

  it('a domain admin lists Domain Admins and a group with an escaped comma, shown by their short names', () => {
    const f = facts(domainAdmin)
    expect(f.memberOf).toEqual([DOMAIN_ADMINS, TIER2])
    expect(f.memberOf.map(groupName)).toEqual(['Domain Admins', 'Helpdesk, Tier 2'])
    expect(f.enabled).toBe(true)
    expect(f.locked).toBe(false)
  })

  it("AD's state does not depend on the clock: the same entry reads the same at any now", () => {
    expect(AD.account(locked, 0, null)).toEqual(facts(locked))
    expect(AD.account(lockoutRanOut, Date.UTC(2030, 0, 1), { maxAge: 1, lockoutDuration: 1 })).toEqual(facts(lockoutRanOut))
  })

  it('reads attributes whatever case the server spells them in', () => {
    const lower: Entry = { dn: locked.dn, useraccountcontrol: '514', 'msds-user-account-control-computed': '16', lockouttime: locked.lockoutTime!, pwdlastset: '0', memberof: [DOMAIN_ADMINS] }
    expect(facts(lower)).toMatchObject({ enabled: false, locked: true, lockedSince: lockedAt, mustChangePassword: true, memberOf: [DOMAIN_ADMINS] })
    expect(AD.disabled(lower)).toBe(true)
  })

  it('the person key is objectGUID, read as bytes and kept as their hex', () => {
    expect(AD.keyAttribute).toBe('objectGUID')
    expect(AD.binaryAttributes).toEqual(['objectGUID'])
    expect(first(maria, 'objectGUID')).toBe('3f2504e04f8911d39a0c0305e82c3301')
    expect(all(maria, 'memberOf')).toEqual([VPN_USERS, FINANCE])
    expect(all(locked, 'memberOf')).toEqual([VPN_USERS])
  })

  it('an account read asks for every attribute these semantics use', () => {
    for (const attribute of ['userAccountControl', 'msDS-User-Account-Control-Computed', 'lockoutTime', 'pwdLastSet', 'msDS-UserPasswordExpiryTimeComputed', 'lastLogonTimestamp', 'memberOf']) {
      expect(AD.accountAttributes).toContain(attribute)
    }
  })
})

describe('Active Directory desk actions, as modifications', () => {
  it('unlock replaces lockoutTime with 0 and touches nothing else', () => {
    expect(AD.changes('unlock', locked, null).map(shape)).toEqual([{ operation: 'replace', type: 'lockoutTime', values: ['0'] }])
  })

  it('reset writes unicodePwd as the quoted password in UTF-16LE, and sets "must change at next logon"', () => {
    const changes = AD.changes('reset', maria, 'Kx7m-pq4r')
    expect(changes).toHaveLength(2)
    const [pwd, lastSet] = changes
    expect(pwd!.operation).toBe('replace')
    expect(pwd!.modification.type).toBe('unicodePwd')
    expect(pwd!.modification.values).toHaveLength(1)
    const bytes = pwd!.modification.values[0] as Buffer
    expect(Buffer.isBuffer(bytes)).toBe(true)
    // " K x 7 m - p q 4 r " : each character, low byte first, then 0x00.
    expect([...bytes]).toEqual([0x22, 0x00, 0x4b, 0x00, 0x78, 0x00, 0x37, 0x00, 0x6d, 0x00, 0x2d, 0x00, 0x70, 0x00, 0x71, 0x00, 0x34, 0x00, 0x72, 0x00, 0x22, 0x00])
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x22, 0x00]))
    expect(bytes.subarray(-2)).toEqual(Buffer.from([0x22, 0x00]))
    expect(shape(lastSet!)).toEqual({ operation: 'replace', type: 'pwdLastSet', values: ['0'] })
  })

  it('the reset password goes on the wire as those exact bytes, an octet string, not re-encoded as UTF-8', () => {
    const [pwd] = AD.changes('reset', maria, 'Kx7m-pq4r')
    const writer = new BerWriter()
    pwd!.write(writer)
    const wire = writer.buffer
    const expected = unicodePwd('Kx7m-pq4r')
    // OCTET STRING (0x04), length 22, then the bytes.
    expect(wire.includes(Buffer.concat([Buffer.from([0x04, 0x16]), expected]))).toBe(true)
    expect(wire.includes(Buffer.from('unicodePwd'))).toBe(true)
  })

  it('a password with non-ASCII characters is encoded as UTF-16LE code units (ü, ß, and a surrogate pair)', () => {
    expect([...unicodePwd('Grüße')]).toEqual([0x22, 0x00, 0x47, 0x00, 0x72, 0x00, 0xfc, 0x00, 0xdf, 0x00, 0x65, 0x00, 0x22, 0x00])
    expect([...unicodePwd('a😀')]).toEqual([0x22, 0x00, 0x61, 0x00, 0x3d, 0xd8, 0x00, 0xde, 0x22, 0x00])
    expect(unicodePwd('').toString('hex')).toBe('22002200')
  })

  it('enable clears only the disable bit (514 → 512; 66050 keeps "password never expires" → 66048)', () => {
    expect(AD.changes('enable', disabled, null).map(shape)).toEqual([{ operation: 'replace', type: 'userAccountControl', values: ['512'] }])
    expect(AD.changes('enable', { ...neverExpires, userAccountControl: '66050' }, null).map(shape)).toEqual([
      { operation: 'replace', type: 'userAccountControl', values: ['66048'] }
    ])
    expect(AD.changes('enable', maria, null).map(shape)).toEqual([{ operation: 'replace', type: 'userAccountControl', values: ['512'] }])
  })

  it('disable sets only the disable bit (512 → 514; 66048 keeps "password never expires" → 66050)', () => {
    expect(AD.changes('disable', maria, null).map(shape)).toEqual([{ operation: 'replace', type: 'userAccountControl', values: ['514'] }])
    expect(AD.changes('disable', neverExpires, null).map(shape)).toEqual([{ operation: 'replace', type: 'userAccountControl', values: ['66050'] }])
    expect(AD.changes('disable', disabled, null).map(shape)).toEqual([{ operation: 'replace', type: 'userAccountControl', values: ['514'] }])
    expect(Number(AD.changes('disable', neverExpires, null)[0]!.modification.values[0]) & 0x10000).toBe(0x10000)
  })

  it('enable or disable of an entry read without userAccountControl assumes a normal account (512)', () => {
    const bare = without(maria, 'userAccountControl')
    expect(AD.changes('disable', bare, null).map(shape)).toEqual([{ operation: 'replace', type: 'userAccountControl', values: ['514'] }])
    expect(AD.changes('enable', bare, null).map(shape)).toEqual([{ operation: 'replace', type: 'userAccountControl', values: ['512'] }])
  })
})

describe('Active Directory incremental sync by uSNChanged', () => {
  it('the first sync reads everything', () => {
    expect(AD.changedSince(null)).toBeNull()
  })

  it('the next sync asks for entries changed after the mark: one past it', () => {
    expect(AD.changedSince('12345')).toBe('(uSNChanged>=12346)')
    expect(AD.changedSince(maria.uSNChanged as string)).toBe('(uSNChanged>=184468)')
  })

  it('a mark above 2^53 stays exact', () => {
    expect(AD.changedSince('9007199254740993')).toBe('(uSNChanged>=9007199254740994)')
    expect(AD.changedSince('18446744073709551614')).toBe('(uSNChanged>=18446744073709551615)')
  })
})

describe('group short names from DNs', () => {
  it('Domain Admins', () => {
    expect(groupName('CN=Domain Admins,CN=Users,DC=corp,DC=example')).toBe('Domain Admins')
  })

  it('an escaped comma stays part of the name', () => {
    expect(groupName('CN=Smith\\, John,OU=Admins,DC=corp,DC=example')).toBe('Smith, John')
    expect(groupName(TIER2)).toBe('Helpdesk, Tier 2')
  })

  it('other escapes (an escaped backslash, plus, quote) and a lower-case cn read plainly', () => {
    expect(groupName('CN=R\\&D \\+ QA,OU=Groups,DC=corp,DC=example')).toBe('R&D + QA')
    expect(groupName('CN=Back\\\\slash,DC=corp,DC=example')).toBe('Back\\slash')
    expect(groupName('cn=\\"Quoted\\",dc=corp,dc=example')).toBe('"Quoted"')
  })

  it('a DN not starting with CN is shown whole', () => {
    expect(groupName('OU=Groups,DC=corp,DC=example')).toBe('OU=Groups,DC=corp,DC=example')
  })
})

describe('OpenLDAP ppolicy, for contrast', () => {
  const policy = { maxAge: 90 * 86_400, lockoutDuration: 0 }
  const person = (extra: Record<string, string | string[]>): Entry => ({ dn: 'uid=mkeller,ou=people,dc=corp,dc=example', uid: 'mkeller', ...extra })

  it('pwdAccountLockedTime (a generalized time) shows locked since then', () => {
    const entry = person({ pwdAccountLockedTime: '20261201074105Z' })
    expect(OL.account(entry, now, policy)).toMatchObject({ enabled: true, locked: true, lockedSince: lockedAt })
    expect(OL.disabled(entry)).toBe(false)
  })

  it('the permanent lock 000001010000Z shows disabled, not locked', () => {
    const entry = person({ pwdAccountLockedTime: permanentLock })
    expect(permanentLock).toBe('000001010000Z')
    expect(OL.account(entry, now, policy)).toMatchObject({ enabled: false, locked: false, lockedSince: null })
    expect(OL.disabled(entry)).toBe(true)
  })

  it("a lockout whose pwdLockoutDuration has passed shows as unlocked, though pwdAccountLockedTime is still set", () => {
    const entry = person({ pwdAccountLockedTime: '20261201070000Z' })
    expect(OL.account(entry, now, { maxAge: 0, lockoutDuration: 900 })).toMatchObject({ locked: false, lockedSince: null, enabled: true })
  })

  it('a lockout still within its pwdLockoutDuration shows locked', () => {
    const entry = person({ pwdAccountLockedTime: '20261201075000Z' })
    expect(OL.account(entry, now, { maxAge: 0, lockoutDuration: 900 })).toMatchObject({ locked: true, lockedSince: '2026-12-01T07:50:00.000Z' })
  })

  it('pwdChangedTime plus the policy max age is the expiry; max age 0 or no policy means none', () => {
    const entry = person({ pwdChangedTime: '20261014073211Z' })
    expect(OL.account(entry, now, policy)).toMatchObject({ passwordLastSet: '2026-10-14T07:32:11.000Z', passwordExpires: '2027-01-12T07:32:11.000Z' })
    expect(OL.account(entry, now, { maxAge: 0, lockoutDuration: 0 }).passwordExpires).toBeNull()
    expect(OL.account(entry, now, null).passwordExpires).toBeNull()
  })

  it('pwdReset TRUE shows "must change at next logon"', () => {
    expect(OL.account(person({ pwdReset: 'TRUE' }), now, policy).mustChangePassword).toBe(true)
    expect(OL.account(person({ pwdReset: 'FALSE' }), now, policy).mustChangePassword).toBe(false)
    expect(OL.account(person({}), now, policy).mustChangePassword).toBe(false)
  })

  it('fractional generalized times (as ppolicy writes them) keep their milliseconds', () => {
    expect(fromGeneralizedTime('20261130120042.891113Z')).toBe('2026-11-30T12:00:42.891Z')
    const entry = person({ pwdAccountLockedTime: '20261201074105.250000Z', pwdLastSuccess: '20261130120042.891113Z', pwdChangedTime: '20261014073211.5Z' })
    expect(OL.account(entry, now, policy)).toMatchObject({
      locked: true,
      lockedSince: '2026-12-01T07:41:05.250Z',
      lastLogon: '2026-11-30T12:00:42.891Z',
      passwordLastSet: '2026-10-14T07:32:11.500Z',
      passwordExpires: '2027-01-12T07:32:11.500Z'
    })
  })

  it('unlock removes the lock time and failure times; disable writes the permanent lock', () => {
    expect(OL.changes('unlock', person({}), null).map(shape)).toEqual([
      { operation: 'replace', type: 'pwdAccountLockedTime', values: [] },
      { operation: 'replace', type: 'pwdFailureTime', values: [] }
    ])
    expect(OL.changes('disable', person({}), null).map(shape)).toEqual([{ operation: 'replace', type: 'pwdAccountLockedTime', values: [permanentLock] }])
  })
})

describe('nested group membership', () => {
  it('asks the DC for every group at any depth, with the member DN escaped rather than spliced into the filter', () => {
    expect(inChainMembers('CN=Smith\\, John,OU=Staff,DC=corp,DC=example').toString()).toBe('(member:1.2.840.113556.1.4.1941:=CN=Smith\\5c, John,OU=Staff,DC=corp,DC=example)')
    expect(inChainMembers('CN=x)(cn=*,DC=corp').toString()).toBe('(member:1.2.840.113556.1.4.1941:=CN=x\\29\\28cn=\\2a,DC=corp)')
  })
})
