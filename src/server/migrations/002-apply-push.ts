/**
 * The push, as one PostgreSQL function: a whole batch in one round trip (the desk server's
 * throughput was round trips, not work). Each change is its own subtransaction, so a refused one
 * rolls back alone. Refusals are raised as 'CODE|message' and turned into results here.
 * Clock stamps compare with COLLATE "C": byte order, as the desks compare them.
 */
export const pushFunctionSql = `
CREATE FUNCTION apply_push(p_client uuid, p_account uuid, p_denied text[], p_mutations jsonb) RETURNS jsonb
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
  v_number integer;
  v_code text;
  v_people uuid[] := '{}';
  v_tickets uuid[] := '{}';
  v_events uuid[] := '{}';
  v_new uuid[] := '{}';
  v_new_prefix text[] := '{}';
  v_m_new uuid[];
  v_m_prefix text[];
  i integer;
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
    v_m_new := '{}';
    v_m_prefix := '{}';
    BEGIN
      IF m->>'kind' = ANY (p_denied) THEN
        RAISE EXCEPTION 'FORBIDDEN|%', 'A ' || (SELECT role FROM accounts WHERE id = p_account) || ' cannot ' || replace(m->>'kind', 'ticket.', '') || '.';
      END IF;
      INSERT INTO people (id, name, email, phone, department, location, vip, change_seq)
        SELECT id, name, email, phone, department, location, vip, 0
        FROM jsonb_to_recordset(m->'people') AS p (id uuid, name text, email text, phone text, department text, location text, vip boolean)
        ON CONFLICT (id) DO NOTHING;

      FOR t IN SELECT value FROM jsonb_array_elements(m->'tickets') LOOP
        SELECT fields, clocks INTO v_fields, v_clocks FROM tickets WHERE id = (t->>'id')::uuid FOR UPDATE;
        v_found := FOUND;
        IF NOT v_found THEN
          IF t->'created' IS NULL THEN
            RAISE EXCEPTION 'NOT_FOUND|The desk server does not know this ticket (it may exist only on that machine, like the sample desk).';
          END IF;
          v_prefix := split_part(t->'created'->>'provisionalNumber', '-', 1);
          IF NOT EXISTS (SELECT 1 FROM number_counters WHERE prefix = v_prefix) THEN
            RAISE EXCEPTION 'INVALID_INPUT|Unknown ticket number prefix %.', v_prefix;
          END IF;
          -- The real number is given at the end, under the lock, so no counter row is held meanwhile.
          INSERT INTO tickets (id, number, created_at, fields, clocks, change_seq)
          VALUES ((t->>'id')::uuid, '~' || (t->>'id'), (t->'created'->>'createdAt')::timestamptz, t->'fields',
                  coalesce((SELECT jsonb_object_agg(k, v_hlc) FROM jsonb_object_keys(t->'fields') AS k), '{}'), 0);
          v_m_new := v_m_new || (t->>'id')::uuid;
          v_m_prefix := v_m_prefix || v_prefix;
        ELSE
          IF v_fields->>'status' = 'closed' AND m->>'kind' <> 'ticket.recordSatisfaction' THEN
            RAISE EXCEPTION 'CONFLICT|The ticket was closed on the desk server before this change arrived.';
          END IF;
          FOR v_key, v_value IN SELECT key, value FROM jsonb_each(t->'fields') LOOP
            v_kept := v_clocks->>v_key;
            -- Field by field, the later stamp wins; the node id in the stamp rules out ties.
            IF v_kept IS NOT NULL AND v_kept COLLATE "C" > v_hlc COLLATE "C" THEN
              IF v_fields->v_key IS DISTINCT FROM v_value THEN
                v_superseded := v_superseded || jsonb_build_object('ticketId', t->>'id', 'field', v_key, 'by',
                  (SELECT a.name FROM sync_clients c JOIN accounts a ON a.id = c.account_id WHERE c.client_id::text = substring(v_kept FROM 20)));
              END IF;
            ELSE
              v_fields := v_fields || jsonb_build_object(v_key, v_value);
              v_clocks := v_clocks || jsonb_build_object(v_key, v_hlc);
            END IF;
          END LOOP;
          UPDATE tickets SET fields = v_fields, clocks = v_clocks WHERE id = (t->>'id')::uuid;
        END IF;
      END LOOP;

      IF EXISTS (SELECT 1 FROM jsonb_array_elements(m->'events') e
                 WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(m->'tickets') x WHERE x->>'id' = e->>'ticketId')) THEN
        RAISE EXCEPTION 'INVALID_INPUT|An event belongs to a ticket this change does not touch.';
      END IF;
      -- Timeline events are append-only and carry their own ids: the same event twice is the same event.
      INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body, change_seq)
        SELECT id, "ticketId", at, "authorId", kind, data, body, 0
        FROM jsonb_to_recordset(m->'events') AS e (id uuid, "ticketId" uuid, at timestamptz, "authorId" text, kind text, data text, body text)
        ON CONFLICT (id) DO NOTHING;

      -- Variables are not rolled back with a refused change, so only a change that went through adds to them.
      v_new := v_new || v_m_new;
      v_new_prefix := v_new_prefix || v_m_prefix;
      v_people := v_people || ARRAY(SELECT (x->>'id')::uuid FROM jsonb_array_elements(m->'people') x);
      v_tickets := v_tickets || ARRAY(SELECT (x->>'id')::uuid FROM jsonb_array_elements(m->'tickets') x);
      v_events := v_events || ARRAY(SELECT (x->>'id')::uuid FROM jsonb_array_elements(m->'events') x);
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
  IF cardinality(v_tickets) > 0 THEN
    -- Rows went in with change_seq 0, unseen by pulls. Numbers are handed out one writer at a time just
    -- before commit, so they become visible in the order taken: a pull that has read up to N never later
    -- meets a row below N. People before tickets before events, the order pulls apply them in.
    PERFORM pg_advisory_xact_lock(4243);
    FOR i IN 1 .. cardinality(v_new) LOOP
      UPDATE number_counters SET last = last + 1 WHERE prefix = v_new_prefix[i] RETURNING last INTO v_number;
      UPDATE tickets SET number = v_new_prefix[i] || '-' || v_number WHERE id = v_new[i];
    END LOOP;
    UPDATE people SET change_seq = nextval('change_seq') WHERE change_seq = 0 AND id = ANY (v_people);
    UPDATE tickets SET change_seq = nextval('change_seq') WHERE id = ANY (v_tickets);
    UPDATE ticket_events SET change_seq = nextval('change_seq') WHERE change_seq = 0 AND id = ANY (v_events);
    PERFORM pg_notify('desk_changes', '');
  END IF;
  RETURN jsonb_build_object('results', v_results, 'lastApplied', v_last);
END
$fn$;
`
