// Rows from the desk server that this desk could not apply (a value its own rules refuse, a record
// that breaks on insert) are set aside here, whole, with the reason, instead of stopping the pull.
export const quarantineV7 = `
  CREATE TABLE sync_quarantine (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    row_id TEXT,
    row TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
  );
`
