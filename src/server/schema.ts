import { createHash } from 'node:crypto'
import type { Pool, PoolClient } from 'pg'
import { pushFunctionSql } from './migrations/002-apply-push'
import { numbersFromSequencesSql } from './migrations/003-numbers-from-sequences'
import { inventorySql } from './migrations/004-inventory'
import { assetsSql } from './migrations/005-assets'
import { knowledgeSql } from './migrations/006-knowledge'
import { lateRemoteSessionEndSql } from './migrations/007-late-remote-session-end'
import { authoritySql } from './migrations/008-authority'
import { teamSql } from './migrations/009-team'
import { directoriesSql } from './migrations/011-directories'
import { mailSql } from './migrations/012-mail'
import { filesSql } from './migrations/013-files'
import { mailboxOauthSql } from './migrations/014-mailbox-oauth'
import { requesterDetailsSql } from './migrations/010-requester-details'
import { ticketWindowSql } from './migrations/015-ticket-window'
import { changeHorizonSql } from './migrations/016-change-horizon'
import { leanTicketIndexesSql } from './migrations/017-lean-ticket-indexes'
import { pushFunction } from './push-function'

/** Numbered, forward-only; a shipped entry is never edited. Applied under an advisory lock so several servers can start at once. */
const migrations: Array<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('agent', 'specialist', 'supervisor', 'admin')),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- A device token is stored only as its SHA-256: a leaked table signs nobody in.
      CREATE TABLE devices (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts (id),
        name text NOT NULL,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz,
        revoked_at timestamptz
      );
      -- One row per app install: the last outbox sequence applied, so a retried push is skipped, not doubled.
      CREATE TABLE sync_clients (
        client_id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts (id),
        last_seq bigint NOT NULL DEFAULT 0
      );
      CREATE SEQUENCE change_seq;
      CREATE TABLE people (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        email text,
        phone text,
        department text,
        location text,
        vip boolean NOT NULL DEFAULT false,
        change_seq bigint NOT NULL
      );
      CREATE INDEX people_change ON people (change_seq);
      CREATE TABLE tickets (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        fields jsonb NOT NULL,
        -- Per field, the clock of the value kept: a later edit wins field by field.
        clocks jsonb NOT NULL,
        change_seq bigint NOT NULL
      );
      CREATE INDEX tickets_change ON tickets (change_seq);
      CREATE TABLE ticket_events (
        id uuid PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES tickets (id),
        at timestamptz NOT NULL,
        author_id text,
        kind text NOT NULL,
        data text NOT NULL,
        body text,
        change_seq bigint NOT NULL
      );
      CREATE INDEX ticket_events_change ON ticket_events (change_seq);
      CREATE TABLE number_counters (prefix text PRIMARY KEY, last integer NOT NULL);
      INSERT INTO number_counters VALUES ('INC', 1000), ('REQ', 500), ('PRB', 40), ('CHG', 80);
    `
  },
  { version: 2, sql: pushFunctionSql },
  { version: 3, sql: numbersFromSequencesSql },
  { version: 4, sql: inventorySql },
  { version: 5, sql: assetsSql },
  { version: 6, sql: knowledgeSql },
  { version: 7, sql: lateRemoteSessionEndSql },
  { version: 8, sql: authoritySql },
  { version: 9, sql: teamSql },
  { version: 10, sql: requesterDetailsSql },
  { version: 11, sql: directoriesSql },
  { version: 12, sql: mailSql },
  { version: 13, sql: filesSql },
  { version: 14, sql: mailboxOauthSql },
  { version: 15, sql: ticketWindowSql },
  { version: 16, sql: changeHorizonSql },
  { version: 17, sql: leanTicketIndexesSql }
]

/**
 * Functions kept as one current source each, installed after the numbered migrations whenever their
 * text differs from what the database holds (Flyway calls these repeatable migrations). The schema
 * version is recorded with each, so a server older than the one that installed it never puts back
 * its own older text during a rolling upgrade.
 */
const functions = [pushFunction]

/** Brings the schema up to `upTo` (the newest by default; tests stop earlier to prove an upgrade). */
export async function migrate(pool: Pool, upTo = migrations.at(-1)!.version): Promise<number> {
  const client = await pool.connect()
  try {
    // A migration of a large desk may take longer than a request is allowed to.
    await client.query('SET statement_timeout = 0')
    await client.query('SELECT pg_advisory_lock(4242)')
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)')
    const current = (await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version')).rows[0]?.v ?? 0
    const newest = migrations.at(-1)!.version
    if (current > newest) throw new Error(`The database was set up by a newer desk server (schema ${current}, this build knows ${newest}).`)
    for (const m of migrations) {
      if (m.version <= current || m.version > upTo) continue
      await client.query('BEGIN')
      try {
        await client.query(m.sql)
        await client.query('INSERT INTO schema_version VALUES ($1)', [m.version])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
    }
    const reached = Math.max(current, upTo)
    if (reached === newest) await installFunctions(client, newest)
    return reached
  } finally {
    await client.query('SELECT pg_advisory_unlock(4242)').catch(() => undefined)
    await client.query('RESET statement_timeout').catch(() => undefined)
    client.release()
  }
}

async function installFunctions(client: PoolClient, version: number): Promise<void> {
  await client.query('CREATE TABLE IF NOT EXISTS schema_functions (name text PRIMARY KEY, checksum text NOT NULL, version integer NOT NULL)')
  for (const fn of functions) {
    const checksum = createHash('sha256').update(fn.sql).digest('hex')
    const held = (await client.query<{ checksum: string; version: number }>('SELECT checksum, version FROM schema_functions WHERE name = $1', [fn.name])).rows[0]
    if (held && (held.checksum === checksum || held.version > version)) continue
    await client.query('BEGIN')
    try {
      await client.query(fn.sql)
      await client.query(
        'INSERT INTO schema_functions VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, version = excluded.version',
        [fn.name, checksum, version]
      )
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK')
      throw error
    }
  }
}
