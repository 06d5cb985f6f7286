import type { Directory } from '../store/directory'
import type { PersonWrites } from '../store/person-writes'
import type { AreaHandlers, TicketsChanged } from './handler-types'

export function peopleHandlers({ directory, people, ticketsChanged }: { directory: Directory; people: PersonWrites; ticketsChanged: TicketsChanged }): AreaHandlers<'people'> {
  return {
    'people.search': ({ query, limit }) => directory.searchPeople(query, limit),
    'people.update': ({ id, edit }) => {
      const person = people.update(id, edit)
      // Tickets show the requester's name and VIP flag: every queue refreshes, and the sync goes shortly after.
      ticketsChanged([])
      return person
    }
  }
}
