import type { Database } from 'better-sqlite3'
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { setImmediate } from 'node:timers/promises'
import { createDispatch, type Dispatch } from './dispatch'
import { DeskEvents } from './platform/events'
import type { DeskStatus } from '../../shared/domain'
import { DeskError } from '../../shared/errors'
import type { Snapshot } from '../../shared/inventory'
import type { Platform } from '../../shared/remote'
import { AssetImport } from './inventory/asset-import'
import { AssetReplica } from './inventory/asset-replica'
import { AssetStore } from './inventory/asset-store'
import { lifecyclePolicy } from './inventory/lifecycle-policy'
import { ArticleStore } from './knowledge/article-store'
import { KnowledgeImport } from './knowledge/knowledge-import'
import { KnowledgeSearch } from './knowledge/knowledge-search'
import { probeThisMachine, type ProbeOptions } from './inventory/probe'
import { integrityReason, openDesk, recoverDesk, type OpenedDesk } from './store/database'
import { Directory } from './store/directory'
import { checkInBackground } from './store/integrity-check'
import { DeskClock } from './store/desk-clock'
import { Outbox } from './store/outbox'
import { Quarantine } from './store/quarantine'
import { FileStore } from './store/file-store'
import { TicketReads } from './store/ticket-reads'
import { TicketWrites } from './store/ticket-writes'
import { detectClients, windowsRegistryAppPath } from './remote/detect-clients'
import { vettedCustomTool, type ConfirmCustomTool } from './remote/saved-custom-tool'
import { deskSessionLog } from './remote/open-sessions'
import { RemoteSessions, type RemoteDeps } from './remote/remote-sessions'
import { PullApplier } from './store/pulled-changes'
import { SearchDeferral } from './store/search-deferral'
import { WalCheckpointer } from './store/wal-checkpointer'
import { SyncState } from './store/sync-state'
import { DeskLink } from './sync/desk-link'
import { TeamSync } from './sync/team-sync'
import { DeskSync } from './sync/desk-sync'
import { FileSecretStore, type SecretStore } from './sync/secret-store'
import { UpdateService, type Updater } from './platform/updates'
import { loadSampleDesk } from './sample/sample-desk'
import { AttentionReads } from './store/attention-reads'
import { DraftStore } from './store/drafts'
import { PersonWrites } from './store/person-writes'
import { SyncNotices } from './store/sync-notices'
import { ProblemCandidates } from './problems/problem-candidates'
import { ReportFigures } from './reports/report-figures'
import { combineHandlers } from './handlers/combine-handlers'
import { accountHandlers } from './handlers/account'
import { appHandlers } from './handlers/app'
import { cannedHandlers } from './handlers/canned'
import { deskHandlers } from './handlers/desk'
import { directoriesHandlers } from './handlers/directories'
import { draftsHandlers } from './handlers/drafts'
import { filesHandlers, type OpenFile } from './handlers/files'
import { inventoryHandlers } from './handlers/inventory'
import { kbHandlers } from './handlers/kb'
import { mailHandlers } from './handlers/mail'
import { peopleHandlers } from './handlers/people'
import { problemsHandlers } from './handlers/problems'
import { remoteHandlers } from './handlers/remote'
import { reportsHandlers } from './handlers/reports'
import { syncHandlers } from './handlers/sync'
import { teamHandlers } from './handlers/team'
import { ticketsHandlers } from './handlers/tickets'

export interface CoreOptions {
  dataDir: string
  nativeBinding?: string
  now?: () => Date
  /** The desk calendar's zone on first creation; the machine's own by default. */
  timeZone?: string
  /** Background sync with the desk server once signed in: on by default, off for tests that drive it. */
  sync?: { background?: boolean; fetch?: typeof fetch; intervalMs?: number }
  /** This machine's inventory probe; tests give recorded snapshots instead. */
  probe?: (options: ProbeOptions) => Promise<Snapshot>
  /** The installed app's updater (electron-updater's autoUpdater); the browser host has none. */
  updates?: { updater: Updater; currentVersion: string; packagedFeed?: boolean }
  /** Where the desk-server token is kept; a 0600 file in the data folder unless the host has better (the OS keychain). */
  secrets?: SecretStore
  /** The app's native confirmation of the desk's own remote tool; without one the tool cannot be set. */
  confirmCustomTool?: ConfirmCustomTool
  /** The shell's confirm-and-open guard for files on tickets (the app only). */
  openFile?: OpenFile
  /** Where remote-control clients are looked for and how they start; tests point it at fake clients, and at another platform. */
  remote?: { platform?: Platform; env?: Record<string, string | undefined>; appDirs?: string[]; spawn?: RemoteDeps['spawn']; tempRoot?: string; earlyExitMs?: number }
}

export interface FrontlineCore {
  dispatch: Dispatch
  events: DeskEvents
  dataFile: string
  /** Settles once the desk file's integrity check is done (and any recovery it needed). */
  verified: Promise<void>
  /** Closes the desk at once; the promise settles when the background integrity check has let go of the file too. */
  close(): Promise<void>
}

