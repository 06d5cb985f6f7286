import type { Ticket } from '../../../shared/domain'
import type { DeskEvents } from '../events'
import type { Handlers } from '../handlers'
import type { AssetStore } from '../inventory/asset-store'
import type { TicketReads } from '../store/ticket-reads'
import type { TicketWrites } from '../store/ticket-writes'
import type { ArticleStore } from './article-store'
import type { KnowledgeImport } from './knowledge-import'
import type { KnowledgeSearch } from './knowledge-search'
import { machineProfile } from './machine-profile'
import { plainText } from './markdown-text'
import { draftFromTicket } from './ticket-draft'

type KnowledgeMethods = Extract<keyof Handlers, `kb.${string}`>

export interface KnowledgeDeps {
  articles: ArticleStore
  search: KnowledgeSearch
  knowledgeImport: KnowledgeImport
  reads: TicketReads
  writes: TicketWrites
  assets: AssetStore
  events: DeskEvents
  /** After a ticket changed: refresh consoles, sync soon. */
  changed(ticket: Ticket): void
}

export function knowledgeHandlers({ articles, search, knowledgeImport, reads, writes, assets, events, changed }: KnowledgeDeps): Pick<Handlers, KnowledgeMethods> {
  return {
    'kb.search': (query) => search.search(query),
    'kb.suggest': ({ subject, description, requesterId, ticketId, limit }) =>
      search.suggest({ subject, description, ticketId }, requesterId ? machineProfile(assets, requesterId) : null, limit),
    'kb.get': ({ id }) => articles.get(id),
    'kb.excerpt': ({ id }) => {
      const article = articles.get(id)
      return { title: article.title, text: plainText(article.body), visibility: article.visibility }
    },
    'kb.save': (draft) => articles.save(draft),
    'kb.versions': ({ id }) => articles.versions(id),
    'kb.diff': ({ id, from, to }) => articles.diff(id, from, to),
    'kb.link': ({ ticketId, articleId, solved }) => {
      const article = articles.get(articleId)
      changed(writes.articleUsed(ticketId, { id: article.id, title: article.title }, solved))
      return articles.get(articleId)
    },
    'kb.draftFromTicket': ({ ticketId }) => articles.save(draftFromTicket(reads.detail(ticketId))),
    'kb.importPreview': ({ files }) => knowledgeImport.preview(files),
    'kb.import': ({ files }) => knowledgeImport.commit(files, (done, total) => events.emit('kb.importProgress', { done, total })),
    'kb.report': () => articles.report()
  }
}
