import type { Database } from 'better-sqlite3'
import { openDesk } from '../../src/main/core/store/database'
import { DeskClock } from '../../src/main/core/store/desk-clock'
import { Directory } from '../../src/main/core/store/directory'
import { Outbox } from '../../src/main/core/store/outbox'
import { PullApplier } from '../../src/main/core/store/pulled-changes'
import { Quarantine } from '../../src/main/core/store/quarantine'
import { TicketReads } from '../../src/main/core/store/ticket-reads'
import { TicketWrites } from '../../src/main/core/store/ticket-writes'
import { tempDir } from './temp-dir'

/** A fresh desk file with the parts a pull writes through (the desk's own calendar, Berlin office hours). */
export function pullDesk(now: () => Date = () => new Date()): { db: Database; applier: PullApplier; close(): void } {
  const dir = tempDir()
  const { db } = openDesk(`${dir.path}/desk.sqlite`)
  const directory = new Directory(db)
  directory.ensureDefaults('Europe/Berlin')
  const writes = new TicketWrites(db, directory, new TicketReads(db, directory, now), new Outbox(db, new DeskClock(db)), now)
  return {
    db,
    applier: new PullApplier(db, (ids) => writes.refreshDueMany(ids), new Quarantine(db, now)),
    close() {
      db.close()
      dir.remove()
    }
  }
}
