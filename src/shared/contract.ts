import { z } from 'zod'
import {
  Attention,
  Agent,
  CannedResponse,
  Channel,
  DeskStatus,
  Group,
  Handoff,
  Id,
  Impact,
  Instant,
  NewTicket,
  ProblemCandidate,
  PendingReason,
  Person,
  PersonEdit,
  PersonalCanned,
  Priority,
  ResolutionCode,
  SearchHit,
  Ticket,
  TicketDetail,
  TicketStatus,
  TicketType,
  Urgency,
  ChangeType
} from './domain'
import type { Result } from './errors'
import { importTextLimit } from './limits'
import { maxAttachmentMb } from './attachments'
import { Attachments, FileRef, Sha256 } from './file-ref'
import { FigureKey, FigureTickets, Report, ReportQuery } from './reports'
import { MailboxInfo, MailboxInput, MailTemplates, QuarantinedMail } from './mail'
import { AccountActionInput, AccountActionResult, AccountLookup, AccountPolicy, ConnectionTest, DirectoryInfo, DirectoryInput, SyncReport } from './directory'
import { Asset, AssetDetail, AssetUpdate, Fleet, FleetQuery, ImportPreview, LifecyclePolicy, ProbeProgress, Snapshot, SnapshotChange } from './inventory'
import { Article, ArticleDraft, ArticleVisibility, ArticleHit, ArticleQuery, ArticleVersion, ImportProgress, KnowledgeImport, KnowledgeImportPreview, KnowledgeReport, VersionDiff } from './knowledge'
import { CustomTool, RemoteClients, RemotePlan, RemoteRequest, RemoteSession, RemoteTargets } from './remote'
import { EnrollmentInfo, PendingReview } from './server-contract'
import { AccountChange, CannedList, GroupInput, SynonymGroups, TeamOverview, TeamPolicies } from './team'
import { NewAccount, PullWindow, SyncStatus } from './sync'
import { DraftFields, TicketDraft } from './drafts'
import { MenuAction, Preferences, UpdateFeed, UpdateStatus } from './updates'

const none = z.object({}).strict()
const EnrollmentOverview = z.object({ tokens: z.array(EnrollmentInfo), reviews: z.array(PendingReview) })
const ticketId = { id: Id }
const text = (max: number) =>
  z
    .string({ error: 'Required.' })
    .trim()
    .min(1, { error: 'Write something first.' })
    .max(max, { error: `At most ${max.toLocaleString('en')} characters.` })
const csvText = z.string().max(importTextLimit, { error: `At most ${importTextLimit / 1_048_576} MiB of CSV at a time.` })
const minutes = z.number().int().min(1, { error: 'At least one minute.' }).max(1_440, { error: 'At most 24 hours at a time.' })

export const QueueQuery = z
  .object({
    /** Only new, assigned, in progress and pending tickets (intersected with `statuses` when both are given). */
    open: z.boolean().default(false),
    statuses: z.array(TicketStatus).max(6).optional(),
    priorities: z.array(Priority).max(4).optional(),
    types: z.array(TicketType).max(4).optional(),
    channels: z.array(Channel).max(5).optional(),
    groupId: Id.optional(),
    /** "My group": held by any of these groups (a technician may be in several). */
    groupIds: z.array(Id).max(50).optional(),
    assignee: z.union([z.literal('me'), z.literal('none'), Id]).optional(),
    requesterId: Id.optional(),
    /** Resolution due before then; with `atRiskBy`, a ticket matching either is listed ("Breaching soon"). */
    dueBefore: Instant.optional(),
    /** Resolution clock at risk (three quarters used) by then, though its due time may be hours away. */
    atRiskBy: Instant.optional(),
    /** Follow-ups due by then, on tickets not yet closed ("Follow-ups due"). */
    followUpBefore: Instant.optional(),
    /** Changes planned to start in this window (Changes this week). */
    plannedFrom: Instant.optional(),
    plannedTo: Instant.optional(),
    sort: z.enum(['sla', 'priority', 'updated', 'created']).default('sla'),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(50)
  })
  .strict()

