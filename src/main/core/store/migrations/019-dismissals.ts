/**
 * The dismissed groups of recurring incidents: the Reports view's candidate problems read them by
 * scanning every timeline event on the desk (95 ms at 100,000 tickets, each time Reports opens).
 * Partial, so the index holds only the few dismissal events.
 */
export const dismissalsV19 = `
  CREATE INDEX IF NOT EXISTS ticket_events_dismissals ON ticket_events (json_extract(data, '$.group'), ticket_id) WHERE kind = 'dismissal';
`
