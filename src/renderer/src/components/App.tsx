import { lazy, Suspense, useEffect, type ReactNode } from 'react'
import { refreshAll } from '../state/ticket-store'
import { useSession } from '../state/session-store'
import { useShortcuts } from '../shortcuts'
import { CommandPalette } from './CommandPalette'
import { EmptyDesk } from './EmptyDesk'
import { KnowledgePane } from './KnowledgePane'
import { NewTicketDialog } from './NewTicketDialog'
import { PaneBoundary } from './PaneBoundary'
import { Queue } from './Queue'
import { RequesterPane } from './RequesterPane'
import { RefusedChanges } from './RefusedChanges'
import { ShortcutSheet } from './ShortcutSheet'
import { SignInDialog } from './SignInDialog'
import { SettingsDialog } from './SettingsDialog'
import { WipeDialog } from './WipeDialog'
import { StatusBar } from './StatusBar'
import { TicketPane } from './TicketPane'
import { Toasts } from './Toasts'

// Views not on screen at start load when first opened: the console's first rows do not wait for
// charts (recharts), markdown or the administration forms to be parsed.
const AdminView = lazy(() => import('./AdminView').then((m) => ({ default: m.AdminView })))
const FleetView = lazy(() => import('./FleetView').then((m) => ({ default: m.FleetView })))
const KnowledgeView = lazy(() => import('./KnowledgeView').then((m) => ({ default: m.KnowledgeView })))
const ReportsView = lazy(() => import('./ReportsView').then((m) => ({ default: m.ReportsView })))

/** A view loaded on demand, inside its error boundary. */
function LazyView({ name, children }: { name: string; children: ReactNode }) {
  return (
    <PaneBoundary name={name}>
      <Suspense fallback={<p className="hint">Opening {name}…</p>}>{children}</Suspense>
    </PaneBoundary>
  )
}

export function App() {
  const openDialog = useSession((s) => s.openDialog)
  const loaded = useSession((s) => s.loaded)
  const empty = useSession((s) => s.desk?.ticketCount === 0)
  const view = useSession((s) => s.view)
  const setView = useSession((s) => s.setView)
  const lead = useSession((s) => s.sync?.account?.role === 'admin' || s.sync?.account?.role === 'supervisor')
  useShortcuts()

  useEffect(() => {
    // A change made elsewhere (another window, the desk server) shows without a reload.
    const offTickets = window.frontline.on('tickets.changed', () => void refreshAll())
    const offSync = window.frontline.on('sync.changed', (status) => useSession.getState().setSync(status))
    // The app menu's items: the same places the keyboard and the top bar lead to.
    const offMenu = window.frontline.on('app.menu', ({ action }) => {
      const session = useSession.getState()
      if (action === 'knowledge' || action === 'fleet') session.setView(action)
      else session.openDialog(action)
    })
    return () => {
      offTickets()
      offSync()
      offMenu()
    }
  }, [])

  return (
    <div className="console">
      <header className="topbar">
        <span className="brand">Frontline</span>
        <button type="button" className="ghost" onClick={() => openDialog('palette')} aria-keyshortcuts="Control+K">
          Search tickets and actions <kbd>Ctrl K</kbd>
        </button>
        <button type="button" className="primary" onClick={() => openDialog('newTicket')} aria-keyshortcuts="Control+N">
          New ticket <kbd>Ctrl N</kbd>
        </button>
        {view !== 'console' && (
          <button type="button" className="ghost" onClick={() => setView('console')}>
            Back to the queue
          </button>
        )}
        <button type="button" className="ghost" aria-pressed={view === 'knowledge'} onClick={() => setView(view === 'knowledge' ? 'console' : 'knowledge')}>
          Knowledge
        </button>
        <button type="button" className="ghost" aria-pressed={view === 'fleet'} onClick={() => setView(view === 'fleet' ? 'console' : 'fleet')}>
          Fleet
        </button>
        <button type="button" className="ghost" aria-pressed={view === 'reports'} onClick={() => setView(view === 'reports' ? 'console' : 'reports')}>
          Reports
        </button>
        {lead && (
          <button type="button" className="ghost" aria-pressed={view === 'admin'} onClick={() => setView(view === 'admin' ? 'console' : 'admin')}>
            Administration
          </button>
        )}
        <button type="button" className="ghost" onClick={() => openDialog('settings')} aria-label="Settings">
          Settings
        </button>
        <button type="button" className="ghost" onClick={() => openDialog('shortcuts')} aria-keyshortcuts="?" aria-label="Keyboard shortcuts">
          ?
        </button>
      </header>
      {view === 'admin' ? (
        <LazyView name="Administration">
          <AdminView />
        </LazyView>
      ) : view === 'fleet' ? (
        <LazyView name="Fleet">
          <FleetView />
        </LazyView>
      ) : view === 'reports' ? (
        <LazyView name="Reports">
          <ReportsView />
        </LazyView>
      ) : view === 'knowledge' ? (
        <LazyView name="Knowledge base">
          <KnowledgeView />
        </LazyView>
      ) : loaded && empty ? (
        <EmptyDesk />
      ) : (
        <main className="panes">
          <PaneBoundary name="Queue">
            <Queue />
          </PaneBoundary>
          <PaneBoundary name="Ticket">
            <TicketPane />
          </PaneBoundary>
          <div className="side">
            <PaneBoundary name="Requester">
              <RequesterPane />
            </PaneBoundary>
            <PaneBoundary name="Knowledge">
              <KnowledgePane />
            </PaneBoundary>
          </div>
        </main>
      )}
      <StatusBar />
      <Toasts />
      <NewTicketDialog />
      <CommandPalette />
      <ShortcutSheet />
      <SignInDialog />
      <RefusedChanges />
      <WipeDialog />
      <SettingsDialog />
    </div>
  )
}
