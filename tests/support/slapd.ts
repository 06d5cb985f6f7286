import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { freePort } from './free-port'
import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Client, InvalidCredentialsError } from 'ldapts'

const run = promisify(execFile)

export const BASE_DN = 'dc=corp,dc=example'
export const ADMIN_DN = `cn=admin,${BASE_DN}`
export const ADMIN_PASSWORD = 'Admin-Secret-1'
export const SERVICE_DN = `cn=frontline-svc,ou=services,${BASE_DN}`
export const SERVICE_PASSWORD = 'Service-Secret-1'
/** Every seeded person's password. */
export const INITIAL_PASSWORD = 'Initial-Pass-1'
export const DEFAULT_POLICY_DN = `cn=default,ou=policies,${BASE_DN}`

export interface Slapd {
  url: string
  baseDn: string
  /** The service account the app binds as: may read and write everything. */
  bindDn: string
  bindPassword: string
  /** The rootdn: bypasses ACLs and password policy. */
  adminDn: string
  adminPassword: string
  /** The initial password of every seeded person (lpark's is right, but she is locked). */
  userPassword: string
  dn(uid: string): string
  stop(): Promise<void>
}

interface Person {
  uid: string
  givenName: string
  sn: string
  department: string
  title: string
  office: string
  phone: string
  manager?: string
}

const NAMED: Person[] = [
  { uid: 'jchen', givenName: 'Jun', sn: 'Chen', department: 'IT', title: 'IT Manager', office: 'Berlin 2.01', phone: '+49 30 1234 201' },
  { uid: 'mortiz', givenName: 'Maria', sn: 'Ortiz', department: 'Finance', title: 'Accountant', office: 'Berlin 3.14', phone: '+49 30 1234 314', manager: 'jchen' },
  { uid: 'lpark', givenName: 'Lena', sn: 'Park', department: 'Finance', title: 'Controller', office: 'Berlin 3.15', phone: '+49 30 1234 315', manager: 'jchen' },
  { uid: 'dadmin', givenName: 'Dora', sn: 'Admin', department: 'IT', title: 'Domain Administrator', office: 'Berlin 2.02', phone: '+49 30 1234 202', manager: 'jchen' },
  { uid: 'gone', givenName: 'Gary', sn: 'One', department: 'Sales', title: 'Account Executive', office: 'Hamburg 1.07', phone: '+49 40 5678 107', manager: 'jchen' }
]

const DEPARTMENTS = ['Finance', 'IT', 'Sales', 'Operations', 'HR']

const dnOf = (uid: string): string => `uid=${uid},ou=people,${BASE_DN}`

