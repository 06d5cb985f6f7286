/**
 * The one merge rule every replicated record follows (tickets, assets, article heads, on the desk and
 * on the server): per field, the value with the later clock stamp wins. Stamps are ASCII and sort as
 * bytes; the node id at their end rules out ties between two writers, so an equal stamp is the same
 * write and the value already held stays.
 */
export function stampWins(incoming: string | null | undefined, held: string | null | undefined): boolean {
  if (!incoming) return false
  return !held || incoming > held
}

export interface Stamped<F> {
  fields: Partial<F>
  clocks: Partial<Record<keyof F & string, string>>
}

/** `held` with every field of `incoming` whose stamp wins; `taken` and `kept` name the fields each way (a kept one the caller may report as superseded). */
export function mergeFields<F>(held: Stamped<F>, incoming: Stamped<F>): Stamped<F> & { taken: Array<keyof F & string>; kept: Array<keyof F & string> } {
  const fields: Partial<F> = { ...held.fields }
  const clocks: Partial<Record<keyof F & string, string>> = { ...held.clocks }
  const taken: Array<keyof F & string> = []
  const kept: Array<keyof F & string> = []
  for (const key of Object.keys(incoming.fields) as Array<keyof F & string>) {
    const stamp = incoming.clocks[key]
    if (!stampWins(stamp, clocks[key])) {
      kept.push(key)
      continue
    }
    fields[key] = incoming.fields[key]
    clocks[key] = stamp
    taken.push(key)
  }
  return { fields, clocks, taken, kept }
}

/**
 * The same rule as a SQL condition, for the statements that merge inside the database (the server's
 * push function, the desk's article head). PostgreSQL needs COLLATE "C" for byte order; SQLite's
 * default BINARY collation already is.
 */
export function stampWinsSql(incoming: string, held: string, dialect: 'postgres' | 'sqlite'): string {
  const bytes = dialect === 'postgres' ? ' COLLATE "C"' : ''
  return `(${incoming} IS NOT NULL AND (${held} IS NULL OR ${incoming}${bytes} > ${held}${bytes}))`
}
