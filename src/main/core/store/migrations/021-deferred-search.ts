/**
 * A first sync writes the team's whole history; indexing each slice for search as it lands cost about an
 * eighth of its time (each slice's commit flushes new index segments, merged again and again). While
 * `search_deferred` is set in sync_state, the tickets' and events' search triggers stand aside, and the sync
 * rebuilds both indexes once at its end (search-deferral.ts). The people index stays live: the requester
 * picker is used during a first sync, and a directory is small.
 */
const deferred = "NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_deferred')"

export const deferredSearchV21 = `
  DROP TRIGGER tickets_fts_insert;
  CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets WHEN ${deferred} BEGIN
    INSERT INTO tickets_fts (rowid, subject, description) VALUES (new.seq, new.subject, new.description);
  END;
  DROP TRIGGER tickets_fts_update;
  CREATE TRIGGER tickets_fts_update AFTER UPDATE OF subject, description ON tickets WHEN ${deferred} BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, subject, description) VALUES ('delete', old.seq, old.subject, old.description);
    INSERT INTO tickets_fts (rowid, subject, description) VALUES (new.seq, new.subject, new.description);
  END;
  DROP TRIGGER events_fts_insert;
  CREATE TRIGGER events_fts_insert AFTER INSERT ON ticket_events WHEN new.body IS NOT NULL AND ${deferred} BEGIN
    INSERT INTO events_fts (rowid, body) VALUES (new.seq, new.body);
  END;
`
