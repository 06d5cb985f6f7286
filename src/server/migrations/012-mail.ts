/**
 * Migration 12: the team's support mailboxes and every message through them. A message is recorded
 * by its mailbox, UIDVALIDITY and UID in the same transaction as the ticket change it made, so a
 * crash mid-fetch neither loses nor repeats one; one the intake cannot take is kept aside with its
 * reason (and its bytes) for an admin, and the mailbox moves on.
 */
export const mailSql = `
-- Mail finds its requester by any address they write from: without this, every message read the whole people table.
CREATE INDEX people_aliases ON people USING gin (aliases jsonb_path_ops);
CREATE TABLE mailboxes (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  address text NOT NULL,
  host text NOT NULL,
  port integer NOT NULL,
  tls boolean NOT NULL,
  username text NOT NULL,
  -- AES-256-GCM under the server's key (secret-box.ts).
  secret bytea NOT NULL,
  folder text NOT NULL,
  group_id uuid,
  poll_seconds integer NOT NULL,
  -- Where its replies go out; the secret sealed like the mailbox's.
  smtp_host text,
  smtp_port integer,
  smtp_security text CHECK (smtp_security IN ('tls', 'starttls', 'none')),
  smtp_username text,
  smtp_secret bytea,
  uid_validity bigint,
  last_uid bigint NOT NULL DEFAULT 0,
  state jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE mail_messages (
  id uuid PRIMARY KEY,
  mailbox_id uuid REFERENCES mailboxes (id),
  uid_validity bigint,
  uid bigint,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  message_id text NOT NULL,
  ticket_id uuid REFERENCES tickets (id),
  event_id uuid,
  outcome text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mail_messages_uid ON mail_messages (mailbox_id, uid_validity, uid) WHERE uid IS NOT NULL;
CREATE INDEX mail_messages_message_id ON mail_messages (message_id);
-- Public replies owed to requesters, one per timeline event however often its push is retried.
CREATE TABLE mail_outbox (
  event_id uuid PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES tickets (id),
  mailbox_id uuid REFERENCES mailboxes (id),
  message_id text NOT NULL,
  state text NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE state = 'queued';
-- How far the dispatcher has read the timeline for replies to send.
CREATE TABLE mail_dispatch (id integer PRIMARY KEY CHECK (id = 1), seen bigint NOT NULL);
INSERT INTO mail_dispatch VALUES (1, (SELECT coalesce(max(change_seq), 0) FROM ticket_events));
-- The single-use links in resolution mails: only a hash of each token is kept.
CREATE TABLE satisfaction_tokens (
  token_hash bytea PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES tickets (id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE TABLE mail_quarantine (
  id uuid PRIMARY KEY,
  mailbox_id uuid REFERENCES mailboxes (id),
  uid_validity bigint,
  uid bigint,
  reason text NOT NULL,
  subject text,
  sender text,
  raw bytea,
  at timestamptz NOT NULL DEFAULT now()
);
`
