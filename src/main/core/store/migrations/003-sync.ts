// A change the desk server refused stays in the outbox, marked, until the technician retries or discards it.
export const syncV3 = `
  ALTER TABLE outbox ADD COLUMN refused_code TEXT;
  ALTER TABLE outbox ADD COLUMN refused_reason TEXT;
`
