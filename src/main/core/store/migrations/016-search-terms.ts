/**
 * The terms the ticket and timeline search indexes hold, so a typed "wifi" can be tried as the "wi" "fi"
 * that "Wi-Fi" was indexed as. fts5vocab reads the indexes in place: nothing is copied, nothing backfilled.
 * 'instance' rather than 'row': asking whether a term exists stops at its first instance, where a 'row'
 * table counts the term's whole doclist first (2.5 ms for "the" at 100k tickets, 0.02 ms so).
 */
export const searchTermsV16 = `
  CREATE VIRTUAL TABLE IF NOT EXISTS tickets_fts_terms USING fts5vocab (tickets_fts, 'instance');
  CREATE VIRTUAL TABLE IF NOT EXISTS events_fts_terms USING fts5vocab (events_fts, 'instance');
`
