import { call } from '../api'
import { useSession } from '../state/session-store'
import { refreshAll } from '../state/ticket-store'

export function EmptyDesk() {
  const desk = useSession((s) => s.desk)
  const openDialog = useSession((s) => s.openDialog)
  const loadSample = async () => {
    try {
      await call('desk.loadSample', {})
      // The sample brings its own groups and agents.
      useSession.setState({ directory: null })
      await refreshAll()
    } catch (error) {
      useSession.getState().notify(error)
    }
  }
  return (
    <section className="empty-desk" aria-label="Empty desk">
      <h1>This desk has no tickets yet</h1>
      <p>Log the first call, or look around with a sample desk of requesters and tickets first.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => openDialog('newTicket')}>
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
