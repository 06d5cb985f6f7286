import MiniSearch from 'minisearch'
import { plainText } from '../../src/main/core/knowledge/markdown-text'
import type { CorpusArticle, TicketText } from '../fixtures/knowledge/corpus'
import type { testDesk } from './desk'

/** How well a ranker put each ticket's article: first, in the top 3, and the mean reciprocal rank. */
export interface RankingScore {
  top1: number
  top3: number
  mrr: number
  tickets: number
  misses: string[]
}

/** Scores a ranker that returns article titles, best first, for a ticket. */
export async function scoreRanking(tickets: TicketText[], rank: (t: TicketText) => Promise<string[]> | string[]): Promise<RankingScore> {
  const score: RankingScore = { top1: 0, top3: 0, mrr: 0, tickets: tickets.length, misses: [] }
  for (const t of tickets) {
    const titles = await rank(t)
    const at = titles.indexOf(t.expected)
    if (at === 0) score.top1++
    if (at >= 0 && at < 3) score.top3++
    else score.misses.push(`${t.subject} | ${t.description.slice(0, 60)} → ${titles.slice(0, 3).join(' | ')} (wanted ${t.expected})`)
    if (at >= 0) score.mrr += 1 / (at + 1) / tickets.length
  }
  return score
}

export const describeScore = (name: string, s: RankingScore) =>
  `${name.padEnd(34)} top-1 ${String(s.top1).padStart(2)}/${s.tickets} (${pct(s.top1, s.tickets)})  top-3 ${String(s.top3).padStart(2)}/${s.tickets} (${pct(s.top3, s.tickets)})  MRR ${s.mrr.toFixed(3)}`

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(0)}%`

/**
 * MiniSearch as a developer would configure it for a help desk: title boosted 3×, tags 2×, prefix and
 * fuzzy (0.2) matching, any word. The baseline Frontline's suggestions must beat.
 */
export function miniSearchOver(articles: CorpusArticle[]): (text: string) => string[] {
  const mini = new MiniSearch<{ id: number; title: string; tags: string; body: string }>({
    fields: ['title', 'tags', 'body'],
    storeFields: ['title'],
    searchOptions: { boost: { title: 3, tags: 2 }, prefix: true, fuzzy: 0.2, combineWith: 'OR' }
  })
  mini.addAll(articles.map((a, id) => ({ id, title: a.title, tags: a.tags.join(' '), body: plainText(a.body) })))
  return (text) =>
    mini
      .search(text)
      .slice(0, 5)
      .map((r) => (r as unknown as { title: string }).title)
}

/** Frontline's own suggestions on a desk holding the articles, published. */
export async function publish(desk: ReturnType<typeof testDesk>, articles: CorpusArticle[]): Promise<void> {
  for (const a of articles) await desk.call('kb.save', { ...a, status: 'published' })
}

export const suggestTitles = async (desk: ReturnType<typeof testDesk>, t: TicketText, limit = 5) =>
  (await desk.call('kb.suggest', { subject: t.subject, description: t.description, limit })).map((h) => h.title)

/** A ticket as a technician works it: logged, the article marked "This solved it", resolved as solved. */
export async function solveWith(desk: ReturnType<typeof testDesk>, t: TicketText, { resolution = 'solved' as 'solved' | 'not_reproducible', mark = true } = {}): Promise<string> {
  const article = (await desk.call('kb.search', { text: t.expected, log: false, limit: 100 })).find((h) => h.title === t.expected)!
  const ticket = await desk.call('tickets.create', { subject: t.subject, description: t.description, channel: 'email', requester: { name: 'Sam Requester' } })
  await desk.call('tickets.setStatus', { id: ticket.id, status: 'in_progress' })
  await desk.call('kb.link', { ticketId: ticket.id, articleId: article.id, solved: mark })
  await desk.call('tickets.setStatus', { id: ticket.id, status: 'resolved', resolution: { code: resolution, notes: 'Followed the article.' } })
  return ticket.id
}
