import type { DeskStatus } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import type { AttentionReads } from '../store/attention-reads'
import type { Recovery } from '../store/database'
import type { Directory } from '../store/directory'
import type { Outbox } from '../store/outbox'
import type { TicketReads } from '../store/ticket-reads'
import type { UnsentWork } from '../sync/unsent-work'
import type { AreaHandlers } from './handler-types'

export interface DeskHandlerDeps {
  reads: TicketReads
  directory: Directory
  outbox: Outbox
  attention: AttentionReads
  unsent: UnsentWork
  dataFile: string
  recovery: Recovery | null
  /** Writes the sample desk; answers the tickets it logged. */
  loadSample(): string[]
  /** Tells every open console to show the desk again (no sync: nothing here is a change to send). */
  refresh(ids: string[]): void
  /** Removes this machine's desk (file, token) and opens a fresh one; answers the new desk's status. */
  wipe(): Promise<DeskStatus>
}

export function deskHandlers({ reads, directory, outbox, attention, unsent, dataFile, recovery, loadSample, refresh, wipe }: DeskHandlerDeps): AreaHandlers<'desk'> {
  const status = (): DeskStatus => {
    const tickets = reads.count()
    return {
      ticketCount: tickets,
      peopleCount: directory.peopleCount(),
      sampleOffered: tickets === 0 && !directory.getMeta('sample_loaded_at'),
      dataFile,
      pendingChanges: outbox.pending(),
      recovery
    }
  }
  return {
    'desk.status': status,
    'desk.loadSample': () => {
      if (status().sampleOffered) refresh(loadSample())
      return status()
    },
    'desk.directory': () => ({ me: directory.me(), groups: directory.groups(), agents: directory.agents(), canned: directory.cannedResponses() }),
    'desk.attention': () => attention.read(),
    'desk.wipe': ({ savedExport }) => {
      const { count, fingerprint } = unsent.fingerprint()
      if (count && savedExport !== fingerprint) {
        throw new DeskError(
          'CONFLICT',
          savedExport
            ? `Something changed since your export: ${count} unsent item${count === 1 ? '' : 's'} now. Export again, save the file, then wipe.`
            : `${count} change${count === 1 ? ' has' : 's have'} not reached the desk server. Sync first, or export ${count === 1 ? 'it' : 'them'} to a file you keep, then wipe.`
        )
      }
      return wipe()
    }
  }
}
