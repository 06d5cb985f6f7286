import { z } from 'zod'
import { AssetPush, AssetPushAnswer } from './asset-sync'
import { maxAttachmentMb } from './attachments'
import { Sha256 } from './file-ref'
import { MailboxInfo, MailboxInput, MailTemplates, QuarantinedMail } from './mail'
import { AccountActionInput, AccountActionResult, AccountLookup, AccountPolicy, ConnectionTest, DirectoryInfo, DirectoryInput, SyncReport } from './directory'
import { Id, Instant } from './domain'
import { LifecyclePolicy, PostedSnapshot } from './inventory'
import { VersionPush, VersionPushAnswer } from './knowledge'
import { maxServerAddresses } from './server-address'
import { Account, NewAccount, PullPage, PushEnvelope, PushResponse, SignedIn, SignIn, type Role } from './sync'
import { AccountChange, AdminAccount, AuditEntry, CannedList, GroupInput, SynonymGroups, TeamDirectory, TeamGroup, TeamPolicies } from './team'

/**
 * The one door between a desk and the desk server, as `contract.ts` is for the app: every route with
 * who may call it, what it takes (body, query, path parameters) and what it answers. The server
 * registers its routes from this table and checks roles from it; the desk's client is typed from it.
 * Pull answers name their rows loosely on purpose: a desk judges each row on its own and sets aside
 * what it cannot apply, rather than refusing a whole page for one row.
 */
const everyone: Role[] = ['agent', 'specialist', 'supervisor', 'admin']
const leads: Role[] = ['supervisor', 'admin']

const page = (max: number, byDefault: number) =>
  z.object({ cursor: z.coerce.number().int().nonnegative().default(0), limit: z.coerce.number().int().min(1).max(max).default(byDefault) }).strict()
const pageOf = (rows: string) => z.object({ cursor: z.number().int().nonnegative(), more: z.boolean(), [rows]: z.array(z.unknown()) })
const byId = z.object({ id: Id }).strict()
/** The widest pull window a desk may ask for, in days (ten years). */
export const maxWindowDays = 3650
const bySha = z.object({ sha256: Sha256 }).strict()

export const EnrollmentInfo = z.object({
  id: Id,
  label: z.string(),
  createdBy: z.string().nullable(),
  createdAt: Instant,
  expiresAt: Instant,
  lastUsedAt: Instant.nullable(),
  revokedAt: Instant.nullable(),
  snapshots: z.number().int()
})
export const PendingReview = z.object({ id: Id, enrollment: z.string().nullable(), receivedAt: Instant, hostname: z.string(), wasHostname: z.string().nullable() })

interface RouteSpec {
  /** 'public', or the roles that may call it (an enrollment token may call only the snapshot upload). */
  roles: Role[] | 'public'
  body?: z.ZodType
  query?: z.ZodType
  params?: z.ZodType
  /** The answer's `value`; absent for the event stream, which is not JSON. */
  output?: z.ZodType
  /** The HTTP status of success: 201 where something new was made. */
  created?: true
  /** How long a desk waits for the answer, where 30 s is too short (a full read of a large directory). */
  timeoutMs?: number
  /** The body is a file's bytes (application/octet-stream), up to this many. */
  bytes?: number
}

