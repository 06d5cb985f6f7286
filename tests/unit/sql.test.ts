import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StatementCache, updater } from '../../src/main/core/store/sql'

let db: Database.Database

beforeEach(() => {
  db = new Database(':memory:')
  db.exec(`
    CREATE TABLE tickets (id TEXT PRIMARY KEY, status TEXT NOT NULL, subject TEXT NOT NULL, clocks TEXT NOT NULL DEFAULT '{}');
    INSERT INTO tickets (id, status, subject) VALUES ('t1', 'new', 'VPN drops'), ('t2', 'new', 'Printer jam');`)
})

afterEach(() => db.close())

const row = (id: string) => db.prepare('SELECT id, status, subject, clocks FROM tickets WHERE id = ?').get(id)
const updateTickets = updater('tickets', ['status', 'subject'])

describe('the statement cache', () => {
  it('prepares one statement per SQL text', () => {
    const sql = new StatementCache(db)
    const first = sql.cached<[string], { subject: string }>('SELECT subject FROM tickets WHERE id = ?')
    expect(sql.cached('SELECT subject FROM tickets WHERE id = ?')).toBe(first)
    expect(sql.cached('SELECT status FROM tickets WHERE id = ?')).not.toBe(first)
    expect(first.get('t2')).toEqual({ subject: 'Printer jam' })
  })
})

describe('the update builder', () => {
  it('sets the named columns of the row the WHERE names', () => {
    expect(updateTickets(['status', 'subject'])).toBe('UPDATE tickets SET status = @status, subject = @subject WHERE id = @id')
    db.prepare(updateTickets(['status', 'subject'])).run({ status: 'assigned', subject: 'VPN drops hourly', id: 't1' })
    expect(row('t1')).toEqual({ id: 't1', status: 'assigned', subject: 'VPN drops hourly', clocks: '{}' })
    expect(row('t2')).toEqual({ id: 't2', status: 'new', subject: 'Printer jam', clocks: '{}' })
  })

  it("adds the caller's own assignments, values and WHERE", () => {
    const sql = updateTickets(['subject'], { value: (c) => `(SELECT ${c} FROM tickets WHERE id = @from)`, also: ['clocks = json_patch(clocks, @stamps)'], where: 'id = @to' })
    db.prepare(sql).run({ from: 't2', to: 't1', stamps: '{"subject":"s1"}' })
    expect(row('t1')).toEqual({ id: 't1', status: 'new', subject: 'Printer jam', clocks: '{"subject":"s1"}' })
  })

  it('refuses a column outside its allowlist, and nothing changes', () => {
    const before = db.prepare('SELECT * FROM tickets ORDER BY id').all()
    for (const attack of ["status = 'closed', subject", 'id', 'clocks', 'subject = @subject; DROP TABLE tickets; --']) {
      expect(() => db.prepare(updateTickets(['subject', attack])).run({ subject: 'x', status: 'x', id: 't1' })).toThrow(/not a column of tickets/)
    }
    expect(db.prepare('SELECT * FROM tickets ORDER BY id').all()).toEqual(before)
  })
})
