/**
 * Migration 14: a mailbox may sign in with OAuth2 access tokens (XOAUTH2) instead of a password. Its
 * token source is kept beside it; the client secret and refresh token are sealed in `secret`, as the
 * password is for a password mailbox. `saved_at` tells every instance its watcher's settings are old.
 */
export const mailboxOauthSql = `
ALTER TABLE mailboxes ADD COLUMN auth text NOT NULL DEFAULT 'password' CHECK (auth IN ('password', 'oauth2'));
ALTER TABLE mailboxes ADD COLUMN oauth_token_url text;
ALTER TABLE mailboxes ADD COLUMN oauth_grant text CHECK (oauth_grant IN ('refresh_token', 'client_credentials'));
ALTER TABLE mailboxes ADD COLUMN oauth_client_id text;
ALTER TABLE mailboxes ADD COLUMN oauth_scope text;
-- When an admin last saved it: an instance watching it with older settings starts over (a rotated refresh token is no new setting).
ALTER TABLE mailboxes ADD COLUMN saved_at timestamptz NOT NULL DEFAULT now();
`