/** Every method the renderer may call: the one door between the console and the core. */
export const contract = {
  'desk.status': { input: none, output: DeskStatus },
  'desk.loadSample': { input: none, output: DeskStatus },
  'desk.directory': {
    input: none,
    output: z.object({ me: Agent, groups: z.array(Group), agents: z.array(Agent), canned: z.array(CannedResponse) })
  },
  'tickets.list': { input: QueueQuery, output: z.object({ tickets: z.array(Ticket), total: z.number().int().nonnegative() }) },
  'tickets.get': { input: z.object(ticketId).strict(), output: TicketDetail },
  /** Clears the unread marker: this workstation has now seen the ticket as it is. */
  'tickets.markSeen': { input: z.object(ticketId).strict(), output: z.object({ seenAt: z.string() }) },
  'tickets.search': {
    input: z.object({ query: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(100).default(20) }).strict(),
    output: z.array(SearchHit)
  },
  /** The requester's open tickets that look like this subject: "Maria already has INC-1042 open — add to it?" */
  'tickets.similarOpen': { input: z.object({ requesterId: Id, subject: z.string().max(300) }).strict(), output: z.array(Ticket) },
  'tickets.create': { input: NewTicket, output: Ticket },
  'tickets.update': {
    input: z
      .object({
        ...ticketId,
        subject: text(300).optional(),
        description: z.string().max(20_000, { error: 'At most 20,000 characters.' }).optional(),
        category: z.string().trim().max(100).nullable().optional(),
        impact: Impact.optional(),
        urgency: Urgency.optional(),
        /** When to check back with the requester; null clears it. */
        followUpAt: Instant.nullable().optional(),
        /** A problem's record (problems only). A known error needs its workaround. */
        rootCause: z.string().trim().max(10_000).nullable().optional(),
        workaround: z.string().trim().max(10_000).nullable().optional(),
        knownError: z.boolean().optional(),
        /** A change's record (changes only). */
        changeType: ChangeType.optional(),
        risk: Impact.optional(),
        plannedStart: Instant.nullable().optional(),
        plannedEnd: Instant.nullable().optional(),
        backoutPlan: z.string().trim().max(10_000).nullable().optional()
      })
      .strict(),
    output: Ticket
  },
  'tickets.overridePriority': { input: z.object({ ...ticketId, priority: Priority, reason: text(500) }).strict(), output: Ticket },
  'tickets.setStatus': {
    input: z
      .object({
        ...ticketId,
        status: TicketStatus,
        pendingReason: PendingReason.optional(),
        resolution: z.object({ code: ResolutionCode, notes: text(10_000) }).strict().optional()
      })
      .strict(),
    output: Ticket
  },
  'tickets.assign': {
    input: z.object({ ...ticketId, assigneeId: Id.nullable(), groupId: Id.nullable().optional() }).strict(),
    output: Ticket
  },
  'tickets.escalate': { input: z.object({ ...ticketId, groupId: Id, handoff: Handoff }).strict(), output: Ticket },
  'tickets.comment': {
    // `eta`, on a reply: by when the requester can expect the next step (their mail says so).
    input: z
      .object({ ...ticketId, visibility: z.enum(['public', 'internal']), body: text(20_000), minutes: minutes.optional(), eta: Instant.optional(), attachments: Attachments.optional() })
      .strict(),
    output: Ticket
  },
  /** The reply or note started on a ticket, kept on this desk only (never synced); null when there is none. */
  'drafts.get': { input: z.object(ticketId).strict(), output: TicketDraft.nullable() },
  /** Keeps what the composer holds; an emptied composer removes the draft (`kept: false`). */
  'drafts.save': { input: DraftFields.extend(ticketId).strict(), output: z.object({ kept: z.boolean() }) },
  'drafts.clear': { input: z.object(ticketId).strict(), output: z.object({}) },
  /** Which tickets have a draft: the queue's pencil. */
  'drafts.list': { input: none, output: z.object({ ticketIds: z.array(Id) }) },
  /** A file for the next reply or note: kept on this desk (offline too) until the desk server has it. */
  'files.attach': {
    input: z.object({ name: z.string().max(255), type: z.string().max(255).optional(), data: z.base64().max(Math.ceil((maxAttachmentMb * 1_048_576) / 3) * 4 + 4) }).strict(),
    output: FileRef
  },
  /** A file on a ticket, from this desk's copy or downloaded from the desk server (and kept for offline use). */
  'files.get': { input: z.object({ sha256: Sha256 }).strict(), output: z.object({ data: z.base64() }) },
  /** Opens a file with its program, in the app only: after the technician has seen its name (and a warning for a program) and said yes. */
  'files.open': { input: z.object({ sha256: Sha256, name: z.string().max(255) }).strict(), output: z.object({ opened: z.boolean() }) },
  'tickets.logTime': { input: z.object({ ...ticketId, minutes, note: z.string().trim().max(500).optional() }).strict(), output: Ticket },
  /** A supervisor approves a change, or refuses it with the reason; both go on its timeline. */
  'tickets.decideChange': { input: z.object({ ...ticketId, decision: z.enum(['approved', 'rejected']), reason: z.string().trim().max(2_000) }).strict(), output: Ticket },
  'tickets.link': {
    input: z.object({ ...ticketId, otherId: Id, relation: z.enum(['related', 'explains', 'fixes']) }).strict(),
    output: Ticket
  },
  'tickets.merge': { input: z.object({ ...ticketId, intoId: Id }).strict(), output: Ticket },
  'tickets.recordSatisfaction': {
    input: z.object({ ...ticketId, score: z.number().int().min(1).max(5), comment: z.string().trim().max(2_000).default('') }).strict(),
    output: Ticket
  },
  'canned.render': { input: z.object({ cannedId: Id, ticketId: Id }).strict(), output: z.object({ text: z.string() }) },
  'sync.status': { input: z.object({}).strict(), output: SyncStatus },
  'sync.signIn': {
    input: z
      .object({
        serverUrl: z.url({ protocol: /^https?$/, error: 'The desk server address starts with http:// or https://.' }).max(500),
        email: z.email({ error: 'Not an email address.' }).max(320),
        password: z.string().min(1, { error: 'Required.' }).max(200),
        /** Asked for when an admin set the password for one sign-in. */
        newPassword: z.string().min(12, { error: 'At least 12 characters.' }).max(200).optional()
      })
      .strict(),
    output: SyncStatus
  },
  'sync.signOut': { input: z.object({}).strict(), output: SyncStatus },
  /** This desk's window: days of closed tickets it keeps (0: all of them); older ones stay on the desk server until opened. */
  'sync.window': { input: none, output: z.object({ days: PullWindow }) },
  /** A wider window fetches what the narrower one left on the server, at the next sync. */
  'sync.setWindow': { input: z.object({ days: PullWindow }).strict(), output: z.object({ days: PullWindow }) },
  /** The changes the desk server has not acknowledged, as a JSON file to keep before a wipe. */
  'sync.exportPending': { input: none, output: z.object({ fileName: z.string(), json: z.string(), count: z.number(), fingerprint: z.string() }) },
  /**
   * Signs out and removes this machine's desk: the token, the cache, everything. Refused while
   * anything has not reached the desk server, unless the technician names the export they saved
   * (its fingerprint) and nothing has changed since.
   */
  'desk.wipe': { input: z.object({ confirm: z.literal('wipe'), savedExport: z.string().max(64).optional() }).strict(), output: DeskStatus },
  'sync.now': { input: z.object({}).strict(), output: SyncStatus },
  'sync.retry': { input: z.object({ mutationId: Id }).strict(), output: SyncStatus },
  'sync.discard': { input: z.object({ mutationId: Id }).strict(), output: SyncStatus },
  'sync.createEnrollment': {
    input: z.object({ label: z.string().trim().min(1, { error: 'Name the machines this token is for.' }).max(120) }).strict(),
    output: z.object({ token: z.string(), label: z.string(), serverUrl: z.string() })
  },
  /** Enrollment tokens and the snapshots waiting for review: the desk server's, for supervisors. */
  'sync.enrollments': { input: none, output: EnrollmentOverview },
  'sync.revokeEnrollment': { input: z.object({ id: Id }).strict(), output: EnrollmentOverview },
  'sync.decideReview': { input: z.object({ id: Id, accept: z.boolean() }).strict(), output: EnrollmentOverview },
  /** Who a ticket can be assigned to, from this desk's copy of the team (offline too). */
  'team.assignees': { input: none, output: z.array(z.object({ id: Id, name: z.string(), groups: z.array(z.string()), open: z.number().int() })) },
  'team.overview': { input: none, output: TeamOverview },
  'canned.savePersonal': { input: PersonalCanned, output: z.array(CannedResponse) },
  'canned.removePersonal': { input: z.object({ id: Id }).strict(), output: z.array(CannedResponse) },
  'team.createAccount': { input: NewAccount, output: TeamOverview },
  'team.changeAccount': { input: z.object({ id: Id, change: AccountChange }).strict(), output: TeamOverview },
  'team.revokeDevice': { input: z.object({ id: Id }).strict(), output: TeamOverview },
  'team.resetPassword': { input: z.object({ id: Id }).strict(), output: z.object({ password: z.string(), overview: TeamOverview }) },
  'team.saveGroup': { input: z.object({ id: Id.optional(), group: GroupInput }).strict(), output: TeamOverview },
  'team.removeGroup': { input: z.object({ id: Id, moveTo: Id.optional() }).strict(), output: TeamOverview },
  'team.savePolicies': { input: TeamPolicies, output: TeamOverview },
  'team.saveCanned': { input: z.object({ list: CannedList }).strict(), output: TeamOverview },
  'team.saveSynonyms': { input: z.object({ groups: SynonymGroups }).strict(), output: TeamOverview },
  /** The due times a ticket of `priority` logged now would get under these (draft) policies. */
  'team.previewDue': { input: z.object({ policies: TeamPolicies, priority: Priority, groupId: Id.optional(), type: TicketType.optional() }).strict(), output: z.object({ firstResponseDue: Instant, resolutionDue: Instant }) },
  /** A requester's directory account, read live through the desk server (unavailable offline). */
  'account.lookup': { input: z.object({ personId: Id }).strict(), output: AccountLookup },
  /** Unlock, reset, enable or disable it; written to the ticket's timeline by the server. */
  'account.act': { input: AccountActionInput.extend({ personId: Id }), output: AccountActionResult },
  'directories.list': { input: none, output: z.object({ directories: z.array(DirectoryInfo), policy: AccountPolicy }) },
  'directories.save': { input: z.object({ id: Id.optional(), directory: DirectoryInput }).strict(), output: DirectoryInfo },
  'directories.test': { input: z.object({ id: Id.optional(), directory: DirectoryInput }).strict(), output: ConnectionTest },
  'directories.sync': { input: z.object({ id: Id, full: z.boolean().default(false) }).strict(), output: SyncReport },
  'directories.savePolicy': { input: AccountPolicy, output: AccountPolicy },
  /** The support mailboxes and the mail set aside, from the desk server (admins). */
  'mail.mailboxes': { input: none, output: z.object({ mailboxes: z.array(MailboxInfo), quarantine: z.array(QuarantinedMail) }) },
  'mail.saveMailbox': { input: z.object({ id: Id.optional(), mailbox: MailboxInput }).strict(), output: z.object({ mailboxes: z.array(MailboxInfo), quarantine: z.array(QuarantinedMail) }) },
  /** The mail the desk sends requesters on its own: wording and on/off, the desk server's (admins). */
  'mail.templates': { input: none, output: MailTemplates },
  'mail.saveTemplates': { input: MailTemplates, output: MailTemplates },
  'sync.dismissNotice': { input: z.object({ id: z.number().int().positive() }).strict(), output: z.object({ dismissed: z.boolean() }) },
  /** The workstation this console runs on, as a probe of it would name it: asked before it is filed under a requester. */
  'inventory.thisMachine': { input: none, output: z.object({ hostname: z.string() }) },
  'inventory.probe': {
    input: z.object({ stage: z.enum(['quick', 'full']), ownerId: Id.optional() }).strict(),
    output: z.object({ asset: Asset, snapshot: Snapshot })
  },
  /** A snapshot taken elsewhere (the headless probe's --json output), attached to its machine here. */
  'inventory.record': { input: z.object({ snapshot: Snapshot, ownerId: Id.optional() }).strict(), output: z.object({ asset: Asset, snapshot: Snapshot }) },
  'inventory.asset': { input: z.object(ticketId).strict(), output: AssetDetail },
  'inventory.ownedBy': { input: z.object({ personId: Id }).strict(), output: z.array(Asset) },
  'inventory.diff': { input: z.object({ fromId: Id, toId: Id }).strict(), output: z.array(SnapshotChange) },
  'inventory.update': { input: AssetUpdate, output: Asset },
  'inventory.fleet': { input: FleetQuery, output: Fleet },
  'inventory.lifecycle': { input: none, output: LifecyclePolicy },
  'inventory.setLifecycle': { input: LifecyclePolicy, output: LifecyclePolicy },
  'inventory.exportCsv': { input: FleetQuery, output: z.object({ csv: z.string() }) },
  'inventory.importPreview': { input: z.object({ csv: csvText }).strict(), output: ImportPreview },
  'inventory.import': { input: z.object({ csv: csvText }).strict(), output: z.object({ updated: z.number(), created: z.number() }) },
  'tickets.attachInventory': { input: z.object({ ...ticketId, assetId: Id }).strict(), output: Ticket },
  /** Remote-control clients installed on this machine, and what to install for a protocol with none. */
  'remote.clients': { input: none, output: RemoteClients },
  /** Hosts the ticket already knows: its linked machines and the requester's, by name and address. */
  'remote.targets': { input: z.object(ticketId).strict(), output: RemoteTargets },
  /** What a launch would do, for the confirmation: nothing starts. Refuses a bad target with the reason. */
  'remote.plan': { input: RemoteRequest, output: RemotePlan },
  'remote.launch': { input: RemoteRequest, output: RemoteSession },
  'remote.customTool': { input: none, output: z.object({ tool: CustomTool.nullable() }) },
  'remote.setCustomTool': { input: z.object({ tool: CustomTool.nullable() }).strict(), output: z.object({ tool: CustomTool.nullable() }) },
  'kb.search': { input: ArticleQuery, output: z.array(ArticleHit) },
  /** Articles for a ticket being typed or read: its subject and description, weighed by the requester's machines. */
  'kb.suggest': {
    input: z
      .object({
        subject: z.string().max(300),
        description: z.string().max(20_000).default(''),
        requesterId: Id.optional(),
        /** The ticket being read, when it exists: it is not counted among the similar tickets its own article solved. */
        ticketId: Id.optional(),
        limit: z.number().int().min(1).max(20).default(5)
      })
      .strict(),
    output: z.array(ArticleHit)
  },
  'kb.get': { input: z.object(ticketId).strict(), output: Article },
  /** The article as plain text, for a reply: no markup reaches the requester. */
  'kb.excerpt': { input: z.object(ticketId).strict(), output: z.object({ title: z.string(), text: z.string(), visibility: ArticleVisibility }) },
  'kb.save': { input: ArticleDraft, output: Article },
  'kb.versions': { input: z.object(ticketId).strict(), output: z.array(ArticleVersion) },
  'kb.diff': { input: z.object({ ...ticketId, from: z.number().int().positive(), to: z.number().int().positive() }).strict(), output: VersionDiff },
  /** Links the article to the ticket (on its timeline); `solved` counts toward the article's usefulness. */
  'kb.link': { input: z.object({ ticketId: Id, articleId: Id, solved: z.boolean() }).strict(), output: Article },
  /** A draft article from a ticket's symptoms, handoff and resolution, for its author to edit and publish. */
  'kb.draftFromTicket': { input: z.object({ ticketId: Id }).strict(), output: Article },
  'kb.importPreview': { input: KnowledgeImport, output: KnowledgeImportPreview },
  'kb.import': { input: KnowledgeImport, output: z.object({ imported: z.number() }) },
  'kb.report': { input: none, output: KnowledgeReport },
  /** Breached tickets and my open ones: the badge and native notifications read this. */
  'desk.attention': { input: none, output: Attention },
  'app.preferences': { input: none, output: Preferences },
  'app.setPreferences': { input: Preferences.partial().strict(), output: Preferences },
  /** The installed app's own updates: where they come from, how far along, and restarting into one. */
  'app.updates': { input: none, output: UpdateStatus },
  'app.setUpdateFeed': { input: UpdateFeed, output: UpdateStatus },
  'app.restartToUpdate': { input: none, output: UpdateStatus },
  /** The supervisor's figures over a period, from this desk's copy (offline too); a technician signed in as an agent sees their own. */
  'reports.figures': { input: ReportQuery, output: Report },
  /** The tickets one figure (or one of its rows) counts: the first 500, and how many in all. */
  'reports.tickets': { input: FigureTickets, output: z.object({ total: z.number().int(), tickets: z.array(Ticket) }) },
  /** The figures as a spreadsheet, or with a figure named, the tickets behind it. */
  'reports.exportCsv': {
    input: z.object({ query: ReportQuery, figure: FigureKey.optional(), key: z.string().max(200).optional() }).strict(),
    output: z.object({ fileName: z.string(), csv: z.string() })
  },
  /** Groups of similar incidents from the last month that no problem explains yet: candidate problems. */
  'problems.candidates': { input: none, output: z.array(ProblemCandidate) },
  /** One step: the problem logged, and each incident of the group linked to it. */
  'problems.fromCandidate': { input: z.object({ incidentIds: z.array(Id).min(2).max(500), subject: text(300) }).strict(), output: Ticket },
  /** Not one problem: the group (and any group mostly of its incidents) is not proposed again. */
  'problems.dismiss': { input: z.object({ incidentIds: z.array(Id).min(1).max(500), title: z.string().max(300) }).strict(), output: z.object({ dismissed: z.literal(true) }) },
  /** A resolved problem's open incidents: each resolved with the fix, or each requester told by a public reply. */
  'problems.settleIncidents': {
    input: z.object({ id: Id, how: z.enum(['resolve', 'notify']), message: text(5_000) }).strict(),
    output: z.object({ settled: z.number().int(), skipped: z.number().int() })
  },
  /** A requester's details, edited offline too; each field merges on its own with other desks' edits. */
  'people.update': { input: z.object({ id: Id, edit: PersonEdit }).strict(), output: Person },
  'people.search': {
    input: z
      .object({ query: z.string().trim().min(1).max(100), limit: z.number().int().min(1).max(50).default(8) })
      .strict(),
    output: z.array(Person)
  }
} as const

