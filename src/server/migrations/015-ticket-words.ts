/**
 * Migration 15: desks keep only their window of closed tickets, so a search for an older one falls
 * through to the server. Its words are found by a GIN index on the same expression the search uses
 * (`ticketWords` in ticket-lookup.ts): PostgreSQL uses an expression index only for that exact text.
 */
export const ticketWordsSql = `
CREATE INDEX tickets_words ON tickets USING gin (to_tsvector('simple', coalesce(fields->>'subject', '') || ' ' || coalesce(fields->>'description', '')));
`