/** Salted SHA-1, the scheme slapd verifies out of the box: nothing readable sits in the data file. */
function ssha(password: string): string {
  const salt = randomBytes(8)
  const digest = createHash('sha1').update(password).update(salt).digest()
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`
}

/** One LDIF record; values that are not plain safe ASCII go base64, as RFC 2849 asks. */
function record(dn: string, attributes: [string, string][]): string {
  const line = (name: string, value: string): string =>
    /^[\x21-\x39\x3b\x3d-\x7e][\x20-\x7e]*$/.test(value) && !value.endsWith(' ')
      ? `${name}: ${value}`
      : `${name}:: ${Buffer.from(value).toString('base64')}`
  return [line('dn', dn), ...attributes.map(([name, value]) => line(name, value))].join('\n') + '\n\n'
}

function personRecord(p: Person): string {
  const cn = `${p.givenName} ${p.sn}`
  const attributes: [string, string][] = [
    ['objectClass', 'inetOrgPerson'],
    ['uid', p.uid],
    ['cn', cn],
    ['sn', p.sn],
    ['givenName', p.givenName],
    ['mail', `${p.uid === 'mortiz' ? 'maria.ortiz' : p.uid}@corp.example`],
    ['telephoneNumber', p.phone],
    ['departmentNumber', p.department],
    ['title', p.title],
    ['physicalDeliveryOfficeName', p.office],
    ['userPassword', ssha(INITIAL_PASSWORD)]
  ]
  if (p.manager) attributes.push(['manager', dnOf(p.manager)])
  return record(dnOf(p.uid), attributes)
}

function dataLdif(people: number): string {
  const ou = (name: string): string => record(`ou=${name},${BASE_DN}`, [['objectClass', 'organizationalUnit'], ['ou', name]])
  const group = (cn: string, members: string[]): string =>
    record(`cn=${cn},ou=groups,${BASE_DN}`, [['objectClass', 'groupOfNames'], ['cn', cn], ...members.map((m): [string, string] => ['member', dnOf(m)])])
  const parts = [
    record(BASE_DN, [['objectClass', 'dcObject'], ['objectClass', 'organization'], ['dc', 'corp'], ['o', 'Corp']]),
    ou('people'),
    ou('groups'),
    ou('services'),
    ou('policies'),
    // pwdPolicy is auxiliary; `device` is the smallest structural class that fits (cn only).
    record(DEFAULT_POLICY_DN, [
      ['objectClass', 'device'],
      ['objectClass', 'pwdPolicy'],
      ['cn', 'default'],
      ['pwdAttribute', 'userPassword'],
      ['pwdLockout', 'TRUE'],
      ['pwdMaxFailure', '3'],
      ['pwdLockoutDuration', '0'],
      ['pwdMaxAge', '7776000'],
      ['pwdMustChange', 'TRUE'],
      ['pwdAllowUserChange', 'TRUE'],
      ['pwdFailureCountInterval', '0']
    ]),
    // The default policy would lock the service account too after three bad binds in some test,
    // breaking every later test that uses it; give it a policy without lockout.
    record(`cn=service,ou=policies,${BASE_DN}`, [
      ['objectClass', 'device'],
      ['objectClass', 'pwdPolicy'],
      ['cn', 'service'],
      ['pwdAttribute', 'userPassword'],
      ['pwdLockout', 'FALSE']
    ]),
    record(SERVICE_DN, [
      ['objectClass', 'applicationProcess'],
      ['objectClass', 'simpleSecurityObject'],
      ['cn', 'frontline-svc'],
      ['userPassword', ssha(SERVICE_PASSWORD)],
      ['pwdPolicySubentry', `cn=service,ou=policies,${BASE_DN}`]
    ]),
    ...NAMED.map(personRecord),
    group('Domain Admins', ['dadmin']),
    group('Finance', ['mortiz', 'lpark']),
    group('VPN Users', ['mortiz'])
  ]
  for (let i = 1; i <= people; i++) {
    const n = String(i).padStart(5, '0')
    parts.push(
      personRecord({
        uid: `user${n}`,
        givenName: 'Person',
        sn: n,
        department: DEPARTMENTS[i % DEPARTMENTS.length] ?? 'IT',
        title: 'Staff',
        office: `Berlin ${1 + (i % 5)}.${String(i % 100).padStart(2, '0')}`,
        phone: `+49 30 9${n}`,
        manager: 'jchen'
      })
    )
  }
  return parts.join('')
}

function slapdConf(dir: string, lastBind: boolean): string {
  return `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
# In 2.5 the pwdPolicy schema lives in the overlay, so slapadd needs it loaded as well.
moduleload ppolicy
pidfile ${join(dir, 'slapd.pid')}
argsfile ${join(dir, 'slapd.args')}

database mdb
suffix "${BASE_DN}"
rootdn "${ADMIN_DN}"
rootpw ${ADMIN_PASSWORD}
directory ${join(dir, 'db')}
maxsize 1073741824
# lastbind records pwdLastSuccess on every successful bind (off by default in 2.5).
lastbind ${lastBind ? 'on' : 'off'}
# The default sizelimit (500) would cut the service account's listing of 10,000 people short.
limits dn.exact="${SERVICE_DN}" size=unlimited time=unlimited
index objectClass eq
index uid,mail,cn eq
index entryUUID eq
index modifyTimestamp eq

# After "database": the overlay applies to this database only.
overlay ppolicy
ppolicy_default "${DEFAULT_POLICY_DN}"
ppolicy_hash_cleartext
ppolicy_use_lockout

# Passwords: the service account resets them, people change their own, nobody else sees them.
access to attrs=userPassword
  by dn.exact="${SERVICE_DN}" manage
  by self write
  by anonymous auth
  by * none
access to *
  by dn.exact="${SERVICE_DN}" manage
  by * read
`
}

/** Binds, runs `fn`, always unbinds. */
export async function withClient<T>(url: string, dn: string, password: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url, timeout: 5_000, connectTimeout: 2_000 })
  try {
    await client.bind(dn, password)
    return await fn(client)
  } finally {
    await client.unbind().catch(() => undefined)
  }
}

/** True if `dn` can bind with `password`, false on invalidCredentials (wrong or locked); other errors throw. */
export async function canBind(url: string, dn: string, password: string): Promise<boolean> {
  try {
    await withClient(url, dn, password, async () => undefined)
    return true
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return false
    throw error
  }
}

// Kill any server a crashed test run leaves behind rather than orphan it.
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export interface SlapdOptions {
  /** Extra generated people user00001, user00002, … (default 0). */
  people?: number
  /**
   * Maintain pwdLastSuccess (default true). Note each successful bind then bumps the entry's
   * modifyTimestamp and entryCSN, as each failed bind does anyway (pwdFailureTime).
   */
  lastBind?: boolean
}

/** A throwaway OpenLDAP server on a free loopback port, seeded with people, groups and a lockout policy. */
export async function startSlapd(options: SlapdOptions = {}): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-slapd-'))
  chmodSync(dir, 0o777)
  mkdirSync(join(dir, 'db'))
  const conf = join(dir, 'slapd.conf')
  writeFileSync(conf, slapdConf(dir, options.lastBind ?? true))
  writeFileSync(join(dir, 'data.ldif'), dataLdif(options.people ?? 0))

  let child: ChildProcess | undefined
  let stderr = ''
  let exited: Promise<void> = Promise.resolve()
  const stop = async (): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const hardKill = setTimeout(() => child?.kill('SIGKILL'), 5_000)
      child.kill('SIGTERM')
      await exited
      clearTimeout(hardKill)
    }
    if (child) running.delete(child)
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    // Offline bulk load: far faster than LDAP adds; -q skips checks we do not need on fresh data.
    await run('/usr/sbin/slapadd', ['-q', '-f', conf, '-l', join(dir, 'data.ldif')]).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`slapadd failed: ${error.stderr || error.message}`)
    })

    let url = ''
    // Another process may take the free port before slapd binds it (test files run in parallel).
    for (let attempt = 1; ; attempt++) {
      url = `ldap://127.0.0.1:${await freePort()}`
      stderr = ''
      // -d keeps slapd in the foreground (so we own its pid); "none" still prints fatal errors, 0 would not.
      const started = spawn('/usr/sbin/slapd', ['-f', conf, '-h', `${url}/`, '-d', 'none'], { stdio: ['ignore', 'ignore', 'pipe'] })
      child = started
      running.add(started)
      started.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-4_000)
      })
      exited = new Promise((resolve) => started.once('exit', () => resolve()))
      try {
        await waitForBind(url, () => started.exitCode !== null || started.signalCode !== null)
        break
      } catch (error) {
        running.delete(started)
        if (attempt < 3 && stderr.includes('Address already in use')) continue
        throw error
      }
    }
    await lock(url, dnOf('lpark'))

    return {
      url,
      baseDn: BASE_DN,
      bindDn: SERVICE_DN,
      bindPassword: SERVICE_PASSWORD,
      adminDn: ADMIN_DN,
      adminPassword: ADMIN_PASSWORD,
      userPassword: INITIAL_PASSWORD,
      dn: dnOf,
      stop
    }
  } catch (error) {
    await stop()
    const detail = stderr ? `\nslapd stderr:\n${stderr}` : ''
    throw new Error(`${error instanceof Error ? error.message : String(error)}${detail}`, { cause: error })
  }
}

/** Polls until the service account can bind, giving up at once if slapd has exited. */
async function waitForBind(url: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000
  let last: unknown
  while (Date.now() < deadline) {
    if (exited()) throw new Error('slapd exited during start-up')
    try {
      await withClient(url, SERVICE_DN, SERVICE_PASSWORD, async () => undefined)
      return
    } catch (error) {
      last = error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  throw new Error(`slapd did not accept a bind within 15 s: ${String(last)}`)
}

/** Locks `dn` the way a user would: too many wrong passwords. Then proves the lock is real. */
async function lock(url: string, dn: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    if (await canBind(url, dn, 'wrong-password')) throw new Error(`${dn} bound with a wrong password`)
  }
  const entry = await withClient(url, SERVICE_DN, SERVICE_PASSWORD, async (client) => {
    const { searchEntries } = await client.search(dn, { scope: 'base', attributes: ['pwdAccountLockedTime', '*', '+'] })
    return searchEntries[0]
  })
  if (!entry?.['pwdAccountLockedTime']) throw new Error(`ppolicy did not lock ${dn}: ${JSON.stringify(entry)}`)
  if (await canBind(url, dn, INITIAL_PASSWORD)) throw new Error(`${dn} has pwdAccountLockedTime but still binds`)
}
