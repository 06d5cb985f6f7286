import { addBusinessMinutes, type WeeklyHours } from './desk/business-calendar'
import { slaFor } from '../../shared/team'
import { hostname } from 'node:os'
import type { Method, MethodOutput, ParsedInput } from '../../shared/contract'
import type { Ticket } from '../../shared/domain'
import type { Snapshot } from '../../shared/inventory'
import { DeskError } from '../../shared/errors'
import { placeholderValues, renderCanned } from './desk/canned'
import { loadSampleDesk } from './desk/sample-desk'
import type { AssetImport } from './inventory/asset-import'
import type { AssetStore } from './inventory/asset-store'
import { knowledgeHandlers, type KnowledgeDeps } from './knowledge/knowledge-handlers'
import { AttentionReads } from './desk/attention'
import { remoteHandlers, type ConfirmCustomTool } from './remote/remote-handlers'
import type { Platform } from '../../shared/remote'
import type { UpdateService } from './updates'
import type { UpdateStatus } from '../../shared/updates'
import type { RemoteSessions } from './remote/remote-sessions'
import { fleetCsv } from './inventory/fleet-csv'
import { lifecyclePolicy, saveLifecyclePolicy } from './inventory/lifecycle-policy'
import { factLines, summarize } from './inventory/normalize'
import type { ProbeOptions } from './inventory/probe'
import type { DeskEvents } from './events'
import type { Recovery } from './store/database'
import type { Directory } from './store/directory'
import type { Outbox } from './store/outbox'
import { PersonWrites } from './store/person-writes'
import { SyncNotices } from './store/sync-notices'
import type { TicketReads } from './store/ticket-reads'
import type { TicketWrites } from './store/ticket-writes'
import type { DeskSync } from './sync/desk-sync'
import type { Database } from 'better-sqlite3'
import { fileHandlers, type OpenFile } from './files/file-handlers'
import { reportHandlers } from './reports/report-handlers'
import { problemHandlers } from './problems/problem-handlers'
import { ProblemCandidates } from './problems/problem-candidates'
import { ReportFigures } from './reports/report-figures'
import type { FileStore } from './store/file-store'
import { DraftStore } from './store/drafts'

