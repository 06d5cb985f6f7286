/**
 * Requesters synced from the organisation's directory (by the desk server) carry their job title,
 * their account name there, and whether the directory still has them: a person it disabled or
 * dropped stays, marked, for the tickets that name them.
 */
export const directoryPeopleV9 = `
  ALTER TABLE people ADD COLUMN title TEXT;
  ALTER TABLE people ADD COLUMN account_name TEXT;
  ALTER TABLE people ADD COLUMN directory_state TEXT;
`
