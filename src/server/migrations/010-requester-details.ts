/**
 * Migration 10: requesters' details become editable from any desk, offline too, and merge field by
 * field like a ticket's: the manager, language and notes technicians keep, the other addresses the
 * person writes from, and a clock per field.
 */
export const requesterDetailsSql = `
ALTER TABLE people ADD COLUMN manager text;
ALTER TABLE people ADD COLUMN language text;
ALTER TABLE people ADD COLUMN notes text;
ALTER TABLE people ADD COLUMN aliases jsonb NOT NULL DEFAULT '[]';
ALTER TABLE people ADD COLUMN clocks jsonb NOT NULL DEFAULT '{}';
`
