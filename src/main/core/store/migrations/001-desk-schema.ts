/** The desk schema, version 1. Shipped migrations are never edited; changes go in a new numbered entry. */
export const schemaV1 = `
  CREATE TABLE people (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL COLLATE NOCASE,
    email TEXT,
    phone TEXT,
    department TEXT,
    location TEXT,
    vip INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX people_name ON people (name);
  -- Word-prefix search over names and email parts: "ortiz" finds Maria Ortiz.
  CREATE VIRTUAL TABLE people_fts USING fts5 (
    name, email, content = 'people', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_fts (rowid, name, email) VALUES (new.seq, new.name, new.email);
  END;
  CREATE TRIGGER people_fts_update AFTER UPDATE OF name, email ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, name, email) VALUES ('delete', old.seq, old.name, old.email);
    INSERT INTO people_fts (rowid, name, email) VALUES (new.seq, new.name, new.email);
  END;
  CREATE UNIQUE INDEX people_email ON people (email COLLATE NOCASE) WHERE email IS NOT NULL;

  CREATE TABLE desk_groups (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    tier TEXT NOT NULL CHECK (tier IN ('L1', 'L2', 'L3'))
  );

  CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    group_id TEXT REFERENCES desk_groups (id)
  );

  CREATE TABLE calendars (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    hours TEXT NOT NULL
  );
  CREATE TABLE holidays (
    calendar_id TEXT NOT NULL REFERENCES calendars (id),
    day TEXT NOT NULL,
    name TEXT,
    PRIMARY KEY (calendar_id, day)
  );
  CREATE TABLE sla_policies (
    priority TEXT PRIMARY KEY,
    first_response_minutes INTEGER NOT NULL,
    resolution_minutes INTEGER NOT NULL
  );

  -- seq is the local rowid (full-text search keys on it); id is the desk-wide UUID v7.
  CREATE TABLE tickets (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    channel TEXT NOT NULL,
    subject TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category TEXT,
    requester_id TEXT NOT NULL REFERENCES people (id),
    impact TEXT NOT NULL,
    urgency TEXT NOT NULL,
    priority TEXT NOT NULL,
    priority_overridden INTEGER NOT NULL DEFAULT 0,
    group_id TEXT REFERENCES desk_groups (id),
    assignee_id TEXT REFERENCES agents (id),
    pending_reason TEXT,
    resolution_code TEXT,
    resolution_notes TEXT,
    first_responded_at TEXT,
    resolved_at TEXT,
    closed_at TEXT,
    follow_up_at TEXT,
    satisfaction_score INTEGER,
    satisfaction_comment TEXT,
    merged_into TEXT REFERENCES tickets (id),
    -- Derived from the status history at each write, kept only so the queue can sort and filter by it.
    sla_due_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX tickets_created ON tickets (created_at DESC, id DESC);
  CREATE INDEX tickets_due ON tickets (coalesce(sla_due_at, '9999'), seq);
  CREATE INDEX tickets_status_due ON tickets (status, coalesce(sla_due_at, '9999'), seq);
  CREATE INDEX tickets_group_due ON tickets (group_id, status, coalesce(sla_due_at, '9999'), seq);
  CREATE INDEX tickets_assignee_due ON tickets (assignee_id, status, coalesce(sla_due_at, '9999'), seq);
  CREATE INDEX tickets_priority_due ON tickets (priority, status, coalesce(sla_due_at, '9999'), seq);
  CREATE INDEX tickets_updated ON tickets (updated_at DESC);
  CREATE INDEX tickets_requester ON tickets (requester_id, created_at DESC);
  CREATE INDEX tickets_merged ON tickets (merged_into) WHERE merged_into IS NOT NULL;

  -- The timeline: append-only, enforced here rather than trusted to the code.
  CREATE TABLE ticket_events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    at TEXT NOT NULL,
    author_id TEXT,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    -- The words this event adds to full-text search (replies, notes, handoffs); null for the rest.
    body TEXT
  );
  CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, seq);
  CREATE INDEX ticket_events_status ON ticket_events (ticket_id, seq) WHERE kind = 'status';
  CREATE TRIGGER ticket_events_append_only_update BEFORE UPDATE ON ticket_events
    BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;
  CREATE TRIGGER ticket_events_append_only_delete BEFORE DELETE ON ticket_events
    BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;

  CREATE TABLE ticket_links (
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    other_id TEXT NOT NULL REFERENCES tickets (id),
    relation TEXT NOT NULL,
    PRIMARY KEY (ticket_id, other_id)
  );

  CREATE TABLE canned_responses (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL
  );

  CREATE VIRTUAL TABLE tickets_fts USING fts5 (
    subject, description, content = 'tickets', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
  );
  -- A word in the subject weighs four times one in the description.
  INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)');
  CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, subject, description) VALUES (new.seq, new.subject, new.description);
  END;
  CREATE TRIGGER tickets_fts_update AFTER UPDATE OF subject, description ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, subject, description) VALUES ('delete', old.seq, old.subject, old.description);
    INSERT INTO tickets_fts (rowid, subject, description) VALUES (new.seq, new.subject, new.description);
  END;

  CREATE VIRTUAL TABLE events_fts USING fts5 (
    body, content = 'ticket_events', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER events_fts_insert AFTER INSERT ON ticket_events WHEN new.body IS NOT NULL BEGIN
    INSERT INTO events_fts (rowid, body) VALUES (new.seq, new.body);
  END;

  -- Every local write appends here in the same transaction; sync drains it in order.
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
  );

  CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE desk_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
`
