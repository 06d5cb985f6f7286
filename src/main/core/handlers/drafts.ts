import type { DraftStore } from '../store/drafts'
import type { AreaHandlers } from './handler-types'

export function draftsHandlers({ drafts }: { drafts: DraftStore }): AreaHandlers<'drafts'> {
  return {
    'drafts.get': ({ id }) => drafts.get(id),
    'drafts.save': ({ id, ...fields }) => drafts.save(id, fields),
    'drafts.clear': ({ id }) => {
      drafts.clear(id)
      return {}
    },
    'drafts.list': () => ({ ticketIds: drafts.ticketIds() })
  }
}
