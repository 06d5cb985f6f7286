import { z } from 'zod'
import { Id, Instant } from './domain'
import { Role } from './sync'
import { singleLine } from './ticket-fields'

/**
 * The organisation's directories (Active Directory, OpenLDAP) as the desk server talks to them:
 * how an admin configures one, what a people sync reports, a requester's account as the ticket's
 * requester pane shows it, and the actions a technician may take on it. Desks never see a bind
 * password: they ask the server, which checks the caller's role and the team's policy first.
 */


export const DirectoryFlavour = z.enum(['ad', 'openldap'], { error: 'Active Directory (ad) or OpenLDAP (openldap).' })
export type DirectoryFlavour = z.infer<typeof DirectoryFlavour>

/** Where each person field is read from; the flavour's defaults fill what an admin leaves out. */
export const AttributeMapping = z
  .object({
    name: singleLine(64),
    email: singleLine(64),
    phone: singleLine(64),
    department: singleLine(64),
    title: singleLine(64),
    manager: singleLine(64),
    office: singleLine(64),
    account: singleLine(64)
  })
  .strict()
export type AttributeMapping = z.infer<typeof AttributeMapping>

export const defaultMappings: Record<DirectoryFlavour, AttributeMapping> = {
  ad: { name: 'displayName', email: 'mail', phone: 'telephoneNumber', department: 'department', title: 'title', manager: 'manager', office: 'physicalDeliveryOfficeName', account: 'sAMAccountName' },
  openldap: { name: 'cn', email: 'mail', phone: 'telephoneNumber', department: 'departmentNumber', title: 'title', manager: 'manager', office: 'physicalDeliveryOfficeName', account: 'uid' }
}

/** Loopback needs no TLS (a directory on the same machine, or a test's); anywhere else the bind password and resets travel encrypted. */
export const isLoopbackHost = (host: string) => /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i.test(host)

const LdapUrl = z
  .string()
  .trim()
  .max(300)
  .refine((s) => /^ldaps?:\/\/[^\s/?#]+(:\d{1,5})?\/?$/i.test(s), { error: 'An LDAP address: ldaps://dc1.corp.example or ldap://host:389.' })

export const DirectoryInput = z
  .object({
    name: singleLine(80),
    flavour: DirectoryFlavour,
    url: LdapUrl,
    /** For ldap:// beyond loopback: upgrade with StartTLS before binding. */
    startTls: z.boolean().default(false),
    bindDn: singleLine(400),
    /** Left out on an edit: the stored one stays. Kept encrypted at rest on the server. */
    bindPassword: z.string().min(1, { error: 'Required.' }).max(256).optional(),
    baseDns: z.array(singleLine(400)).min(1, { error: 'At least one base DN.' }).max(10),
    /** An extra LDAP filter for who counts as a person (ANDed with the flavour's own). */
    peopleFilter: z
      .string()
      .trim()
      .max(500)
      .refine((s) => s === '' || /^\(.*\)$/.test(s), { error: 'An LDAP filter in parentheses, e.g. (department=*).' })
      .default(''),
    mapping: AttributeMapping.partial().default({}),
    /** Accounts in these groups (by name or DN) are never unlocked, reset, enabled or disabled from a desk. */
    protectedGroups: z.array(singleLine(400)).max(50).default(['Domain Admins', 'Enterprise Admins', 'Schema Admins', 'Administrators']),
    /** Minutes between scheduled people syncs; 0 syncs only on demand. */
    syncMinutes: z.number().int().min(0).max(7 * 24 * 60).default(60)
  })
  .strict()
  .superRefine((d, ctx) => {
    const url = /^(ldaps?):\/\/([^/:]+|\[[^\]]+\])/i.exec(d.url)
    if (url && url[1]!.toLowerCase() === 'ldap' && !d.startTls && !isLoopbackHost(url[2]!)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'Use ldaps://, or turn on StartTLS: the bind password must not cross the network in clear.' })
    }
  })
export type DirectoryInput = z.input<typeof DirectoryInput>

