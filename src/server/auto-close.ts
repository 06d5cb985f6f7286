import type { Pool } from 'pg'
import { businessDaysAfter } from '../shared/business-days'
import { formatHlc } from '../shared/hlc'
import { TeamCalendar } from '../shared/team'
import { inChangeOrder } from './assets'
import { appendEvents, setTicketFields } from './ticket-records'

/**
 * Closes resolved tickets the requester has left alone for the team's number of business days, with
 * a note on the timeline saying so. A requester who answers first reopens the ticket instead (the mail
 * intake does that), so only silence closes one.
 */
export async function closeResolvedTickets(pool: Pool, now: number): Promise<number> {
  const settings = Object.fromEntries((await pool.query<{ key: string; data: unknown }>("SELECT key, data FROM team_settings WHERE key IN ('calendar', 'autoCloseDays')")).rows.map((r) => [r.key, r.data]))
  const days = typeof settings.autoCloseDays === 'number' ? settings.autoCloseDays : 5
  const calendar = TeamCalendar.safeParse(settings.calendar)
  if (days === 0 || !calendar.success) return 0
  const resolved = (await pool.query<{ id: string; resolved_at: string | null }>("SELECT id, fields->>'resolved_at' AS resolved_at FROM tickets WHERE fields->>'status' = 'resolved'")).rows
  const due = resolved.filter((t) => t.resolved_at && businessDaysAfter(calendar.data, new Date(t.resolved_at), days).getTime() <= now)
  let closed = 0
  for (const ticket of due) {
    closed += await inChangeOrder(
      pool,
      async (db) => {
        // Still resolved now that it is locked: a desk may have reopened or closed it meanwhile.
        const still = (await db.query("SELECT 1 FROM tickets WHERE id = $1 AND fields->>'status' = 'resolved'", [ticket.id])).rowCount
        if (!still) return { value: 0, changed: false }
        const at = new Date(now).toISOString()
        const stamp = formatHlc({ wall: now, counter: 0, node: 'desk-server' })
        await setTicketFields(db, ticket.id, { status: 'closed', closed_at: at, updated_at: at }, stamp)
        await appendEvents(db, ticket.id, at, [
          { kind: 'status', from: 'resolved', to: 'closed', pendingReason: null, resolutionCode: null, resolutionNotes: null },
          { kind: 'note', body: `Closed automatically: ${days} business day${days === 1 ? '' : 's'} after it was resolved, with no answer from the requester.` }
        ])
        return { value: 1, changed: true }
      },
      { tickets: [ticket.id] }
    )
  }
  return closed
}
