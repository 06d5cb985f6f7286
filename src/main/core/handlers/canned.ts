import { DeskError } from '../../../shared/errors'
import { placeholderValues, renderCanned } from '../rules/canned'
import type { Directory } from '../store/directory'
import type { TicketReads } from '../store/ticket-reads'
import type { AreaHandlers } from './handler-types'

export function cannedHandlers({ directory, reads }: { directory: Directory; reads: TicketReads }): AreaHandlers<'canned'> {
  return {
    'canned.render': ({ cannedId, ticketId }) => {
      const canned = directory.cannedResponses().find((c) => c.id === cannedId)
      if (!canned) throw new DeskError('NOT_FOUND', 'No such canned response on this desk.')
      return { text: renderCanned(canned.body, placeholderValues(reads.get(ticketId), directory.me().name)) }
    },
    'canned.savePersonal': (input) => directory.savePersonalCanned(input),
    'canned.removePersonal': ({ id }) => directory.removePersonalCanned(id)
  }
}