/** Opens the local desk in `dataDir`; every host (Electron shell, browser host, tests) starts here. */
export function openFrontlineCore({ dataDir, nativeBinding, now = () => new Date(), timeZone, sync: syncOptions = {}, probe = probeThisMachine, remote: remoteOptions = {}, confirmCustomTool, openFile, secrets = new FileSecretStore(dataDir), updates: updateOptions }: CoreOptions): FrontlineCore {
  const dataFile = join(dataDir, 'desk.sqlite')
  const binding = nativeBinding ? { nativeBinding } : {}
  const events = new DeskEvents()
  let db: Database
  let dispatch: Dispatch
  let sync: DeskSync | undefined
  let closed = false
  let desk: { reads: TicketReads; writes: TicketWrites; directory: Directory }
  const platform = remoteOptions.platform ?? hostPlatform()
  const remoteEnv = remoteOptions.env ?? process.env
  const updates = updateOptions
    ? new UpdateService({
        ...updateOptions,
        feedUrl: () => desk.directory.getMeta('update_feed_url') || null,
        restartBlocker: () => {
          const status = sync?.status()
          // A desk that is not signed in keeps its changes in the desk file: a restart loses nothing.
          if (!status || status.state === 'local' || status.pending === 0) return null
          return `${status.pending} change${status.pending === 1 ? ' is' : 's are'} still on the way to the desk server; try again once the status bar says all changes synced.`
        },
        publish: (status) => events.emit('app.update', status),
        now
      })
    : null
  const remote = new RemoteSessions({
    platform,
    detect: async () =>
      detectClients({
        platform,
        env: remoteEnv,
        ...(remoteOptions.appDirs ? { appDirs: remoteOptions.appDirs } : {}),
        ...(platform === 'win32' && process.platform === 'win32' ? { registryAppPath: windowsRegistryAppPath } : {}),
        customTool: await vettedCustomTool(desk.directory, platform, remoteEnv)
      }),
    checkTicket: (id) => {
      const ticket = desk.reads.get(id)
      if (ticket.status === 'closed') throw new DeskError('CONFLICT', `${ticket.number} is closed; open a new ticket for new work.`)
    },
    record: (id, event) => {
      desk.writes.remoteSession(id, event)
      events.emit('tickets.changed', { ids: [id] })
      sync?.soon()
    },
    now,
    ...(remoteOptions.spawn ? { spawn: remoteOptions.spawn } : {}),
    ...(remoteOptions.tempRoot ? { tempRoot: remoteOptions.tempRoot } : {}),
    ...(remoteOptions.earlyExitMs !== undefined ? { earlyExitMs: remoteOptions.earlyExitMs } : {}),
    openSessions: deskSessionLog(() => desk.directory)
  })

  const link = new DeskLink(dataDir)
  const serve = (opened: OpenedDesk) => {
    db = opened.db
    const clock = new DeskClock(db)
    const outbox = new Outbox(db, clock)
    const directory = new Directory(db)
    directory.ensureDefaults(timeZone)
    const reads = new TicketReads(db, directory, now)
    const writes = new TicketWrites(db, directory, reads, outbox, now)
    writes.backfillRisk()
    const search = new SearchDeferral(db, new SyncState(db))
    // A first sync the desk was closed under left search short of what it pulled: caught up before anyone searches.
    search.catchUpOnOpen()
    const assets = new AssetStore(db, now, { lifecycle: () => lifecyclePolicy(directory), clock })
    desk = { reads, writes, directory }
    const articles = new ArticleStore(db, now, () => directory.getMeta('me') ?? null, true, clock)
    // An import the desk closed under is taken out; one that wrote in the last ten minutes may be another process's, under way.
    void articles.dropHeld(setImmediate, new Date(now().getTime() - 600_000).toISOString()).catch(() => undefined)
    const quarantine = new Quarantine(db, now)
    const files = new FileStore(db, now)
    const applier = new PullApplier(db, (ids) => writes.refreshDueMany(ids), quarantine)
    // Tickets the damaged file lost come back from this desk's own unsent changes (and, signed in, from the server).
    if (opened.recovery) opened.recovery.rebuiltTickets = applier.replayLost(outbox.all())
    sync = new DeskSync({
      db,
      outbox,
      directory,
      applier,
      reads,
      quarantine,
      snapshots: assets,
      assets: new AssetReplica(db, assets, now, clock),
      knowledge: articles,
      team: new TeamSync(db, directory, quarantine, (ids) => writes.refreshDueMany(ids)),
      files,
      search,
      checkpoints: () => WalCheckpointer.begin(opened.db, nativeBinding),
      secrets,
      link,
      events,
      now,
      ...(syncOptions.fetch ? { fetch: syncOptions.fetch } : {})
    })
    const background = syncOptions.background ?? true
    // Not before the file has passed its check: nothing is pushed from, or pulled into, a damaged desk.
    if (background && !checking) sync.start(syncOptions.intervalMs)
    const deskSync = sync
    const ticketsChanged = (ids: string[]) => {
      events.emit('tickets.changed', { ids })
      deskSync.soon()
    }
    const refresh = (ids: string[]) => events.emit('tickets.changed', { ids })
    const signedInRole = () => deskSync.status().account?.role
    const drafts = new DraftStore(db, now)
    dispatch = createDispatch(
      combineHandlers({
        desk: deskHandlers({
          reads,
          directory,
          outbox,
          attention: new AttentionReads(db, directory, now),
          unsent: sync.unsent,
          dataFile,
          recovery: opened.recovery,
          loadSample: () => loadSampleDesk(db, directory, reads, now()),
          refresh,
          wipe
        }),
        tickets: ticketsHandlers({ reads, writes, directory, drafts, files, assets, remote: sync.remote, signedInRole, ticketsChanged }),
        drafts: draftsHandlers({ drafts }),
        files: filesHandlers({ files, transfer: sync.files, directory, openFile }),
        canned: cannedHandlers({ directory, reads }),
        sync: syncHandlers({ sync, notices: new SyncNotices(db), startSync: () => background && deskSync.start(syncOptions.intervalMs), refresh }),
        team: teamHandlers({ directory, admin: sync.admin, now }),
        account: accountHandlers({ accounts: sync.accounts }),
        directories: directoriesHandlers({ accounts: sync.accounts }),
        mail: mailHandlers({ mail: sync.mail }),
        inventory: inventoryHandlers({ assets, assetImport: new AssetImport(db, assets), probe, directory, admin: sync.admin, events, syncSoon: () => deskSync.soon() }),
        remote: remoteHandlers({ remote, reads, assets, directory, platform, env: remoteEnv, confirmCustomTool }),
        kb: kbHandlers({ articles, search: new KnowledgeSearch(db, now), knowledgeImport: new KnowledgeImport(db, articles), reads, writes, assets, events, ticketsChanged }),
        app: appHandlers({ directory, updates }),
        reports: reportsHandlers({ figures: new ReportFigures(db, directory, now), reads, directory, signedInRole }),
        problems: problemsHandlers({ candidates: new ProblemCandidates(db, writes, now), ticketsChanged }),
        people: peopleHandlers({ directory, people: new PersonWrites(db, directory, outbox, now), ticketsChanged })
      })
    )
    // Remote sessions whose end this desk missed (closed while the client ran) are closed now, time unknown.
    remote.closeLost()
  }

  /** Sign out, then remove every file this desk wrote in the data folder, and start over with an empty desk. */
  const wipe = async (): Promise<DeskStatus> => {
    await sync?.signOut().catch(() => undefined)
    secrets.delete('token')
    link.forget()
    await sync?.close()
    db.close()
    for (const name of readdirSync(dataDir)) {
      if (/^desk(\.damaged-[^/]*)?\.sqlite(-wal|-shm|-journal)?$/.test(name)) rmSync(join(dataDir, name), { force: true, maxRetries: 5, retryDelay: 100 })
    }
    serve(openDesk(dataFile, binding))
    events.emit('desk.wiped', {})
    events.emit('tickets.changed', { ids: [] })
    const status = await dispatch('desk.status', {})
    if (!status.ok) throw new DeskError(status.error.code, status.error.message)
    return status.value as DeskStatus
  }

  // The first open's integrity check runs while the console is served; sync waits for it.
  let checking = true
  serve(openDesk(dataFile, { ...binding, deferCheck: true }))
  updates?.start()
  // The first page does not wait for quick_check; if it finds damage, the desk moves to a recovered
  // file (pending changes carried over, including any made meanwhile) and every console refreshes.
  // The sync working on the damaged file lets go of it first (requests under way aborted), or its
  // round would go on writing to a closed connection.
  const moveToRecovered = async (found: string) => {
    await sync?.close()
    if (closed) return
    db.close()
    serve(recoverDesk(dataFile, binding, integrityReason(found)))
    events.emit('tickets.changed', { ids: [] })
    events.emit('sync.changed', sync!.status())
  }
  const check = checkInBackground(dataFile, nativeBinding)
  // Damage moves the desk to a recovered file (whose sync starts as it is served); a sound file starts its sync now.
  const checked = async (result: string) => {
    checking = false
    if (closed) return
    if (result !== 'ok') await moveToRecovered(result)
    else if (syncOptions.background ?? true) sync?.start(syncOptions.intervalMs)
  }
  const verified = check.result.then(checked, () =>
    // The worker could not run: check here instead, late rather than never.
    checked(closed ? 'ok' : String(db.pragma('quick_check', { simple: true })))
  )

  return {
    dispatch: (method, input) => dispatch(method, input),
    events,
    dataFile,
    verified,
    close: () => {
      closed = true
      updates?.stop()
      check.cancel()
      // A pull's checkpoint worker lets go of the file once its round has stopped.
      const syncClosed = sync?.close()
      db.close()
      // The check's worker may still be reading the file: settles once it has let go.
      return Promise.all([verified.catch(() => undefined), syncClosed]).then(() => undefined)
    }
  }
}

/** The remote-client catalog's name for this OS; BSDs and the rest look for clients as Linux does. */
function hostPlatform(): Platform {
  return process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux'
}
