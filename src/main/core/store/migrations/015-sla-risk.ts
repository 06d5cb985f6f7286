/**
 * The instant a ticket's resolution clock turns "at risk", kept beside its due time so "Breaching soon"
 * finds an at-risk ticket whose due time is still hours away (a P1 late in the business day).
 * Existing open tickets get theirs when the desk next opens (`backfillRisk`, once, as marked here):
 * SQL alone cannot walk a calendar.
 */
export const slaRiskV15 = `
  ALTER TABLE tickets ADD COLUMN sla_risk_at TEXT;
  CREATE INDEX tickets_status_risk ON tickets (status, sla_risk_at) WHERE sla_risk_at IS NOT NULL;
  INSERT INTO desk_meta (key, value) VALUES ('sla_risk_backfill', 'pending') ON CONFLICT (key) DO UPDATE SET value = excluded.value;
`
