/**
 * A change's record: its kind, risk, planned window and back-out plan, and the approval a supervisor
 * gives or refuses (with the reason on the timeline) before a normal or emergency change may start.
 */
export const changeRecordsV13 = `
  ALTER TABLE tickets ADD COLUMN change_type TEXT;
  ALTER TABLE tickets ADD COLUMN risk TEXT;
  ALTER TABLE tickets ADD COLUMN planned_start TEXT;
  ALTER TABLE tickets ADD COLUMN planned_end TEXT;
  ALTER TABLE tickets ADD COLUMN backout_plan TEXT;
  ALTER TABLE tickets ADD COLUMN approval TEXT;
  CREATE INDEX tickets_planned ON tickets (planned_start) WHERE planned_start IS NOT NULL;
`
