import type { Database, Statement } from 'better-sqlite3'
import type { EventData, ResolutionCode, TicketStatus } from '../../../shared/domain'
import { rankWords, stemOf } from './ranking-words'

/** An article a resolved ticket teaches, and how strongly: marked "This solved it", or only used. */
export interface Lesson {
  articleId: string
  weight: number
}

/** What the solved tickets similar to a new one say about an article. */
export interface Learned {
  /** Similarity × strength × freshness, summed over the similar tickets it solved. */
  score: number
  similar: number
  thisMonth: number
}

interface TeachingTicket {
  stems: string[]
  resolvedMs: number
  lessons: Lesson[]
}

const done = new Set<TicketStatus>(['resolved', 'closed'])
const solvedCodes = new Set<ResolutionCode>(['solved_first_contact', 'solved', 'workaround'])
const halfLifeDays = 90
const neighbours = 10
const minSimilarity = 0.3

/**
 * What a ticket teaches: nothing unless it is resolved or closed as solved (a workaround counts; not
 * reproducible, duplicate or cancelled do not), and only the articles used since it was last
 * reopened, since one used before a reopening evidently did not hold.
 */
export function lessonsOf(status: TicketStatus, resolutionCode: ResolutionCode | null, events: EventData[]): Lesson[] {
  if (!done.has(status) || !resolutionCode || !solvedCodes.has(resolutionCode)) return []
  const reopened = events.findLastIndex((e) => e.kind === 'status' && e.from !== null && done.has(e.from) && !done.has(e.to))
  const weights = new Map<string, number>()
  for (const e of events.slice(reopened + 1)) {
    if (e.kind === 'article') weights.set(e.article.id, Math.max(weights.get(e.article.id) ?? 0, e.solved ? 1 : 0.5))
  }
  return [...weights].map(([articleId, weight]) => ({ articleId, weight }))
}

/**
 * The desk's resolved tickets that name the article that solved them, kept in memory as word stems and
 * read again only for tickets whose timeline grew (by a technician here or by sync, which is how the
 * team's resolutions teach every desk). A new ticket's nearest solved neighbours vote for their
 * articles, weighted by likeness and by the strength of the lesson, halving every 90 days.
 */
export class SolvedTickets {
  private readonly tickets = new Map<string, TeachingTicket>()
  private readonly byStem = new Map<string, Set<string>>()
  private lastSeq = -1
  private readonly stmt: {
    lastSeq: Statement<[], { seq: number | null }>
    touched: Statement<[number], { ticket_id: string }>
    teaching: Statement<[], { ticket_id: string }>
    ticket: Statement<[string], { status: TicketStatus; resolution_code: ResolutionCode | null; subject: string; description: string; resolved_at: string }>
    events: Statement<[string], { kind: string; data: string }>
  }

  constructor(
    db: Database,
    private readonly now: () => Date
  ) {
    this.stmt = {
      lastSeq: db.prepare('SELECT max(seq) AS seq FROM ticket_events'),
      // Tickets whose article uses or status changed since the last look, limited to those that ever used an article.
      touched: db.prepare(`SELECT DISTINCT ticket_id FROM ticket_events e WHERE e.seq > ? AND e.kind IN ('article', 'status')
        AND EXISTS (SELECT 1 FROM ticket_events a WHERE a.ticket_id = e.ticket_id AND a.kind = 'article')`),
      teaching: db.prepare("SELECT DISTINCT ticket_id FROM ticket_events WHERE kind = 'article'"),
      ticket: db.prepare('SELECT status, resolution_code, subject, description, coalesce(resolved_at, closed_at, updated_at) AS resolved_at FROM tickets WHERE id = ?'),
      events: db.prepare("SELECT kind, data FROM ticket_events WHERE ticket_id = ? AND kind IN ('article', 'status') ORDER BY seq")
    }
  }

  /** How many solved tickets teach something now. */
  get size(): number {
    return this.tickets.size
  }

