import type { Pool } from 'pg'

export interface HistoryShape {
  tickets: number
  people?: number
  /** Minutes between one ticket and the next, the last logged now: the history reaches back tickets × this. */
  spacingMinutes?: number
  /** Every tenth ticket is still being worked on; only among those logged within these days when given (else at any age). */
  openWithinDays?: number
}

/**
 * A team's history on the server, set-based (a million tickets with three events each in about five
 * minutes on a 2-core machine): people, then each ticket followed by its timeline (logged, and its
 * status moves), in the order the changes happened.
 * Nine in ten are closed. Times are relative to the database's now().
 */
export async function seedServerHistory(pool: Pool, { tickets, people = 2_000, spacingMinutes = 4, openWithinDays }: HistoryShape): Promise<void> {
  // Ids as desks make them (UUID v7): time first, so rows written in order land in order, then a fixed tail per name.
  await pool.query(`CREATE OR REPLACE FUNCTION bench_id(n bigint, name text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
    $$ SELECT (substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12))::uuid
       FROM md5(name) h, lpad(to_hex(1700000000000 + n), 12, '0') t $$`)
  const base = Number((await pool.query<{ n: string }>("SELECT nextval('change_seq') AS n")).rows[0]!.n)
  await pool.query(
    `INSERT INTO people (id, name, email, change_seq)
     SELECT bench_id(p, 'person' || p), 'Requester ' || p, 'requester' || p || '@corp.example', $1 + p FROM generate_series(1, $2) p`,
    [base, people]
  )
  const first = base + people + 1
  // Whether ticket g (logged at `at`) is still open.
  const open = `(g % 10 = 0${openWithinDays === undefined ? '' : ` AND at > now() - interval '${Math.round(openWithinDays)} days'`})`
  // Each field stamped as a push stamps it (apply_push): its desk's clock when logged, one of twenty desks.
  await pool.query(
    `INSERT INTO tickets (id, number, created_at, fields, clocks, change_seq)
     SELECT id, number, at, fields,
            (SELECT jsonb_object_agg(k, lpad((extract(epoch FROM at) * 1000)::bigint::text, 13, '0') || '-0000-' || bench_id(g % 20, 'desk')::text) FROM jsonb_object_keys(fields) k),
            change_seq
     FROM (
     SELECT g, at, bench_id(10000 + 4 * g, 'ticket' || g) AS id, 'INC-' || (100000 + g) AS number, $1 + 4 * g AS change_seq,
            jsonb_build_object('type', 'incident', 'status', CASE WHEN ${open} THEN 'in_progress' ELSE 'closed' END, 'channel', 'email',
                               'subject', 'Printer ' || g || ' prints blank pages', 'description', 'Since this morning the printer on floor ' || (g % 7) || ' prints blank pages.',
                               'requester_id', bench_id(1 + g % $3, 'person' || (1 + g % $3))::text, 'impact', 'low', 'urgency', 'medium', 'priority', 'P4',
                               'resolved_at', CASE WHEN ${open} THEN NULL ELSE to_char((at + interval '2 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END,
                               'updated_at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS fields
     FROM (SELECT g, now() - (($2 - g) * $4::float8 * interval '1 minute') AS at FROM generate_series(1, $2) g) s) t`,
    [first, tickets, people, spacingMinutes]
  )
  const status = (from: string, to: string) => `'{"from":${from},"to":"' || ${to} || '","pendingReason":null,"resolutionCode":null,"resolutionNotes":null}'`
  await pool.query(
    `INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body, change_seq)
     SELECT bench_id(10001 + 4 * g, 'created' || g), bench_id(10000 + 4 * g, 'ticket' || g), t.created_at, NULL, 'created', '{"channel":"email"}', NULL, $1 + 4 * g + 1
       FROM generate_series(1, $2) g JOIN tickets t ON t.id = bench_id(10000 + 4 * g, 'ticket' || g)
     UNION ALL
     SELECT bench_id(10002 + 4 * g, 'new' || g), bench_id(10000 + 4 * g, 'ticket' || g), t.created_at, NULL, 'status', ${status('null', "'new'")}, NULL, $1 + 4 * g + 2
       FROM generate_series(1, $2) g JOIN tickets t ON t.id = bench_id(10000 + 4 * g, 'ticket' || g)
     UNION ALL
     SELECT bench_id(10003 + 4 * g, 'moved' || g), bench_id(10000 + 4 * g, 'ticket' || g), t.created_at + interval '20 minutes', NULL, 'status',
            ${status('"new"', "(t.fields->>'status')")}, NULL, $1 + 4 * g + 3
       FROM generate_series(1, $2) g JOIN tickets t ON t.id = bench_id(10000 + 4 * g, 'ticket' || g)`,
    [first, tickets]
  )
  await pool.query("SELECT setval('change_seq', $1)", [first + 4 * tickets + 4])
}

/**
 * A big team as `npm run seed -- --server` and the window benchmark make it: one ticket in ten logged in
 * the last 90 days, the rest closed long before (the history reaches back ten times as far), and only
 * tickets of the last 30 days still open.
 */
export function longHistory(tickets: number, people = Math.min(50_000, Math.max(50, Math.round(tickets / 20)))): HistoryShape {
  return { tickets, people, spacingMinutes: (90 * 1440) / Math.max(1, tickets / 10), openWithinDays: 30 }
}
