import type { Database, Statement } from 'better-sqlite3'
import type { IndexTerms } from '../rules/search-forms'

/** The terms the ticket and timeline search indexes hold (their fts5vocab tables): ~0.02 ms a question. */
export class SearchTerms {
  private readonly exact: Statement<{ term: string }, number>
  private readonly prefixed: Statement<{ term: string }, number>

  constructor(db: Database) {
    this.exact = db
      .prepare<{ term: string }, number>('SELECT EXISTS (SELECT 1 FROM tickets_fts_terms WHERE term = @term) OR EXISTS (SELECT 1 FROM events_fts_terms WHERE term = @term)')
      .pluck()
    // Terms sort by code point: every term that starts with @term lies below @term followed by the last one.
    this.prefixed = db
      .prepare<{ term: string }, number>(
        `SELECT EXISTS (SELECT 1 FROM tickets_fts_terms WHERE term >= @term AND term < @term || char(1114111))
             OR EXISTS (SELECT 1 FROM events_fts_terms WHERE term >= @term AND term < @term || char(1114111))`
      )
      .pluck()
  }

  /** For one search: each question asked of the index once. */
  lookup(): IndexTerms {
    const asked = new Map<string, boolean>()
    const ask = (key: string, statement: Statement<{ term: string }, number>, term: string) => {
      let answer = asked.get(key)
      if (answer === undefined) asked.set(key, (answer = statement.get({ term }) === 1))
      return answer
    }
    return {
      has: (term) => ask(`=${term}`, this.exact, term),
      hasPrefix: (prefix) => ask(`^${prefix}`, this.prefixed, prefix)
    }
  }
}
