/**
 * Migration 17: fewer index writes per pushed row (issue 22).
 *
 * Migration 15's change indexes lead with `change_seq` too, so migration 1's plain ones are only
 * written, never needed: every push wrote each ticket and event into both. The words index stops
 * keeping a pending list: with it, each insert is cheap until the one that finds the list full and
 * merges it, and that push waits hundreds of milliseconds.
 */
export const leanTicketIndexesSql = `
DROP INDEX tickets_change;
DROP INDEX ticket_events_change;
ALTER INDEX tickets_words SET (fastupdate = off);
`