export const serverRoutes = {
  // `preparedPages`: whether a server that makes first-sync pages ahead has made them (prepared-pages.ts).
  'GET /api/health': { roles: 'public', output: z.object({ status: z.literal('ok'), preparedPages: z.enum(['ready', 'preparing']).optional() }) },
  'POST /api/session': { roles: 'public', body: SignIn, output: SignedIn, created: true },
  'DELETE /api/session': { roles: everyone, output: z.object({ signedOut: z.literal(true) }) },
  // The other desk servers on this PostgreSQL, for a desk to move to when this one stops answering. Named
  // loosely on purpose: the desk judges each address itself (shared/server-address.ts) and keeps the good ones.
  'GET /api/servers': { roles: everyone, output: z.object({ peers: z.array(z.string().max(500)).max(maxServerAddresses) }) },
  'POST /api/sync/push': { roles: everyone, body: PushEnvelope, output: PushResponse },
  // `team`: the directory version the desk holds; a newer one comes whole with the page (judged by the desk, like every row).
  'GET /api/sync/pull': {
    roles: everyone,
    // `window`: days of closed tickets the desk keeps (0 or absent: all); older closed ones are fetched on demand.
    query: page(5000, 1000).extend({ team: z.coerce.number().int().nonnegative().optional(), window: z.coerce.number().int().min(0).max(maxWindowDays).optional() }),
    output: PullPage.extend({ team: z.unknown().optional() })
  },
  // One ticket with its whole timeline, as a pull page carries them: an older ticket a desk's window left on the server.
  'GET /api/tickets/:id': { roles: everyone, params: byId, output: PullPage },
  // Tickets the desk may not hold: a number exactly, or words of the subject or description (newest first).
  'GET /api/tickets/search': {
    roles: everyone,
    // `window`: the asking desk's, in days: only tickets it does not hold are searched.
    query: z.object({ q: z.string().trim().min(1).max(200), window: z.coerce.number().int().min(1).max(maxWindowDays).default(90), limit: z.coerce.number().int().min(1).max(20).default(20) }).strict(),
    output: z.object({ tickets: z.array(z.unknown()).max(20) })
  },
  // Server-sent events: a bare "changed" nudge. EventSource cannot send headers, so the token may come in the query.
  'GET /api/events': { roles: everyone, query: z.object({ token: z.string().max(200).optional() }).strict() },
  'GET /api/team': { roles: leads, output: TeamDirectory },
  'GET /api/accounts': { roles: leads, output: z.array(AdminAccount) },
  'POST /api/accounts': { roles: ['admin'], body: NewAccount, output: Account, created: true },
  'PATCH /api/accounts/:id': { roles: ['admin'], params: byId, body: AccountChange, output: z.object({ revokedDevices: z.number().int() }) },
  // A one-time password, shown once to the admin to read out; the person's next sign-in chooses their own.
  'POST /api/accounts/:id/password': { roles: ['admin'], params: byId, output: z.object({ password: z.string() }) },
  'PUT /api/groups/:id': { roles: ['admin'], params: byId, body: GroupInput, output: TeamGroup },
  'DELETE /api/groups/:id': { roles: ['admin'], params: byId, query: z.object({ moveTo: Id.optional() }).strict(), output: z.object({ removed: z.literal(true), moved: z.number().int() }) },
  'PUT /api/team/policies': { roles: leads, body: TeamPolicies, output: TeamPolicies },
  'PUT /api/team/canned': { roles: leads, body: CannedList, output: CannedList },
  'PUT /api/team/synonyms': { roles: leads, body: SynonymGroups, output: SynonymGroups },
  'PUT /api/team/refresh': { roles: leads, body: LifecyclePolicy, output: LifecyclePolicy },
  'GET /api/audit': { roles: ['admin'], query: z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(200) }).strict(), output: z.array(AuditEntry) },
  // The organisation's directories: configured and synced by admins; the bind password never leaves the server.
  'GET /api/directories': { roles: ['admin'], output: z.object({ directories: z.array(DirectoryInfo), policy: AccountPolicy }) },
  'PUT /api/directories/:id': { roles: ['admin'], params: byId, body: DirectoryInput, output: DirectoryInfo },
  'POST /api/directories/:id/test': { roles: ['admin'], params: byId, body: DirectoryInput, output: ConnectionTest },
  'POST /api/directories/:id/sync': { roles: ['admin'], params: byId, query: z.object({ full: z.enum(['true', 'false']).optional() }).strict(), output: SyncReport, timeoutMs: 15 * 60_000 },
  'PUT /api/team/account-policy': { roles: ['admin'], body: AccountPolicy, output: AccountPolicy },
  // A requester's directory account, live; each action is checked against the team's policy on the server.
  'GET /api/people/:id/account': { roles: everyone, params: byId, output: AccountLookup },
  'POST /api/people/:id/account': { roles: everyone, params: byId, body: AccountActionInput, output: AccountActionResult },
  // Support mailboxes the server watches for mail to and from requesters (admins); what it could not take waits in quarantine.
  'GET /api/mailboxes': { roles: ['admin'], output: z.array(MailboxInfo) },
  'PUT /api/mailboxes/:id': { roles: ['admin'], params: byId, body: MailboxInput, output: MailboxInfo },
  'GET /api/mail/quarantine': { roles: ['admin'], output: z.array(QuarantinedMail) },
  'GET /api/team/mail-templates': { roles: ['admin'], output: MailTemplates },
  'PUT /api/team/mail-templates': { roles: ['admin'], body: MailTemplates, output: MailTemplates },
  // The requester's "How did we do?" page from the resolution mail: no sign-in, a signed single-use token; HTML, not JSON.
  'GET /satisfaction/:token': { roles: 'public', params: z.object({ token: z.string().max(600) }).strict() },
  'POST /satisfaction/:token': { roles: 'public', params: z.object({ token: z.string().max(600) }).strict() },
  // Files on tickets, by the SHA-256 of their bytes: a desk uploads what its entries attach before it pushes them, and downloads on demand.
  'POST /api/files/missing': { roles: everyone, body: z.object({ hashes: z.array(Sha256).max(200) }).strict(), output: z.object({ missing: z.array(Sha256), limitBytes: z.number().int() }) },
  'PUT /api/files/:sha256': { roles: everyone, params: bySha, bytes: maxAttachmentMb * 1024 * 1024, output: z.object({ sha256: Sha256, size: z.number().int() }), timeoutMs: 10 * 60_000 },
  'GET /api/files/:sha256': { roles: everyone, params: bySha, timeoutMs: 10 * 60_000 },
  'DELETE /api/devices/:id': { roles: ['admin'], params: byId, output: z.object({ revoked: z.literal(true) }) },
  'POST /api/enrollments': {
    roles: leads,
    body: z.object({ label: z.string().trim().min(1).max(120), days: z.number().int().min(1).max(365).default(90) }).strict(),
    output: z.object({ id: Id, token: z.string(), label: z.string(), expiresAt: Instant }),
    created: true
  },
  'GET /api/enrollments': { roles: leads, output: z.array(EnrollmentInfo) },
  'DELETE /api/enrollments/:id': { roles: leads, params: byId, output: z.object({ revoked: z.literal(true) }) },
  'POST /api/inventory/snapshots': { roles: everyone, body: PostedSnapshot, output: z.object({ id: Id, stored: z.boolean(), assetId: Id.nullable(), needsReview: z.boolean() }), created: true },
  'GET /api/inventory/snapshots': { roles: everyone, query: page(500, 100), output: pageOf('snapshots') },
  'GET /api/inventory/reviews': { roles: leads, output: z.array(PendingReview) },
  'POST /api/inventory/reviews/:id': { roles: leads, params: byId, body: z.object({ accept: z.boolean() }).strict(), output: z.object({ accepted: z.boolean() }) },
  'POST /api/assets': { roles: everyone, body: AssetPush, output: AssetPushAnswer },
  'GET /api/assets': { roles: everyone, query: page(500, 200), output: pageOf('assets') },
  'POST /api/kb/versions': { roles: everyone, body: VersionPush, output: VersionPushAnswer },
  'GET /api/kb/versions': { roles: everyone, query: page(500, 100), output: pageOf('versions') }
} as const satisfies Record<string, RouteSpec>

