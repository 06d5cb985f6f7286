/**
 * Migration 15: desks keep only their window of closed tickets (issue 22).
 *
 * A pull with a window leaves out tickets closed before its cutoff, and their events. Judging that from
 * `fields` costs a heap read per row walked (and, for an event, its ticket's too): at a million tickets a
 * first sync walked four million rows that way. So the closing time is kept where an index can carry it:
 * `tickets.closed_since` (generated: `updated_at` of a closed ticket, else null) and, copied beside each
 * event, `ticket_events.ticket_closed_since`, kept equal by two triggers. The change indexes include them,
 * so a pull judges a row it skips from the index alone (an index-only scan once vacuum has seen the page).
 *
 * Opening a ticket reads its events by ticket; a search for an older one reads words through a GIN index
 * on the same expression the search uses (`ticketWords` in ticket-lookup.ts), or the index is not used.
 */
export const ticketWindowSql = `
ALTER TABLE tickets ADD COLUMN closed_since text GENERATED ALWAYS AS (CASE WHEN fields->>'status' = 'closed' THEN fields->>'updated_at' END) STORED;
ALTER TABLE ticket_events ADD COLUMN ticket_closed_since text;
UPDATE ticket_events e SET ticket_closed_since = t.closed_since FROM tickets t WHERE t.id = e.ticket_id AND t.closed_since IS NOT NULL;

CREATE FUNCTION event_ticket_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.ticket_closed_since := (SELECT closed_since FROM tickets WHERE id = NEW.ticket_id);
  RETURN NEW;
END $$;
CREATE TRIGGER event_ticket_closed BEFORE INSERT ON ticket_events FOR EACH ROW EXECUTE FUNCTION event_ticket_closed();

CREATE FUNCTION ticket_closed_to_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_events SET ticket_closed_since = NEW.closed_since WHERE ticket_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER ticket_closed_to_events AFTER UPDATE ON tickets FOR EACH ROW
  WHEN (OLD.closed_since IS DISTINCT FROM NEW.closed_since) EXECUTE FUNCTION ticket_closed_to_events();

CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, change_seq);
CREATE INDEX tickets_change_window ON tickets (change_seq) INCLUDE (closed_since);
CREATE INDEX ticket_events_change_window ON ticket_events (change_seq) INCLUDE (ticket_closed_since, ticket_id);
-- Older tickets latest closed first: a common word's first 20 come from walking this back, a rare one's from the GIN index.
CREATE INDEX tickets_closed ON tickets (closed_since) WHERE closed_since IS NOT NULL;
CREATE INDEX tickets_words ON tickets USING gin (to_tsvector('simple', coalesce(fields->>'subject', '') || ' ' || coalesce(fields->>'description', '')));
`
