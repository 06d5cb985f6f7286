import type { Database } from 'better-sqlite3'
import { PersonEdit, personFields, type Person, type PersonField } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import type { Directory } from './directory'
import type { Outbox } from './outbox'
import { updater } from './sql'

const updatePerson = updater('people', personFields)

/**
 * A technician's edit of a requester's details: written here at once (offline too) and queued for
 * the desk server as the fields that changed, each merged there by its own clock like a ticket's.
 */
export class PersonWrites {
  constructor(
    private readonly db: Database,
    private readonly directory: Directory,
    private readonly outbox: Outbox,
    private readonly now: () => Date
  ) {}

  update(id: string, input: PersonEdit): Person {
    const edit = PersonEdit.parse(input)
    return this.db.transaction(() => {
      const before = this.directory.person(id)
      const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
      const changed = (Object.entries(edit) as Array<[PersonField, unknown]>).filter(([field, value]) => !same(before[field], value))
      if (changed.length === 0) return before
      const fields = Object.fromEntries(changed) as Record<PersonField, string | boolean | null | string[]>
      // SQLite keeps the flag as 0/1 and the other addresses as JSON.
      const values = { ...fields, ...(typeof fields.vip === 'boolean' ? { vip: fields.vip ? 1 : 0 } : {}), ...(fields.aliases ? { aliases: JSON.stringify(fields.aliases) } : {}) }
      try {
        this.db.prepare(updatePerson(changed.map(([field]) => field))).run({ ...values, id })
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DeskError('CONFLICT', `Another requester already has the email ${String(fields.email)}.`, [{ path: 'email', message: 'Another requester has this email.' }])
        throw error
      }
      this.outbox.append('person.update', { tickets: [], events: [], people: [], personChanges: [{ id, fields }] }, this.now().toISOString())
      return this.directory.person(id)
    })()
  }
}
