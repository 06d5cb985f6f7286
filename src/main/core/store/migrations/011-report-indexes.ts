/**
 * The supervisor's figures find their tickets by when they were resolved and by the time logged in a
 * period, as the queue finds them by status and due time: without these, a week's review read every ticket.
 */
export const reportIndexesV11 = `
  CREATE INDEX tickets_resolved ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;
  CREATE INDEX ticket_events_time ON ticket_events (at) WHERE kind = 'time';
`
