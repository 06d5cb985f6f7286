import { createHash } from 'node:crypto'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/server/embedded'
import { pushFunction } from '../../src/server/push-function'
import { migrate } from '../../src/server/schema'
import { mergeFields, stampWins, stampWinsSql } from '../../src/shared/field-merge'
import { formatHlc } from '../../src/shared/hlc'
import { tempDir } from '../support/temp-dir'

const t = Date.UTC(2026, 10, 23, 9)
const stamp = (wall: number, counter: number, node: string) => formatHlc({ wall, counter, node })

describe('one merge rule: per field, the later clock stamp wins', () => {
  it('takes the later edit, keeps the held value against an earlier or the same edit, and names each', () => {
    const held = { fields: { location: 'Floor 3', ownerId: 'p1' }, clocks: { location: stamp(t, 0, 'desk-a'), ownerId: stamp(t + 5, 0, 'desk-a') } }
    const merged = mergeFields<{ location: string; ownerId: string; name: string }>(held, {
      fields: { location: 'Floor 4', ownerId: 'p2', name: 'LT-0042' },
      clocks: { location: stamp(t + 1, 0, 'desk-b'), ownerId: stamp(t, 3, 'desk-b'), name: stamp(t, 0, 'desk-b') }
    })
    expect(merged.fields).toEqual({ location: 'Floor 4', ownerId: 'p1', name: 'LT-0042' })
    expect(merged.taken.sort()).toEqual(['location', 'name'])
    expect(merged.kept).toEqual(['ownerId'])
    expect(mergeFields(held, held).taken).toEqual([])
  })

  describe('written once and obeyed the same by JavaScript, PostgreSQL and SQLite', () => {
    const dir = tempDir('frontline-merge-')
    let db: EmbeddedDatabase
    let pool: pg.Pool
    beforeAll(async () => {
      db = await startEmbeddedPostgres(dir.path)
      pool = new pg.Pool({ connectionString: db.url, max: 2 })
      pool.on('error', () => undefined)
    }, 60_000)
    afterAll(async () => {
      await pool?.end()
      await db?.stop()
      dir.remove()
    })

    it('decides every pair of stamps alike, ties, nulls and node ids that differ only in case included', async () => {
      const sqlite = new Database(':memory:')
      const sqliteWins = sqlite.prepare(`SELECT ${stampWinsSql('@incoming', '@held', 'sqlite')} AS wins`).pluck()
      const node = fc.constantFrom('desk-a', 'desk-b', 'Desk-a', '0194f1c2-aaaa', 'z')
      const aStamp = fc.tuple(fc.integer({ min: t, max: t + 3 }), fc.integer({ min: 0, max: 3 }), node).map(([w, c, n]) => stamp(w, c, n))
      const pairs = fc.sample(fc.tuple(fc.option(aStamp, { nil: null }), fc.option(aStamp, { nil: null })), { numRuns: 400, seed: 7 })
      const fromPostgres = (
        await pool.query<{ wins: boolean | null }>(
          `SELECT ${stampWinsSql('p.incoming', 'p.held', 'postgres')} AS wins FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS p (incoming, held, n) ORDER BY n`,
          [pairs.map(([incoming]) => incoming), pairs.map(([, held]) => held)]
        )
      ).rows.map((r) => r.wins === true)
      const fromSqlite = pairs.map(([incoming, held]) => sqliteWins.get({ incoming, held }) === 1)
      const fromJs = pairs.map(([incoming, held]) => stampWins(incoming, held))
      expect(fromPostgres).toEqual(fromJs)
      expect(fromSqlite).toEqual(fromJs)
      expect(fromJs.filter(Boolean).length).toBeGreaterThan(50)
      sqlite.close()
    })

    it('installs the push function from its one source after the migrations, and again only when that source changes', async () => {
      expect(await migrate(pool, 7)).toBe(7)
      const definition = async () => (await pool.query<{ src: string }>("SELECT prosrc AS src FROM pg_proc WHERE proname = 'apply_push'")).rows[0]!.src
      expect(await definition()).not.toContain(stampWinsSql('v_hlc', 'v_kept', 'postgres'))
      await migrate(pool)
      expect(await definition()).toContain(stampWinsSql('v_hlc', 'v_kept', 'postgres'))
      const held = async () => (await pool.query('SELECT checksum, version FROM schema_functions WHERE name = $1', ['apply_push'])).rows[0]
      expect((await held()).checksum).toBe(createHash('sha256').update(pushFunction.sql).digest('hex'))
      // A newer server installed its own text: this (older) one starting beside it leaves that alone.
      await pool.query("UPDATE schema_functions SET checksum = 'newer', version = version + 1")
      await pool.query("CREATE OR REPLACE FUNCTION apply_push(p_client uuid, p_account uuid, p_denied text[], p_mutations jsonb) RETURNS jsonb LANGUAGE sql AS $$ SELECT '{}'::jsonb $$")
      await migrate(pool)
      expect(await definition()).not.toContain('v_hlc')
      // An older text recorded by an older server is replaced.
      await pool.query("UPDATE schema_functions SET checksum = 'older', version = version - 2")
      await migrate(pool)
      expect(await definition()).toContain(stampWinsSql('v_hlc', 'v_kept', 'postgres'))
    }, 60_000)
  })
})
