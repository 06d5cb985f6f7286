import type { TicketDetail } from '../../../shared/domain'
import type { ParsedArticleDraft } from '../../../shared/knowledge'

/**
 * A draft article from a worked ticket: the symptoms (its description), what was tried and found
 * (from escalation handoffs and notes), and the resolution. Written as markdown sections for the
 * author to edit; the ticket's own words are quoted as text, never as markup.
 */
export function draftFromTicket(detail: TicketDetail): ParsedArticleDraft {
  const { ticket, timeline } = detail
  const handoffs = timeline.flatMap((e) => (e.data.kind === 'escalation' ? [e.data.handoff] : []))
  const notes = timeline.flatMap((e) => (e.data.kind === 'note' ? [e.data.body] : []))
  const used = [...new Set(timeline.flatMap((e) => (e.data.kind === 'article' ? [`Followed the article “${e.data.article.title}”${e.data.solved ? ' (it solved it)' : ''}`] : [])))]
  const resolution = timeline.flatMap((e) => (e.data.kind === 'status' && e.data.to === 'resolved' ? [e.data] : [])).at(-1)
  const text = (s: string) => s.replace(/([\\`*_[\]#<>!|])/g, '\\$1').trim()
  const section = (title: string, lines: string[]) => (lines.length ? `## ${title}\n\n${lines.map((l) => `- ${text(l)}`).join('\n')}\n` : '')
  const body = [
    section('Symptoms', [ticket.description || ticket.subject, ...handoffs.map((h) => h.symptoms)].filter(Boolean)),
    section('What was tried', [...handoffs.map((h) => h.tried), ...notes, ...used]),
    section('Findings', handoffs.map((h) => h.findings)),
    section('Resolution', resolution ? [resolution.resolutionNotes ?? '', resolution.resolutionCode ? `(${resolution.resolutionCode.replace(/_/g, ' ')})` : ''].filter(Boolean) : []),
    `\n_Drafted from ${ticket.number}._\n`
  ].join('\n')
  return {
    title: ticket.subject.length >= 3 ? ticket.subject : `${ticket.number}: ${ticket.subject}`,
    body,
    tags: [],
    category: ticket.category ?? '',
    appliesTo: { os: [], apps: [], models: [] },
    status: 'draft',
    visibility: 'internal'
  }
}
