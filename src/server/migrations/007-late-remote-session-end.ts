import { numbersFromSequencesSql } from './003-numbers-from-sequences'

/**
 * Migration 7: a remote session's end may arrive for a ticket closed while the session ran (the
 * desk allows it for the same reason). apply_push is migration 3's, with that one kind added to the
 * closed-ticket exemption; migration 3's text is reused rather than copied, and left as shipped.
 */
const closedCheck = "m->>'kind' <> 'ticket.recordSatisfaction'"
const fn = numbersFromSequencesSql.slice(numbersFromSequencesSql.indexOf('CREATE OR REPLACE FUNCTION apply_push'))
if (!fn.includes(closedCheck)) throw new Error('migration 7: migration 3 no longer has the closed-ticket check it amends')

export const lateRemoteSessionEndSql = fn.replace(closedCheck, "m->>'kind' NOT IN ('ticket.recordSatisfaction', 'ticket.remoteSession')")
