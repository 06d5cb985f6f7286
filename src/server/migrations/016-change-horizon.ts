/**
 * Migration 16: change sequences without a commit-order lock (issue 22).
 *
 * Until now every writer took one advisory lock before its change sequences and held it through its
 * commit, WAL flush included, so pushes committed one at a time: at 2,000 changes/s offered, a push
 * waited ~9 ms for the lock and p99 was ~380 ms. Now a writer takes its transaction id first and its
 * sequences after, with no lock; a pull reads only up to a horizon that every writer below it has
 * finished (change-horizon.ts). The transaction id must come first: a pull that finds no writer
 * running must be able to trust that none holds a sequence it has read past.
 */
export const changeHorizonSql = `
CREATE FUNCTION change_seq_next() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_current_xact_id();
  RETURN nextval('change_seq');
END $$;
`