export type Handlers = { [M in Method]: (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> }

export interface HandlerDeps {
  db: Database
  directory: Directory
  reads: TicketReads
  writes: TicketWrites
  outbox: Outbox
  sync: DeskSync
  /** Starts the background loop after a sign-in (a no-op where the host drives sync itself). */
  startSync(): void
  events: DeskEvents
  dataFile: string
  recovery: Recovery | null
  now: () => Date
  assets: AssetStore
  assetImport: AssetImport
  probe: (options: ProbeOptions) => Promise<Snapshot>
  remote: RemoteSessions
  remoteSettings: { platform: Platform; env: Record<string, string | undefined>; confirmCustomTool: ConfirmCustomTool | undefined }
  /** Removes this machine's desk (file, token) and opens a fresh one; answers the new desk's status. */
  wipe(): Promise<MethodOutput<'desk.status'>>
  /** Null in the browser host: it is updated with its source, not by itself. */
  updates: UpdateService | null
  knowledge: Omit<KnowledgeDeps, 'reads' | 'writes' | 'assets' | 'events' | 'changed'>
  files: FileStore
  openFile: OpenFile | undefined
}

const noUpdater: Omit<UpdateStatus, 'feedUrl'> = {
  state: 'disabled',
  version: null,
  percent: null,
  message: 'This is the browser host: it is updated with its source (git pull, npm install). The installed app updates itself.',
  checkedAt: null
}

/** One handler per contract method; inputs arrive already validated. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { db, directory, reads, writes, outbox, sync, startSync, events, dataFile, recovery, now, assets, assetImport, probe, remote, remoteSettings, knowledge, wipe, updates, files, openFile } = deps
  const attention = new AttentionReads(db, directory, now)
  const notices = new SyncNotices(db)
  const people = new PersonWrites(db, directory, outbox, now)
  const drafts = new DraftStore(db, now)
  const preferences = () => ({ notifications: directory.getMeta('notifications') !== 'off' })
  const counts = db.prepare('SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM people) AS people')

  const status = (): MethodOutput<'desk.status'> => {
    const { tickets, people } = counts.get() as { tickets: number; people: number }
    return {
      ticketCount: tickets,
      peopleCount: people,
      sampleOffered: tickets === 0 && !directory.getMeta('sample_loaded_at'),
      dataFile,
      pendingChanges: outbox.pending(),
      recovery
    }
  }

  /** A write, then the event that tells every open console to refresh what it shows. */
  const changed = <T extends Ticket>(ticket: T, ...others: string[]): T => {
    events.emit('tickets.changed', { ids: [ticket.id, ...others] })
    sync.soon()
    return ticket
  }

  // A new snapshot goes to the desk server with the next round, like any local change.
  const recorded = (snapshot: Snapshot, ownerId: string | undefined) => {
    const { assetId } = assets.record(snapshot, ownerId ?? null)
    sync.soon()
    return { asset: assets.get(assetId), snapshot }
  }

  return {
    'desk.status': status,
    'desk.loadSample': () => {
      if (status().sampleOffered) events.emit('tickets.changed', { ids: loadSampleDesk(db, directory, reads, now()) })
      return status()
    },
    'desk.directory': () => ({ me: directory.me(), groups: directory.groups(), agents: directory.agents(), canned: directory.cannedResponses() }),
    'tickets.list': (query) => reads.list(query, directory.me().id),
    'sync.status': () => sync.status(),
    'sync.signIn': async ({ serverUrl, email, password, newPassword }) => {
      const status = await sync.signIn(serverUrl, email, password, `Frontline on ${hostname()}`, newPassword)
      startSync()
      return status
    },
    'sync.signOut': () => sync.signOut(),
    'sync.exportPending': () => sync.unsent.export(),
    'desk.attention': () => attention.read(),
    'app.preferences': () => preferences(),
    'app.setPreferences': ({ notifications }) => {
      if (notifications !== undefined) directory.setMeta('notifications', notifications ? 'on' : 'off')
      return preferences()
    },
    'app.updates': () => updates?.current() ?? { ...noUpdater, feedUrl: directory.getMeta('update_feed_url') || null },
    'app.setUpdateFeed': ({ url }) => {
      directory.setMeta('update_feed_url', url ?? '')
      updates?.start()
      return updates?.current() ?? { ...noUpdater, feedUrl: url }
    },
    'app.restartToUpdate': () => {
      if (!updates) throw new DeskError('UNAVAILABLE', noUpdater.message)
      return updates.restart()
    },
    'desk.wipe': ({ savedExport }) => {
      const { count, fingerprint } = sync.unsent.fingerprint()
      if (count && savedExport !== fingerprint) {
        throw new DeskError(
          'CONFLICT',
          savedExport
            ? `Something changed since your export: ${count} unsent item${count === 1 ? '' : 's'} now. Export again, save the file, then wipe.`
            : `${count} change${count === 1 ? ' has' : 's have'} not reached the desk server. Sync first, or export ${count === 1 ? 'it' : 'them'} to a file you keep, then wipe.`
        )
      }
      return wipe()
    },
    'sync.now': () => sync.syncNow(),
    'sync.retry': ({ mutationId }) => sync.retry(mutationId),
    'sync.discard': ({ mutationId }) => sync.discard(mutationId),
    'sync.createEnrollment': ({ label }) => sync.enrollments.create(label),
    'sync.enrollments': () => sync.enrollments.list(),
    'sync.revokeEnrollment': ({ id }) => sync.enrollments.revoke(id),
    'sync.decideReview': ({ id, accept }) => sync.enrollments.decide(id, accept),
    'team.assignees': () => directory.assignees(),
    'canned.savePersonal': (input) => directory.savePersonalCanned(input),
    'canned.removePersonal': ({ id }) => directory.removePersonalCanned(id),
    'team.overview': () => sync.admin.overview(),
    'team.createAccount': (input) => sync.admin.createAccount(input),
    'team.changeAccount': ({ id, change }) => sync.admin.changeAccount(id, change),
    'team.revokeDevice': ({ id }) => sync.admin.revokeDevice(id),
    'team.resetPassword': ({ id }) => sync.admin.resetPassword(id),
    'team.saveGroup': ({ id, group }) => sync.admin.saveGroup(id, group),
    'team.removeGroup': ({ id, moveTo }) => sync.admin.removeGroup(id, moveTo),
    'team.savePolicies': (policies) => sync.admin.savePolicies(policies),
    'team.saveCanned': ({ list }) => sync.admin.saveCanned(list),
    'team.saveSynonyms': ({ groups }) => sync.admin.saveSynonyms(groups),
    'account.lookup': ({ personId }) => sync.accounts.lookup(personId),
    'account.act': ({ personId, ...action }) => sync.accounts.act(personId, action),
    'directories.list': () => sync.accounts.directories(),
    'directories.save': ({ id, directory }) => sync.accounts.saveDirectory(id, directory),
    'directories.test': ({ id, directory }) => sync.accounts.testDirectory(id, directory),
    'directories.sync': ({ id, full }) => sync.accounts.syncDirectory(id, full),
    'directories.savePolicy': (policy) => sync.accounts.savePolicy(policy),
    'mail.mailboxes': () => sync.mail.mailboxes(),
    'mail.saveMailbox': ({ id, mailbox }) => sync.mail.save(id, mailbox),
    'mail.templates': () => sync.mail.templates(),
    'mail.saveTemplates': (templates) => sync.mail.saveTemplates(templates),
    'team.previewDue': ({ policies, priority, groupId, type }) => {
      const rule = slaFor(policies, { priority, groupId: groupId ?? null, type: type ?? 'incident' })
      const target = rule.target
      const calendar = { ...rule.calendar, hours: rule.calendar.hours as WeeklyHours }
      const from = now()
      return {
        firstResponseDue: addBusinessMinutes(calendar, from, target.firstResponseMinutes).toISOString(),
        resolutionDue: addBusinessMinutes(calendar, from, target.resolutionMinutes).toISOString()
      }
    },
    'sync.dismissNotice': ({ id }) => {
      const ticketId = notices.dismiss(id)
      if (!ticketId) throw new DeskError('NOT_FOUND', 'That notice is already gone.')
      events.emit('tickets.changed', { ids: [ticketId] })
      return { dismissed: true }
    },
    'tickets.get': ({ id }) => reads.detail(id),
    'tickets.markSeen': ({ id }) => writes.markSeen(id),
    'tickets.search': ({ query, limit }) => reads.searchText(query, limit),
    'tickets.similarOpen': ({ requesterId, subject }) => reads.similarOpen(requesterId, subject, directory.me().id),
    'tickets.create': (input) => changed(writes.create(input)),
    'tickets.update': (input) => changed(writes.update(input)),
    'tickets.overridePriority': (input) => changed(writes.overridePriority(input)),
    'tickets.decideChange': (input) => {
      // The server decides too; a desk signed in as someone who may not approve is told so at once.
      const role = sync.status().account?.role
      if (role && role !== 'supervisor' && role !== 'admin') throw new DeskError('FORBIDDEN', 'A supervisor approves changes.')
      return changed(writes.decideChange(input))
    },
    'tickets.setStatus': (input) => changed(writes.setStatus(input)),
    'tickets.assign': (input) => changed(writes.assign(input)),
    'tickets.escalate': (input) => changed(writes.escalate(input)),
    'tickets.comment': (input) => {
      // Attached here first (files.attach), so the desk has each file to upload before the entry that names it.
      const missing = input.attachments?.find((f) => files.sizeOf(f.sha256) !== f.size)
      if (missing) throw new DeskError('INVALID_INPUT', `${missing.name} is not attached on this desk; attach it again.`)
      const ticket = writes.comment(input)
      // Sent, so the draft it came from is done with (the console forgets it too).
      drafts.clear(input.id)
      return changed(ticket)
    },
    'drafts.get': ({ id }) => drafts.get(id),
    'drafts.save': ({ id, ...fields }) => drafts.save(id, fields),
    'drafts.clear': ({ id }) => {
      drafts.clear(id)
      return {}
    },
    'drafts.list': () => ({ ticketIds: drafts.ticketIds() }),
    'tickets.logTime': (input) => changed(writes.logTime(input)),
    'tickets.link': (input) => changed(writes.link(input), input.otherId),
    'tickets.merge': (input) => changed(writes.merge(input), input.id),
    'tickets.recordSatisfaction': (input) => changed(writes.recordSatisfaction(input)),
    'canned.render': ({ cannedId, ticketId }) => {
      const canned = directory.cannedResponses().find((c) => c.id === cannedId)
      if (!canned) throw new DeskError('NOT_FOUND', 'No such canned response on this desk.')
      return { text: renderCanned(canned.body, placeholderValues(reads.get(ticketId), directory.me().name)) }
    },
    'people.search': ({ query, limit }) => directory.searchPeople(query, limit),
    'people.update': ({ id, edit }) => {
      const person = people.update(id, edit)
      // Tickets show the requester's name and VIP flag; the sync goes shortly after.
      events.emit('tickets.changed', { ids: [] })
      sync.soon()
      return person
    },
    ...remoteHandlers({ remote, reads, assets, directory, ...remoteSettings }),
    ...knowledgeHandlers({ ...knowledge, reads, writes, assets, events, changed }),
    ...fileHandlers({ files, transfer: sync.files, directory, openFile }),
    ...reportHandlers({ figures: new ReportFigures(db, directory, now), reads, directory, sync }),
    ...problemHandlers({
      candidates: new ProblemCandidates(db, writes, now),
      changed: (ids) => {
        events.emit('tickets.changed', { ids })
        sync.soon()
      }
    }),
    'inventory.thisMachine': () => ({ hostname: hostname() }),
    'inventory.probe': async ({ stage, ownerId }) => {
      const snapshot = await probe({ stage, onProgress: (p) => events.emit('inventory.progress', p) })
      return recorded(snapshot, ownerId)
    },
    'inventory.record': ({ snapshot, ownerId }) => recorded(snapshot, ownerId),
    'inventory.asset': ({ id }) => assets.detail(id),
    'inventory.ownedBy': ({ personId }) => assets.ownedBy(personId),
    'inventory.diff': ({ fromId, toId }) => assets.diff(fromId, toId),
    'inventory.update': (input) => assets.update(input),
    'inventory.fleet': (query) => assets.fleet(query),
    'inventory.lifecycle': () => lifecyclePolicy(directory),
    // Signed in, the refresh policy is the team's: the server takes it (or refuses, by role) first.
    'inventory.setLifecycle': async (policy) => {
      await sync.admin.saveRefresh(policy)
      return saveLifecyclePolicy(directory, policy)
    },
    'inventory.exportCsv': (query) => ({ csv: fleetCsv(assets.fleet(query).assets) }),
    'inventory.importPreview': ({ csv }) => assetImport.preview(csv),
    'inventory.import': ({ csv }) => assetImport.commit(csv),
    'tickets.attachInventory': ({ id, assetId }) => {
      const asset = assets.get(assetId)
      const latest = assets.latest(assetId)
      if (!latest) throw new DeskError('CONFLICT', `${asset.tag} has never been probed, so there is no inventory to attach.`)
      return changed(writes.attachInventory(id, { id: asset.id, tag: asset.tag, name: asset.name }, { takenAt: latest.takenAt, summary: summarize(latest), facts: factLines(latest) }))
    }
  }
}
