/** Groups of recurring incidents a supervisor said are not one problem: a group mostly of these stays dismissed. */
export const problemDismissalsV12 = `
  CREATE TABLE problem_dismissals (
    id INTEGER PRIMARY KEY,
    incident_ids TEXT NOT NULL,
    title TEXT NOT NULL,
    dismissed_at TEXT NOT NULL
  );
`
