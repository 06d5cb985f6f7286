/**
 * The people's search index, deferred as the tickets' are (migration 21) but under a key of its own: a first
 * sync of a big team writes tens of thousands of requesters, and indexing each as it lands cost about half of
 * writing them (50,000 people: 1,144 ms against 529 ms without the index). The sync rebuilds it once its first
 * slice of tickets comes, the directory having landed by then, so the requester picker finds the team's people
 * for most of a first sync; and at the end, or as the desk next opens, whatever is still deferred.
 */
const deferred = "NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'people_search_deferred')"

export const deferredPeopleSearchV22 = `
  DROP TRIGGER people_fts_insert;
  CREATE TRIGGER people_fts_insert AFTER INSERT ON people WHEN ${deferred} BEGIN
    INSERT INTO people_fts (rowid, name, email) VALUES (new.seq, new.name, new.email);
  END;
  DROP TRIGGER people_fts_update;
  CREATE TRIGGER people_fts_update AFTER UPDATE OF name, email ON people WHEN ${deferred} BEGIN
    INSERT INTO people_fts (people_fts, rowid, name, email) VALUES ('delete', old.seq, old.name, old.email);
    INSERT INTO people_fts (rowid, name, email) VALUES (new.seq, new.name, new.email);
  END;
`
