// The reply or note a technician has started on a ticket, kept until it is sent or emptied. Local to
// the desk file and never synced: a half-written reply is one technician's, not the team's.
export const draftsV14 = `
  CREATE TABLE ticket_drafts (
    ticket_id TEXT PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'internal')),
    body TEXT NOT NULL,
    minutes INTEGER,
    eta TEXT,
    saved_at TEXT NOT NULL
  ) WITHOUT ROWID;
`
