import { defaultGroups } from '../../shared/team'

/**
 * Migration 9: the team's directory moves to the server. Groups (with the fixed ids every desk already
 * uses) and their members; accounts can be disabled; one row per team setting (the calendar, the SLA
 * targets), written by the server on first start; and an audit log of admin actions. Every change
 * takes a change_seq, so the directory's version is the largest of them. Accounts that exist already
 * stay in the service desk's L1 group, where sign-in used to put everyone.
 */
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`

export const teamSql = `
ALTER TABLE accounts ADD COLUMN disabled_at timestamptz;
-- Set by an admin's password reset: the next sign-in must choose the person's own.
ALTER TABLE accounts ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE accounts ADD COLUMN change_seq bigint NOT NULL DEFAULT 0;
UPDATE accounts SET change_seq = nextval('change_seq');
CREATE INDEX accounts_change ON accounts (change_seq);
CREATE TABLE team_groups (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  tier text NOT NULL CHECK (tier IN ('L1', 'L2', 'L3')),
  removed_at timestamptz,
  change_seq bigint NOT NULL
);
CREATE UNIQUE INDEX team_groups_name ON team_groups (lower(name)) WHERE removed_at IS NULL;
CREATE INDEX team_groups_change ON team_groups (change_seq);
INSERT INTO team_groups (id, name, tier, change_seq) VALUES
  ${defaultGroups.map((g) => `(${quote(g.id)}, ${quote(g.name)}, ${quote(g.tier)}, nextval('change_seq'))`).join(',\n  ')};
CREATE TABLE team_members (
  group_id uuid NOT NULL REFERENCES team_groups (id),
  account_id uuid NOT NULL REFERENCES accounts (id),
  PRIMARY KEY (group_id, account_id)
);
INSERT INTO team_members (group_id, account_id) SELECT ${quote(defaultGroups[0]!.id)}, id FROM accounts;
CREATE TABLE team_settings (
  key text PRIMARY KEY,
  data jsonb NOT NULL,
  change_seq bigint NOT NULL
);
CREATE INDEX team_settings_change ON team_settings (change_seq);
CREATE TABLE admin_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES accounts (id),
  action text NOT NULL,
  target text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);
`
