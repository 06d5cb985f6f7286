/**
 * Migration 11: the organisation's directories, and people kept from them. A person synced from a
 * directory carries its key there (objectGUID or entryUUID, which survive renames), its DN and
 * account name, and whether the directory still has it enabled; a person the directory drops is
 * marked removed, never deleted (their tickets keep their requester).
 */
export const directoriesSql = `
CREATE TABLE directories (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  flavour text NOT NULL CHECK (flavour IN ('ad', 'openldap')),
  url text NOT NULL,
  start_tls boolean NOT NULL,
  bind_dn text NOT NULL,
  -- AES-256-GCM under the server's key (secret-box.ts), never the password itself.
  bind_secret bytea NOT NULL,
  base_dns jsonb NOT NULL,
  people_filter text NOT NULL,
  mapping jsonb NOT NULL,
  protected_groups jsonb NOT NULL,
  sync_minutes integer NOT NULL,
  sync_mark text,
  last_sync jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE people ADD COLUMN directory_id uuid REFERENCES directories (id);
ALTER TABLE people ADD COLUMN directory_key text;
ALTER TABLE people ADD COLUMN directory_dn text;
ALTER TABLE people ADD COLUMN account_name text;
ALTER TABLE people ADD COLUMN title text;
ALTER TABLE people ADD COLUMN directory_state text CHECK (directory_state IN ('active', 'disabled', 'removed'));
CREATE UNIQUE INDEX people_directory_key ON people (directory_id, directory_key);
CREATE INDEX people_email_lower ON people (lower(email));
`
