// The knowledge base: articles with every saved version kept, an FTS5 index over title, tags,
// applies-to and body (ranked with bm25, title weighted highest), help-desk synonyms, the searches
// that found nothing (the desk's knowledge gaps).
export const knowledgeV6 = `
  -- The article as its latest version says (the one with the latest clock stamp, from any desk).
  CREATE TABLE kb_articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    category TEXT NOT NULL DEFAULT '',
    applies_to TEXT NOT NULL DEFAULT '{"os":[],"apps":[],"models":[]}',
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
    visibility TEXT NOT NULL CHECK (visibility IN ('internal', 'shareable')),
    author_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Last time someone saved it: an article nobody has looked at in a year is due for review.
    reviewed_at TEXT NOT NULL,
    head_stamp TEXT NOT NULL,
    -- Flattened for the index: tags and applies-to as words, the body as plain text (no markup to match or quote).
    tag_text TEXT NOT NULL DEFAULT '',
    applies_text TEXT NOT NULL DEFAULT '',
    plain TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX kb_articles_status ON kb_articles (status, updated_at);
  -- Every save from every desk, immutable and identified, so versions sync like timeline events.
  CREATE TABLE kb_versions (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES kb_articles (id),
    stamp TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    tags TEXT NOT NULL,
    category TEXT NOT NULL,
    applies_to TEXT NOT NULL,
    status TEXT NOT NULL,
    visibility TEXT NOT NULL,
    author_id TEXT,
    saved_at TEXT NOT NULL,
    -- 0 until the desk server has it; 1 for versions from the server and the sample desk's.
    shared INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX kb_versions_article ON kb_versions (article_id, stamp);
  CREATE INDEX kb_versions_unshared ON kb_versions (shared) WHERE shared = 0;
  CREATE VIRTUAL TABLE kb_fts USING fts5 (
    title, tag_text, applies_text, plain,
    content = 'kb_articles', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER kb_fts_insert AFTER INSERT ON kb_articles BEGIN
    INSERT INTO kb_fts (rowid, title, tag_text, applies_text, plain) VALUES (new.seq, new.title, new.tag_text, new.applies_text, new.plain);
  END;
  CREATE TRIGGER kb_fts_delete AFTER DELETE ON kb_articles BEGIN
    INSERT INTO kb_fts (kb_fts, rowid, title, tag_text, applies_text, plain) VALUES ('delete', old.seq, old.title, old.tag_text, old.applies_text, old.plain);
  END;
  CREATE TRIGGER kb_fts_update AFTER UPDATE OF title, tag_text, applies_text, plain ON kb_articles BEGIN
    INSERT INTO kb_fts (kb_fts, rowid, title, tag_text, applies_text, plain) VALUES ('delete', old.seq, old.title, old.tag_text, old.applies_text, old.plain);
    INSERT INTO kb_fts (rowid, title, tag_text, applies_text, plain) VALUES (new.seq, new.title, new.tag_text, new.applies_text, new.plain);
  END;
  -- Words a requester or technician uses for the same thing; a search for one finds the others.
  CREATE TABLE kb_synonyms (term TEXT PRIMARY KEY, grp INTEGER NOT NULL);
  CREATE INDEX kb_synonyms_group ON kb_synonyms (grp);
  INSERT INTO kb_synonyms (term, grp) VALUES
    ('pw', 1), ('password', 1), ('passwd', 1), ('passcode', 1),
    ('vpn', 2), ('anyconnect', 2), ('globalprotect', 2), ('forticlient', 2),
    ('printer', 3), ('mfp', 3), ('copier', 3), ('printing', 3),
    ('wifi', 4), ('wireless', 4), ('wlan', 4),
    ('mfa', 5), ('2fa', 5), ('authenticator', 5), ('otp', 5),
    ('login', 6), ('logon', 6), ('signin', 6),
    ('locked', 7), ('lockout', 7),
    ('monitor', 8), ('display', 8), ('screen', 8),
    ('email', 9), ('mail', 9), ('mailbox', 9),
    ('laptop', 10), ('notebook', 10),
    ('share', 11), ('drive', 11), ('mapped', 11);
  CREATE TABLE kb_searches (query TEXT NOT NULL, results INTEGER NOT NULL, at TEXT NOT NULL);
  CREATE INDEX kb_searches_gaps ON kb_searches (query) WHERE results = 0;
  -- "This solved it" is a ticket event (it syncs with the ticket); an article's usefulness is counted from them.
  CREATE INDEX ticket_events_article ON ticket_events (json_extract(data, '$.article.id')) WHERE kind = 'article';
`
