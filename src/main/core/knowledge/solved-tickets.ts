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
  /** Similarity × strength × freshness over the nearest similar tickets, at most 1 (the best text match's weight). */
  score: number
  /** Similar tickets it was marked as the fix for: in all, and in the last 30 days. */
  similar: number
  thisMonth: number
}

interface TeachingTicket {
  stems: Set<string>
  resolvedMs: number
  lessons: Lesson[]
  /** Length of its idf-weighted stem vector, and the teaching set's size it was computed at. */
  norm: number
  normAt: number
}

interface TicketRow {
  status: TicketStatus
  resolution_code: ResolutionCode | null
  subject: string
  description: string
  resolved_at: string
}
const ticketColumns = 't.status, t.resolution_code, t.subject, t.description, coalesce(t.resolved_at, t.closed_at, t.updated_at) AS resolved_at'

// The kind is a column of its own; the data holds the rest.
const eventOf = (kind: string, data: string) => ({ kind, ...(JSON.parse(data) as object) }) as EventData

const done = new Set<TicketStatus>(['resolved', 'closed'])
const solvedCodes = new Set<ResolutionCode>(['solved_first_contact', 'solved', 'workaround'])
const halfLifeDays = 90
const neighbours = 10
const minSimilarity = 0.3
// The query's most telling stems only: a pasted log costs no more than a paragraph.
const maxQueryStems = 32
// A stem most teaching tickets share ("laptop", "error") finds no candidates; it still counts for those found otherwise.
const commonShare = 0.05

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
    teaching: Statement<[], TicketRow & { id: string; kind: string; data: string }>
    ticket: Statement<[string], TicketRow>
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
      // The first look reads every ticket that ever used an article, with its article and status events, in one pass.
      teaching: db.prepare(`SELECT t.id, ${ticketColumns}, e.kind, e.data FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
        WHERE e.kind IN ('article', 'status') AND e.ticket_id IN (SELECT ticket_id FROM ticket_events WHERE kind = 'article')
        ORDER BY e.ticket_id, e.at, e.seq`),
      ticket: db.prepare(`SELECT ${ticketColumns} FROM tickets t WHERE t.id = ?`),
      // In the order they happened: an event pulled late from another desk sorts where it belongs.
      events: db.prepare("SELECT kind, data FROM ticket_events WHERE ticket_id = ? AND kind IN ('article', 'status') ORDER BY at, seq")
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
    if (this.lastSeq < 0) {
      let current = null as { id: string; row: TicketRow; events: EventData[] } | null
      for (const { id, kind, data, ...row } of this.stmt.teaching.iterate()) {
        if (current?.id !== id) {
          if (current) this.learn(current.id, current.row, current.events)
          current = { id, row, events: [] }
        }
        current.events.push(eventOf(kind, data))
      }
      if (current) this.learn(current.id, current.row, current.events)
    } else {
      for (const { ticket_id } of this.stmt.touched.all(this.lastSeq)) {
        this.forget(ticket_id)
        const row = this.stmt.ticket.get(ticket_id)
        if (row) this.learn(ticket_id, row, this.stmt.events.all(ticket_id).map((e) => eventOf(e.kind, e.data)))
      }
    }
    this.lastSeq = last
  }

  /**
   * Votes for articles from the solved tickets most like this text. `synonymsOf` widens each word (at
   * half weight) so "pw" finds a ticket that said "password". The ticket being read is not its own neighbour.
   */
  votes(text: string, synonymsOf: (term: string) => string[], self?: string): Map<string, Learned> {
    this.refresh()
    const votes = new Map<string, Learned>()
    const size = this.tickets.size
    if (size === 0) return votes
    const idf = (stem: string) => Math.log(1 + size / (this.byStem.get(stem)?.size ?? size))
    const query = new Map<string, number>()
    for (const term of new Set(rankWords(text, { meaningful: true }))) {
      const stem = stemOf(term)
      query.set(stem, 1)
      for (const other of synonymsOf(term)) {
        const s = stemOf(other)
        if (!query.has(s)) query.set(s, 0.5)
      }
    }
    const stems = [...query].filter(([stem]) => this.byStem.has(stem)).sort((x, y) => idf(y[0]) - idf(x[0])).slice(0, maxQueryStems)
    if (stems.length === 0) return votes
    const queryNorm = Math.sqrt(stems.reduce((sum, [stem, match]) => sum + (match * idf(stem)) ** 2, 0))
    // Candidates come through the rarer stems; every stem of the query then counts for each.
    const candidates = new Set<string>()
    for (const [stem] of stems) {
      const holders = this.byStem.get(stem)!
      if (holders.size <= Math.max(20, size * commonShare)) for (const id of holders) if (id !== self) candidates.add(id)
    }
    const similar: Array<{ ticket: TeachingTicket; similarity: number }> = []
    for (const id of candidates) {
      const ticket = this.tickets.get(id)!
      let dot = 0
      for (const [stem, match] of stems) if (ticket.stems.has(stem)) dot += match * idf(stem) ** 2
      const similarity = dot / (queryNorm * this.norm(ticket, idf))
      if (similarity >= minSimilarity) similar.push({ ticket, similarity })
    }
    const nowMs = this.now().getTime()
    const ageDays = (ticket: TeachingTicket) => Math.max(0, nowMs - ticket.resolvedMs) / 86_400_000
    const entry = (articleId: string) => votes.get(articleId) ?? (votes.set(articleId, { score: 0, similar: 0, thisMonth: 0 }), votes.get(articleId)!)
    // The nearest vote; every similar ticket it was marked as the fix for is counted for the explanation.
    similar.sort((x, y) => y.similarity - x.similarity)
    similar.forEach(({ ticket, similarity }, rank) => {
      for (const lesson of ticket.lessons) {
        const v = entry(lesson.articleId)
        if (rank < neighbours) v.score = Math.min(1, v.score + similarity * lesson.weight * 0.5 ** (ageDays(ticket) / halfLifeDays))
        if (lesson.weight < 1) continue
        v.similar++
        if (ageDays(ticket) <= 30) v.thisMonth++
      }
    })
    return votes
  }

  /** The ticket's vector length, kept until the teaching set has grown or shrunk by a tenth. */
  private norm(ticket: TeachingTicket, idf: (stem: string) => number): number {
    const size = this.tickets.size
    if (ticket.norm === 0 || Math.abs(size - ticket.normAt) > ticket.normAt * 0.1) {
      ticket.norm = Math.sqrt([...ticket.stems].reduce((sum, s) => sum + idf(s) ** 2, 0)) || 1
      ticket.normAt = size
    }
    return ticket.norm
  }

  private learn(ticketId: string, row: TicketRow, events: EventData[]): void {
    const lessons = lessonsOf(row.status, row.resolution_code, events)
    if (lessons.length === 0) return
    const stems = new Set(rankWords(`${row.subject}\n${row.description}`, { meaningful: true }).map(stemOf))
    this.tickets.set(ticketId, { stems, resolvedMs: Date.parse(row.resolved_at), lessons, norm: 0, normAt: 0 })
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