export type ServerRoute = keyof typeof serverRoutes
type Spec<R extends ServerRoute> = (typeof serverRoutes)[R]
type Part<R extends ServerRoute, K extends 'body' | 'query' | 'params', Side extends 'in' | 'out'> =
  Spec<R> extends Record<K, infer S extends z.ZodType> ? (Side extends 'in' ? z.input<S> : z.output<S>) : undefined

/** What a caller sends: body, query and path parameters, as the route names them. */
export type RouteRequest<R extends ServerRoute> = { body: Part<R, 'body', 'in'>; query: Part<R, 'query', 'in'>; params: Part<R, 'params', 'in'> }
/** What a handler receives, parsed. */
export type RouteInput<R extends ServerRoute> = { body: Part<R, 'body', 'out'>; query: Part<R, 'query', 'out'>; params: Part<R, 'params', 'out'> }
export type RouteOutput<R extends ServerRoute> = Spec<R> extends { output: infer S extends z.ZodType } ? z.output<S> : never

export const routeNames = Object.keys(serverRoutes) as ServerRoute[]

/** The route's path as registered, parameters still named (`/api/devices/:id`). */
export const routeTemplate = (route: ServerRoute) => route.slice(route.indexOf(' ') + 1)

/** The path to call: the route's own, with its parameters filled in and its query appended. */
export function routePath(route: ServerRoute, request: { query?: Record<string, unknown> | undefined; params?: Record<string, unknown> | undefined } = {}): string {
  const path = routeTemplate(route).replace(/:([a-z0-9]+)/gi, (_, name: string) => encodeURIComponent(String(request.params?.[name] ?? '')))
  const query = Object.entries(request.query ?? {}).filter(([, v]) => v !== undefined)
  return query.length ? `${path}?${new URLSearchParams(query.map(([k, v]) => [k, String(v)])).toString()}` : path
}

export const routeMethod = (route: ServerRoute) => route.slice(0, route.indexOf(' ')) as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
