// Which version of each ticket this workstation last opened: the queue's unread marker.
// Local to the desk file and never synced; read state is one technician's, not the team's.
export const ticketSeenV2 = `
  CREATE TABLE ticket_seen (
    ticket_id TEXT PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    seen_at TEXT NOT NULL
  ) WITHOUT ROWID;

  -- "INC-1042" typed into search or the command palette finds that ticket first.
  CREATE INDEX tickets_number ON tickets (number COLLATE NOCASE);
`
