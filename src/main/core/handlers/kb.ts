import type { AssetStore } from '../inventory/asset-store'
import type { ArticleStore } from '../knowledge/article-store'
import type { KnowledgeImport } from '../knowledge/knowledge-import'
import type { KnowledgeSearch } from '../knowledge/knowledge-search'
import { machineProfile } from '../knowledge/machine-profile'
import { plainText } from '../knowledge/markdown-text'
import { draftFromTicket } from '../knowledge/ticket-draft'
import type { DeskEvents } from '../platform/events'
import type { TicketReads } from '../store/ticket-reads'
import type { TicketWrites } from '../store/ticket-writes'
import type { AreaHandlers, TicketsChanged } from './handler-types'

export interface KnowledgeHandlerDeps {
  articles: ArticleStore
  search: KnowledgeSearch
  knowledgeImport: KnowledgeImport
  reads: TicketReads
  writes: TicketWrites
  assets: AssetStore
  events: DeskEvents
  ticketsChanged: TicketsChanged
}

export function kbHandlers({ articles, search, knowledgeImport, reads, writes, assets, events, ticketsChanged }: KnowledgeHandlerDeps): AreaHandlers<'kb'> {
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
      ticketsChanged([writes.articleUsed(ticketId, { id: article.id, title: article.title }, solved).id])
      return articles.get(articleId)
    },
    'kb.draftFromTicket': ({ ticketId }) => articles.save(draftFromTicket(reads.detail(ticketId))),
    'kb.importPreview': ({ files }) => knowledgeImport.preview(files),
    'kb.import': ({ files }) => knowledgeImport.commit(files, (done, total) => events.emit('kb.importProgress', { done, total })),
    'kb.report': () => articles.report()
  }
}
