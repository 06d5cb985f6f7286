import type { Pool } from 'pg'

/**
 * Tells every server instance (LISTEN desk_changes, changes.ts) that something changed, after the
 * change committed, once for all the writes of the next few milliseconds. A NOTIFY inside the writing
 * transaction made every such commit wait for the one before it, WAL flush included: PostgreSQL
 * orders notifying commits under one lock.
 */
const pending = new WeakSet<Pool>()

export function nudgeDesks(pool: Pool, withinMs = 5): void {
  if (pending.has(pool)) return
  pending.add(pool)
  setTimeout(() => {
    // Cleared first: a write that commits while this NOTIFY is on its way gets one of its own.
    pending.delete(pool)
    // A failed nudge costs only promptness: desks also sync on a timer.
    pool.query("SELECT pg_notify('desk_changes', '')").catch(() => undefined)
  }, withinMs)
}
