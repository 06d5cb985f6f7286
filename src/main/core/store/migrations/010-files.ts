/**
 * Files on this desk, by the SHA-256 of their bytes: ones attached here (kept until the desk server
 * has them), and ones opened here (kept for offline use within a size cap, least recently used out first).
 */
export const filesV10 = `
  CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    -- 1 while the desk server does not have it yet: never trimmed, uploaded before the entries that name it.
    upload INTEGER NOT NULL DEFAULT 0,
    used_at TEXT NOT NULL
  );
`
