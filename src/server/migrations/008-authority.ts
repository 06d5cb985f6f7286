/**
 * Migration 8: the server as the team's authority. Every event carries the server's own receive time
 * beside the desk's "done at"; failed sign-ins are kept for a while so an account or an address
 * that keeps guessing is slowed down, across every server instance behind a load balancer.
 * Enrollment tokens expire (existing ones a year after they were made), and a snapshot sent with one
 * that would re-address a machine the desk already knows waits for a person's review.
 */
export const authoritySql = `
ALTER TABLE ticket_events ADD COLUMN received_at timestamptz NOT NULL DEFAULT now();
CREATE TABLE sign_in_failures (
  at timestamptz NOT NULL DEFAULT now(),
  email text NOT NULL,
  address text NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address, at);
ALTER TABLE enrollment_tokens ADD COLUMN expires_at timestamptz;
UPDATE enrollment_tokens SET expires_at = created_at + interval '365 days';
ALTER TABLE enrollment_tokens ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE enrollment_tokens ADD COLUMN last_used_at timestamptz;
ALTER TABLE inventory_snapshots ADD COLUMN needs_review boolean NOT NULL DEFAULT false;
`