export const SyncCounts = z.object({
  read: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  linked: z.number().int(),
  disabled: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int()
})
export type SyncCounts = z.infer<typeof SyncCounts>

export const SyncReport = z.object({
  full: z.boolean(),
  startedAt: Instant,
  finishedAt: Instant.nullable(),
  counts: SyncCounts,
  error: z.string().nullable()
})
export type SyncReport = z.infer<typeof SyncReport>

export const DirectoryInfo = z.object({
  id: Id,
  name: z.string(),
  flavour: DirectoryFlavour,
  url: z.string(),
  startTls: z.boolean(),
  bindDn: z.string(),
  baseDns: z.array(z.string()),
  peopleFilter: z.string(),
  mapping: AttributeMapping,
  protectedGroups: z.array(z.string()),
  syncMinutes: z.number().int(),
  lastSync: SyncReport.nullable(),
  /** A sync under way: how far it has read. */
  running: z.object({ phase: z.string(), read: z.number().int() }).nullable(),
  people: z.number().int()
})
export type DirectoryInfo = z.infer<typeof DirectoryInfo>

export const ConnectionTest = z.object({ ok: z.boolean(), message: z.string(), people: z.number().int().nullable() })
export type ConnectionTest = z.infer<typeof ConnectionTest>

export const AccountAction = z.enum(['unlock', 'reset', 'enable', 'disable'])
export type AccountAction = z.infer<typeof AccountAction>

/** Who may take each action, and what the technician must confirm first. */
export const AccountPolicy = z
  .object({
    /** The lowest role that may take the action (enable and disable count as one). */
    roles: z.object({ unlock: Role, reset: Role, enable: Role }).strict(),
    /** Asked before the actions in `before`; every one must be ticked. */
    questions: z.array(singleLine(200)).max(10),
    before: z.array(AccountAction).max(4)
  })
  .strict()
export type AccountPolicy = z.infer<typeof AccountPolicy>

export const defaultAccountPolicy: AccountPolicy = {
  roles: { unlock: 'agent', reset: 'agent', enable: 'supervisor' },
  questions: ['The caller’s employee ID matches the one on file', 'Called back on the number on file'],
  before: ['reset', 'unlock']
}

const rank: Record<Role, number> = { agent: 0, specialist: 1, supervisor: 2, admin: 3 }
/** Whether `role` may take `action` under the policy. */
export const mayTake = (policy: AccountPolicy, role: Role, action: AccountAction) =>
  rank[role] >= rank[policy.roles[action === 'disable' ? 'enable' : action]]

/** A requester's directory account, read live. */
export const DirectoryAccount = z.object({
  directory: z.string(),
  accountName: z.string().nullable(),
  dn: z.string(),
  enabled: z.boolean(),
  locked: z.boolean(),
  lockedSince: Instant.nullable(),
  passwordLastSet: Instant.nullable(),
  /** Null: never expires (or the directory does not say). */
  passwordExpires: Instant.nullable(),
  mustChangePassword: z.boolean(),
  lastLogon: Instant.nullable(),
  groups: z.array(z.string()),
  /** Why the desk may not act on it (a protected group, the service account itself), or null. */
  protectedBecause: z.string().nullable()
})
export type DirectoryAccount = z.infer<typeof DirectoryAccount>

export const AccountLookup = z.object({
  /** Null when the requester has no directory account. */
  account: DirectoryAccount.nullable(),
  policy: AccountPolicy,
  /** What this caller may do now (their role, the account's state, protection). */
  allowed: z.array(AccountAction)
})
export type AccountLookup = z.infer<typeof AccountLookup>

export const AccountActionInput = z
  .object({
    action: AccountAction,
    ticketId: Id,
    /** The policy's questions the technician ticked, word for word. */
    checks: z.array(z.string().max(200)).max(10).default([])
  })
  .strict()
export type AccountActionInput = z.input<typeof AccountActionInput>

export const AccountActionResult = z.object({
  account: DirectoryAccount,
  /** The generated password, for a reset: shown once, stored nowhere. */
  password: z.string().nullable()
})
export type AccountActionResult = z.infer<typeof AccountActionResult>
