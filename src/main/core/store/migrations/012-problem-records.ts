/**
 * A problem's record: what causes its incidents, how to get round it meanwhile, and whether that is
 * known (a known error: its workaround is offered on every incident it explains).
 */
export const problemRecordsV12 = `
  ALTER TABLE tickets ADD COLUMN root_cause TEXT;
  ALTER TABLE tickets ADD COLUMN workaround TEXT;
  ALTER TABLE tickets ADD COLUMN known_error INTEGER;
`
