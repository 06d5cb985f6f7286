import { useConsole } from '../state/console-store'

export function EmptyDesk() {
  const desk = useConsole((s) => s.desk)
  const loadSample = useConsole((s) => s.loadSample)
  const setNewTicketOpen = useConsole((s) => s.setNewTicketOpen)
  return (
    <section className="empty-desk" aria-label="Empty desk">
      <h1>This desk has no tickets yet</h1>
      <p>Log the first call, or look around with a sample desk of requesters and tickets first.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => setNewTicketOpen(true)}>
          New ticket
        </button>
        {desk?.sampleOffered && (
          <button type="button" onClick={() => void loadSample()}>
            Load sample desk
          </button>
        )}
      </div>
    </section>
  )
}
