/**
 * Migration 5: asset records owned by the server. Desks push the fields people set (stamped, merged
 * field by field) and the identity that recognizes the machine; a record found to be a machine the
 * server already knew is folded into the older one and kept as a pointer, so every desk learns it.
 */
export const assetsSql = `
CREATE SEQUENCE asset_tag_seq START 1001;
CREATE TABLE assets (
  id uuid PRIMARY KEY,
  tag text NOT NULL,
  serial text NOT NULL DEFAULT '',
  uuid text NOT NULL DEFAULT '',
  fields jsonb NOT NULL DEFAULT '{}',
  clocks jsonb NOT NULL DEFAULT '{}',
  merged_into uuid REFERENCES assets (id),
  change_seq bigint NOT NULL
);
CREATE UNIQUE INDEX assets_live_tag ON assets (lower(tag)) WHERE merged_into IS NULL;
CREATE INDEX assets_serial ON assets (serial) WHERE serial <> '' AND merged_into IS NULL;
CREATE INDEX assets_uuid ON assets (uuid) WHERE uuid <> '' AND merged_into IS NULL;
CREATE INDEX assets_change ON assets (change_seq);
CREATE TABLE asset_macs (
  mac text NOT NULL,
  asset_id uuid NOT NULL REFERENCES assets (id),
  PRIMARY KEY (mac, asset_id)
);
CREATE INDEX asset_macs_asset ON asset_macs (asset_id);
`
