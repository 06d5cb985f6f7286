import { personFields } from '../shared/domain'
import { stampWinsSql } from '../shared/field-merge'

const personColumns = personFields

/**
 * The push, as one PostgreSQL function: a whole batch in one round trip. The server's checks
 * (change-check.ts) have already passed every change handed to it; what stays here is what must
 * happen under the row locks: the per-field merge (the shared rule, written out by stampWinsSql), the
 * closed-ticket backstop for a ticket closed by a push that committed in between, numbering, and the
 * change sequences. Each change is its own subtransaction, so a refused one rolls back alone.
 *
 * This is the function's one source. schema.ts installs it after the numbered migrations whenever
 * its text changes; migrations 2, 3 and 7 hold the versions that shipped before, as history.
 * p_denied is no longer read (roles are checked before the call) but stays in the signature, which
 * CREATE OR REPLACE cannot change.
 */
export const pushFunction = { name: 'apply_push', sql: `
CREATE OR REPLACE FUNCTION apply_push(p_client uuid, p_account uuid, p_denied text[], p_mutations jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
DECLARE
  v_last bigint;
  v_owner uuid;
  m jsonb;
  t jsonb;
  v_seq bigint;
  v_hlc text;
  v_results jsonb := '[]';
  v_superseded jsonb;
  v_fields jsonb;
  v_clocks jsonb;
  v_found boolean;
  v_key text;
  v_value jsonb;
  v_kept text;
  v_prefix text;
  v_code text;
  pc jsonb;
  v_pclocks jsonb;
  v_touched uuid[];
  v_changed boolean := false;
  v_events jsonb := '[]';
BEGIN
  INSERT INTO sync_clients (client_id, account_id) VALUES (p_client, p_account) ON CONFLICT DO NOTHING;
  SELECT last_seq, account_id INTO v_last, v_owner FROM sync_clients WHERE client_id = p_client FOR UPDATE;
  IF v_owner <> p_account THEN
    RAISE EXCEPTION 'FORBIDDEN|This client id belongs to another account.' USING ERRCODE = 'P0403';
  END IF;

  FOR m IN SELECT value FROM jsonb_array_elements(p_mutations) ORDER BY (value->>'seq')::bigint LOOP
    v_seq := (m->>'seq')::bigint;
    v_hlc := m->>'hlc';
    IF v_seq <= v_last THEN
      v_results := v_results || jsonb_build_object('seq', v_seq, 'status', 'duplicate');
      CONTINUE;
    END IF;
    v_superseded := '[]';
    BEGIN
      -- New requesters first, so the tickets after them (and an edit in the same batch) find them.
      -- Most changes bring none, and the statement is skipped then (with it run for every change, 50 desks pushed
      -- 2,612 mutations/s in the sync bench; without, 3,033).
      v_touched := '{}';
      IF jsonb_array_length(coalesce(m->'people', '[]')) > 0 THEN
      WITH added AS (
        INSERT INTO people (id, name, email, phone, department, location, vip, manager, language, notes, aliases, change_seq)
        SELECT id, name, email, phone, department, location, vip, manager, language, notes, coalesce(aliases, '[]'), change_seq_next()
        FROM jsonb_to_recordset(coalesce(m->'people', '[]')) AS p (id uuid, name text, email text, phone text, department text, location text, vip boolean, manager text, language text, notes text, aliases jsonb)
        ON CONFLICT (id) DO NOTHING RETURNING id
      ) SELECT coalesce(array_agg(id), '{}') INTO v_touched FROM added;
      END IF;
      FOR t IN SELECT value FROM jsonb_array_elements(m->'tickets') LOOP
        SELECT fields, clocks INTO v_fields, v_clocks FROM tickets WHERE id = (t->>'id')::uuid FOR UPDATE;
        v_found := FOUND;
        IF NOT v_found THEN
          IF t->'created' IS NULL THEN
            RAISE EXCEPTION 'NOT_FOUND|The desk server does not know this ticket (it may exist only on that machine, like the sample desk).';
          END IF;
          v_prefix := split_part(t->'created'->>'provisionalNumber', '-', 1);
          IF v_prefix NOT IN ('INC', 'REQ', 'PRB', 'CHG') THEN
            RAISE EXCEPTION 'INVALID_INPUT|Unknown ticket number prefix %.', v_prefix;
          END IF;
          INSERT INTO tickets (id, number, created_at, fields, clocks, change_seq)
          VALUES ((t->>'id')::uuid, v_prefix || '-' || nextval(('ticket_number_' || lower(v_prefix))::regclass),
                  (t->'created'->>'createdAt')::timestamptz, t->'fields',
                  coalesce((SELECT jsonb_object_agg(k, v_hlc) FROM jsonb_object_keys(t->'fields') AS k), '{}'), change_seq_next());
        ELSE
          IF v_fields->>'status' = 'closed' AND m->>'kind' NOT IN ('ticket.recordSatisfaction', 'ticket.remoteSession') THEN
            RAISE EXCEPTION 'CONFLICT|The ticket was closed on the desk server before this change arrived.';
          END IF;
          FOR v_key, v_value IN SELECT key, value FROM jsonb_each(t->'fields') LOOP
            v_kept := v_clocks->>v_key;
            IF NOT ${stampWinsSql('v_hlc', 'v_kept', 'postgres')} THEN
              IF v_fields->v_key IS DISTINCT FROM v_value THEN
                v_superseded := v_superseded || jsonb_build_object('ticketId', t->>'id', 'field', v_key, 'by',
                  (SELECT a.name FROM sync_clients c JOIN accounts a ON a.id = c.account_id WHERE c.client_id::text = substring(v_kept FROM 20)));
              END IF;
            ELSE
              v_fields := v_fields || jsonb_build_object(v_key, v_value);
              v_clocks := v_clocks || jsonb_build_object(v_key, v_hlc);
            END IF;
          END LOOP;
          UPDATE tickets SET fields = v_fields, clocks = v_clocks, change_seq = change_seq_next() WHERE id = (t->>'id')::uuid;
        END IF;
      END LOOP;

      -- A requester's details merge field by field, by the same rule as a ticket's.
      FOR pc IN SELECT value FROM jsonb_array_elements(coalesce(m->'personChanges', '[]')) LOOP
        SELECT clocks INTO v_pclocks FROM people WHERE id = (pc->>'id')::uuid FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'NOT_FOUND|The desk server does not know this requester.';
        END IF;
        UPDATE people SET
          ${personColumns.map((c) => `${c} = CASE WHEN pc->'fields' ? '${c}' AND ${stampWinsSql('v_hlc', `v_pclocks->>'${c}'`, 'postgres')} THEN ${c === 'vip' ? "(pc->'fields'->>'vip')::boolean" : c === 'aliases' ? "pc->'fields'->'aliases'" : `pc->'fields'->>'${c}'`} ELSE ${c} END`).join(',\n          ')},
          clocks = v_pclocks || coalesce((SELECT jsonb_object_agg(k, v_hlc) FROM jsonb_object_keys(pc->'fields') k WHERE ${stampWinsSql('v_hlc', 'v_pclocks->>k', 'postgres')}), '{}'),
          change_seq = change_seq_next()
        WHERE id = (pc->>'id')::uuid;
        v_touched := v_touched || (pc->>'id')::uuid;
      END LOOP;

      IF EXISTS (SELECT 1 FROM jsonb_array_elements(m->'events') e
                 WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(m->'tickets') x WHERE x->>'id' = e->>'ticketId')) THEN
        RAISE EXCEPTION 'INVALID_INPUT|An event belongs to a ticket this change does not touch.';
      END IF;
      -- Variables are not rolled back with a refused change, so only a change that went through adds to them.
      v_changed := v_changed OR cardinality(v_touched) > 0 OR jsonb_array_length(m->'tickets') > 0;
      v_events := v_events || (m->'events');
      v_results := v_results || (jsonb_build_object('seq', v_seq, 'status', 'applied')
        || CASE WHEN jsonb_array_length(v_superseded) > 0 THEN jsonb_build_object('superseded', v_superseded) ELSE '{}' END);
    EXCEPTION WHEN raise_exception THEN
      -- Refused ones count as seen too: the desk keeps them for Retry (under a new sequence) or Discard.
      v_code := split_part(SQLERRM, '|', 1);
      v_results := v_results || jsonb_build_object('seq', v_seq, 'status', 'refused', 'code', v_code, 'reason', substring(SQLERRM FROM length(v_code) + 2));
    END;
    v_last := v_seq;
  END LOOP;

  UPDATE sync_clients SET last_seq = v_last WHERE client_id = p_client;
  IF v_changed THEN
    -- Each row took its change sequence as it was written, with no lock: a pull reads only below the
    -- writers still running (change-horizon.ts). Events last, after their tickets, as pulls apply them.
    -- Timeline events are append-only and carry their own ids: the same event twice is the same event.
    INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body, change_seq)
      SELECT id, "ticketId", at, "authorId", kind, data, body, change_seq_next()
      FROM jsonb_to_recordset(v_events) AS e (id uuid, "ticketId" uuid, at timestamptz, "authorId" text, kind text, data text, body text)
      ON CONFLICT (id) DO NOTHING;
  END IF;
  -- The server nudges the desks after commit when something changed (desk-nudge.ts).
  RETURN jsonb_build_object('results', v_results, 'lastApplied', v_last, 'changed', v_changed);
END
$fn$;
`
}
