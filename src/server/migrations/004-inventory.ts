/**
 * Migration 4: machine snapshots. A snapshot is immutable and carries its own id, so it syncs like a
 * timeline event: stored once, pulled by everyone in change_seq order. Enrollment tokens let the
 * headless probe on a machine nobody signs in to send its snapshot, and nothing else.
 */
export const inventorySql = `
CREATE TABLE enrollment_tokens (
  id uuid PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  label text NOT NULL,
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE TABLE inventory_snapshots (
  id uuid PRIMARY KEY,
  taken_at timestamptz NOT NULL,
  snapshot jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  enrollment_id uuid REFERENCES enrollment_tokens (id),
  device_id uuid REFERENCES devices (id),
  change_seq bigint NOT NULL
);
CREATE INDEX inventory_snapshots_change ON inventory_snapshots (change_seq);
`
