import { useTicket } from '../state/ticket-store'

/**
 * Knowledge suggested for the open ticket. The knowledge base itself arrives with its own issue;
 * until then this says so plainly rather than showing made-up articles.
 */
export function KnowledgePane() {
  const subject = useTicket((s) => s.detail?.ticket.subject)
  return (
    <section className="knowledge" aria-label="Knowledge">
      <h2>Knowledge</h2>
      <p className="hint">
        {subject
          ? 'No knowledge articles on this desk yet, so nothing to suggest for this ticket. When articles exist, the ones matching its subject and description show here.'
          : 'Open a ticket to see articles that match it.'}
      </p>
    </section>
  )
}
