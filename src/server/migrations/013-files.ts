/**
 * Migration 13: files on tickets, stored once by the SHA-256 of their bytes (a screenshot mailed to
 * three tickets, or a reply's file sent again, is one row). Timeline entries name them by hash.
 */
export const filesSql = `
CREATE TABLE files (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size integer NOT NULL CHECK (size >= 0),
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Files are mostly compressed already (images, archives, Office documents): stored as they are, out of line.
ALTER TABLE files ALTER COLUMN content SET STORAGE EXTERNAL;
`
