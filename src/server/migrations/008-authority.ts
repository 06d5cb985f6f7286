/**
 * Migration 8: the server as the team's authority. Every event carries the server's own receive time
 * beside the desk's "done at"; failed sign-ins are kept for a while so an account or an address
 * that keeps guessing is slowed down, across every server instance behind a load balancer.
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
`
