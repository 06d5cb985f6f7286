// A change the desk server refused stays in the outbox, marked, until the technician retries or discards it.
// A field edit that lost to a later one elsewhere leaves a notice on the ticket until read.
export const syncV3 = `
  ALTER TABLE outbox ADD COLUMN refused_code TEXT;
  ALTER TABLE outbox ADD COLUMN refused_reason TEXT;
  CREATE TABLE sync_notices (
    id INTEGER PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    message TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX sync_notices_ticket ON sync_notices (ticket_id);
`