  /** Reads again the tickets whose timeline grew since the last call. */
  refresh(): void {
    const last = this.stmt.lastSeq.get()?.seq ?? 0
    if (last === this.lastSeq) return
    const touched = this.lastSeq < 0 ? this.stmt.teaching.all() : this.stmt.touched.all(this.lastSeq)
    for (const { ticket_id } of touched) this.reread(ticket_id)
    this.lastSeq = last
  }

  /**
   * Votes for articles from the solved tickets most like this text. `synonymsOf` widens each word (at
   * half weight) so "pw" finds a ticket that said "password". The ticket being read is not its own neighbour.
   */
  votes(text: string, synonymsOf: (term: string) => string[], self?: string): Map<string, Learned> {
    this.refresh()
    const votes = new Map<string, Learned>()
    if (this.tickets.size === 0) return votes
    const query = new Map<string, number>()
    for (const term of new Set(rankWords(text, { meaningful: true }))) {
      const stem = stemOf(term)
      query.set(stem, 1)
      for (const other of synonymsOf(term)) {
        const s = stemOf(other)
        if (!query.has(s)) query.set(s, 0.5)
      }
    }
    const idf = (stem: string) => Math.log(1 + this.tickets.size / (this.byStem.get(stem)?.size ?? this.tickets.size))
    const dots = new Map<string, number>()
    let queryNorm = 0
    for (const [stem, match] of query) {
      const holders = this.byStem.get(stem)
      if (!holders) continue
      const w = idf(stem)
      queryNorm += (match * w) ** 2
      for (const id of holders) if (id !== self) dots.set(id, (dots.get(id) ?? 0) + match * w * w)
    }
    if (dots.size === 0) return votes
    const nowMs = this.now().getTime()
    const nearest = [...dots]
      .map(([id, dot]) => {
        const ticket = this.tickets.get(id)!
        const norm = Math.sqrt(ticket.stems.reduce((sum, s) => sum + idf(s) ** 2, 0))
        return { ticket, similarity: dot / (Math.sqrt(queryNorm) * norm) }
      })
      .filter((n) => n.similarity >= minSimilarity)
      .sort((x, y) => y.similarity - x.similarity)
      .slice(0, neighbours)
    for (const { ticket, similarity } of nearest) {
      const ageDays = Math.max(0, nowMs - ticket.resolvedMs) / 86_400_000
      const fresh = 0.5 ** (ageDays / halfLifeDays)
      for (const lesson of ticket.lessons) {
        const v = votes.get(lesson.articleId) ?? { score: 0, similar: 0, thisMonth: 0 }
        v.score += similarity * lesson.weight * fresh
        v.similar++
        if (ageDays <= 30) v.thisMonth++
        votes.set(lesson.articleId, v)
      }
    }
    return votes
  }

  private reread(ticketId: string): void {
    this.forget(ticketId)
    const row = this.stmt.ticket.get(ticketId)
    if (!row) return
    const lessons = lessonsOf(
      row.status,
      row.resolution_code,
      // The kind is a column of its own; the data holds the rest.
      this.stmt.events.all(ticketId).map((e) => ({ kind: e.kind, ...(JSON.parse(e.data) as object) }) as EventData)
    )
    if (lessons.length === 0) return
    const stems = [...new Set(rankWords(`${row.subject}\n${row.description}`, { meaningful: true }).map(stemOf))]
    this.tickets.set(ticketId, { stems, resolvedMs: Date.parse(row.resolved_at), lessons })
    for (const s of stems) {
      const holders = this.byStem.get(s)
      if (holders) holders.add(ticketId)
      else this.byStem.set(s, new Set([ticketId]))
    }
  }

  private forget(ticketId: string): void {
    const old = this.tickets.get(ticketId)
    if (!old) return
    for (const s of old.stems) {
      const holders = this.byStem.get(s)!
      holders.delete(ticketId)
      if (holders.size === 0) this.byStem.delete(s)
    }
    this.tickets.delete(ticketId)
  }
}
