import type { Database, Statement } from 'better-sqlite3'

/**
 * Statements prepared once per distinct SQL text. SQL built from filters or column sets comes in a
 * handful of shapes, run again and again (a queue page, a ticket's fields): preparing each shape once
 * saves parsing it on every call.
 */
export class StatementCache {
  private readonly prepared = new Map<string, Statement>()

  constructor(private readonly db: Database) {}

  /** Typed as `db.prepare` types it. A mode set on the statement (`pluck()`) stays with it for the next caller of the same text. */
  cached<P extends unknown[] | object = unknown[], R = unknown>(sql: string): P extends unknown[] ? Statement<P, R> : Statement<[P], R> {
    let statement = this.prepared.get(sql)
    if (!statement) this.prepared.set(sql, (statement = this.db.prepare(sql)))
    return statement as never
  }
}

export interface UpdateShape {
  /** Assignments after the named columns, as the caller writes them (`clocks = json_patch(clocks, @stamps)`). */
  also?: readonly string[]
  /** What a named column is set to; the parameter of its name unless said. */
  value?: (column: string) => string
  where?: string
}

/**
 * Builds `UPDATE <table> SET a = @a, b = @b … WHERE id = @id` for the columns named. Column names are
 * put into the SQL text, so a name outside `allowed` throws before any SQL exists: the allowlist, not
 * each caller's care, keeps input out of the SQL. `table` is the caller's constant.
 */
export function updater(table: string, allowed: Iterable<string>): (columns: readonly string[], shape?: UpdateShape) => string {
  const columnsAllowed = new Set(allowed)
  return (columns, { also = [], value = (column: string) => `@${column}`, where = 'id = @id' } = {}) => {
    for (const column of columns) if (!columnsAllowed.has(column)) throw new Error(`${JSON.stringify(column)} is not a column of ${table} that may be updated here.`)
    return `UPDATE ${table} SET ${[...columns.map((column) => `${column} = ${value(column)}`), ...also].join(', ')} WHERE ${where}`
  }
}