/** Events the core pushes to the console. */
export const events = {
  'tickets.changed': z.object({ ids: z.array(Id) }),
  'sync.changed': SyncStatus,
  'inventory.progress': ProbeProgress,
  'kb.importProgress': ImportProgress,
  /** This machine's desk was wiped: the shell clears its web storage too. */
  'desk.wiped': z.object({}),
  'app.update': UpdateStatus,
  /** A menu item chosen in the app menu, for the console to act on. */
  'app.menu': z.object({ action: MenuAction })
} as const

export type Contract = typeof contract
export type Method = keyof Contract
export type MethodInput<M extends Method> = z.input<Contract[M]['input']>
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>
export type MethodOutput<M extends Method> = z.output<Contract[M]['output']>

export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export const methodNames = Object.keys(contract) as Method[]
export const eventNames = Object.keys(events) as EventName[]

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name)
}

/** What `window.frontline` is, in Electron (preload) and in the browser host (web bridge) alike. */
export interface FrontlineApi {
  /** 'app' in Electron, where files open through the shell's guard; 'browser' in the browser host, where the browser saves them. */
  host: 'app' | 'browser'
  invoke<M extends Method>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** ipc channel names: one per method, one per event. */
export const ipcChannel = {
  method: (method: Method) => `frontline:${method}`,
  event: (event: EventName) => `frontline:event:${event}`
}
