// Machines and their snapshots. An asset is found again by serial, firmware UUID or a physical MAC,
// never by hostname; each probe adds a snapshot, so any two can be compared.
export const inventoryV4 = `
  CREATE TABLE assets (
    id TEXT PRIMARY KEY,
    tag TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    asset_class TEXT NOT NULL DEFAULT 'other',
    serial TEXT NOT NULL DEFAULT '',
    uuid TEXT NOT NULL DEFAULT '',
    hostname TEXT NOT NULL DEFAULT '',
    owner_id TEXT REFERENCES people (id),
    location TEXT,
    purchase_date TEXT,
    warranty_end TEXT,
    last_seen_at TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX assets_serial ON assets (serial) WHERE serial <> '';
  CREATE INDEX assets_uuid ON assets (uuid) WHERE uuid <> '';
  CREATE INDEX assets_owner ON assets (owner_id);
  CREATE TABLE asset_macs (
    mac TEXT NOT NULL,
    asset_id TEXT NOT NULL REFERENCES assets (id),
    PRIMARY KEY (mac, asset_id)
  );
  CREATE INDEX asset_macs_asset ON asset_macs (asset_id);
  CREATE TABLE asset_snapshots (
    id TEXT PRIMARY KEY,
    asset_id TEXT NOT NULL REFERENCES assets (id),
    taken_at TEXT NOT NULL,
    stage TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    -- The few facts lists and review flags need, so a fleet view never parses whole snapshots.
    facts TEXT NOT NULL,
    -- 0 until the desk server has it (a probe on this desk); 1 for snapshots that came from the server or stay local.
    shared INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX asset_snapshots_unshared ON asset_snapshots (shared) WHERE shared = 0;
  CREATE INDEX asset_snapshots_asset ON asset_snapshots (asset_id, taken_at DESC);
  CREATE TABLE ticket_assets (
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    asset_id TEXT NOT NULL REFERENCES assets (id),
    PRIMARY KEY (ticket_id, asset_id)
  );
`
