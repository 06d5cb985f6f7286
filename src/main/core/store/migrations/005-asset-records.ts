// Asset records sync with the desk server field by field: each field a person set carries the clock
// stamp of its value, and the fields set here that the server has not acknowledged are owed.
// Records from before this version get a stamp as old as the record, so any later edit wins, and are
// owed to the server (sent when the desk signs in), except the sample desk's machines, which stay here.
export const assetRecordsV5 = `
  ALTER TABLE assets ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';
  -- Field → stamp of what the server has not acknowledged yet; NULL when nothing is owed.
  ALTER TABLE assets ADD COLUMN unsent TEXT;
  CREATE INDEX assets_unsent ON assets (id) WHERE unsent IS NOT NULL;
  UPDATE assets SET clocks = (
    SELECT json_group_object(field, printf('%013d-0000-migrated', CAST(unixepoch(assets.created_at) AS INTEGER) * 1000))
    FROM (
      -- Name and class included: one a person set before this version must not follow the hardware again.
      SELECT 'name' AS field
      UNION ALL SELECT 'assetClass'
      UNION ALL SELECT 'ownerId' WHERE assets.owner_id IS NOT NULL
      UNION ALL SELECT 'location' WHERE assets.location IS NOT NULL
      UNION ALL SELECT 'purchaseDate' WHERE assets.purchase_date IS NOT NULL
      UNION ALL SELECT 'warrantyEnd' WHERE assets.warranty_end IS NOT NULL
    )
  );
  UPDATE assets SET unsent = clocks WHERE created_at <> coalesce((SELECT value FROM desk_meta WHERE key = 'sample_loaded_at'), '');
`
