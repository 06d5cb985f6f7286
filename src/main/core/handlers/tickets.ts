import type { Ticket } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import type { Role } from '../../../shared/sync'
import type { AssetStore } from '../inventory/asset-store'
import { factLines, summarize } from '../inventory/normalize'
import type { Directory } from '../store/directory'
import type { DraftStore } from '../store/drafts'
import type { FileStore } from '../store/file-store'
import type { TicketReads } from '../store/ticket-reads'
import type { TicketWrites } from '../store/ticket-writes'
import type { RemoteTickets } from '../sync/remote-tickets'
import type { AreaHandlers, TicketsChanged } from './handler-types'

export interface TicketHandlerDeps {
  reads: TicketReads
  writes: TicketWrites
  directory: Directory
  drafts: DraftStore
  files: FileStore
  assets: AssetStore
  /** Older tickets the desk's window left on the desk server. */
  remote: RemoteTickets
  /** The signed-in account's role; undefined on a desk that is not signed in. */
  signedInRole(): Role | undefined
  ticketsChanged: TicketsChanged
}

export function ticketsHandlers({ reads, writes, directory, drafts, files, assets, remote, signedInRole, ticketsChanged }: TicketHandlerDeps): AreaHandlers<'tickets'> {
  // Answers the ticket a write returned, once every console has been told of it and of the others it touched.
  const saved = <T extends Ticket>(ticket: T, ...others: string[]): T => {
    ticketsChanged([ticket.id, ...others])
    return ticket
  }
  return {
    'tickets.list': (query) => reads.list(query, directory.me().id),
    'tickets.get': async ({ id }) => {
      // Not here: an older ticket the window left on the server is fetched, kept, then read like any other.
      if (!reads.has(id)) await remote.open(id)
      return reads.detail(id)
    },
    'tickets.markSeen': ({ id }) => writes.markSeen(id),
    'tickets.search': ({ query, limit }) => remote.search(query, limit),
    'tickets.similarOpen': ({ requesterId, subject }) => reads.similarOpen(requesterId, subject, directory.me().id),
    'tickets.create': (input) => saved(writes.create(input)),
    'tickets.update': (input) => saved(writes.update(input)),
    'tickets.overridePriority': (input) => saved(writes.overridePriority(input)),
    'tickets.decideChange': (input) => {
      // The server decides too; a desk signed in as someone who may not approve is told so at once.
      const role = signedInRole()
      if (role && role !== 'supervisor' && role !== 'admin') throw new DeskError('FORBIDDEN', 'A supervisor approves changes.')
      return saved(writes.decideChange(input))
    },
    'tickets.setStatus': (input) => saved(writes.setStatus(input)),
    'tickets.assign': (input) => saved(writes.assign(input)),
    'tickets.escalate': (input) => saved(writes.escalate(input)),
    'tickets.comment': (input) => {
      // Attached here first (files.attach), so the desk has each file to upload before the entry that names it.
      const missing = input.attachments?.find((f) => files.sizeOf(f.sha256) !== f.size)
      if (missing) throw new DeskError('INVALID_INPUT', `${missing.name} is not attached on this desk; attach it again.`)
      const ticket = writes.comment(input)
      // Sent, so the draft it came from is done with (the console forgets it too).
      drafts.clear(input.id)
      return saved(ticket)
    },
    'tickets.logTime': (input) => saved(writes.logTime(input)),
    'tickets.link': (input) => saved(writes.link(input), input.otherId),
    'tickets.merge': (input) => saved(writes.merge(input), input.id),
    'tickets.recordSatisfaction': (input) => saved(writes.recordSatisfaction(input)),
    'tickets.attachInventory': ({ id, assetId }) => {
      const asset = assets.get(assetId)
      const latest = assets.latest(assetId)
      if (!latest) throw new DeskError('CONFLICT', `${asset.tag} has never been probed, so there is no inventory to attach.`)
      return saved(writes.attachInventory(id, { id: asset.id, tag: asset.tag, name: asset.name }, { takenAt: latest.takenAt, summary: summarize(latest), facts: factLines(latest) }))
    }
  }
}
