import { useEffect } from 'react'
import { useConsole } from '../state/console-store'
import { EmptyDesk } from './EmptyDesk'
import { ErrorBanner } from './ErrorBanner'
import { NewTicketDialog } from './NewTicketDialog'
import { Queue } from './Queue'
import { StatusBar } from './StatusBar'
import { TicketPane } from './TicketPane'

export function App() {
  const refresh = useConsole((s) => s.refresh)
  const setNewTicketOpen = useConsole((s) => s.setNewTicketOpen)
  const loaded = useConsole((s) => s.loaded)
  const empty = useConsole((s) => s.desk?.ticketCount === 0)

  useEffect(() => {
    void refresh()
    return window.frontline.on('tickets.changed', () => void refresh())
  }, [refresh])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'n') {
        event.preventDefault()
        setNewTicketOpen(true)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [setNewTicketOpen])

  return (
    <div className="console">
      <header className="topbar">
        <span className="brand">Frontline</span>
        <button type="button" className="primary" onClick={() => setNewTicketOpen(true)} aria-keyshortcuts="Control+N">
          New ticket <kbd>Ctrl N</kbd>
        </button>
      </header>
      <ErrorBanner />
      {loaded && empty ? (
        <EmptyDesk />
      ) : (
        <main className="panes">
          <Queue />
          <TicketPane />
        </main>
      )}
      <StatusBar />
      <NewTicketDialog />
    </div>
  )
}
