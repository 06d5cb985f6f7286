import { useEffect } from 'react'
import { useQueue } from './state/queue-store'
import { useSession } from './state/session-store'
import { useTicket } from './state/ticket-store'

/** Every shortcut, for the sheet (?) and the palette's hints. */
export const shortcutList: { keys: string; does: string }[] = [
  { keys: 'Ctrl K', does: 'Command palette: every action, every ticket by number or words' },
  { keys: 'Ctrl N', does: 'New ticket' },
  { keys: 'j / k', does: 'Next / previous ticket in the queue' },
  { keys: 'Enter', does: 'Open the highlighted ticket' },
  { keys: 'x', does: 'Pick the highlighted ticket for a bulk change' },
  { keys: '/', does: 'Search the queue' },
  { keys: 'r', does: 'Reply to the requester' },
  { keys: 'i', does: 'Write an internal note' },
  { keys: 'e', does: 'Escalate with a handoff' },
  { keys: 'Ctrl Enter', does: 'Send the reply or note; submit a dialog' },
  { keys: 'Esc', does: 'Close a dialog or a picker' },
  { keys: '?', does: 'This sheet' }
]

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/** Focuses the composer in the given mode; the composer listens for this. */
export function focusComposer(visibility: 'public' | 'internal'): void {
  window.dispatchEvent(new CustomEvent('frontline:compose', { detail: visibility }))
}

function walk(delta: number): void {
  useQueue.getState().moveCursor(delta)
  document.getElementById('queue-list')?.focus({ preventScroll: true })
}

/** Global keys, VS Code style: modifiers work anywhere, single letters only when not typing. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const session = useSession.getState()
      const mod = event.ctrlKey || event.metaKey
      if (mod && !event.altKey && event.key.toLowerCase() === 'n') {
        event.preventDefault()
        session.openDialog('newTicket')
        return
      }
      if (mod && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        session.openDialog(session.dialog === 'palette' ? null : 'palette')
        return
      }
      if (mod || event.altKey || session.dialog || typing(event.target)) return

      const queue = useQueue.getState()
      const ticket = useTicket.getState()
      const act = (fn: () => void) => {
        event.preventDefault()
        fn()
      }
      switch (event.key) {
        // Walking the queue takes focus to it, so Enter then means "open this one".
        case 'j':
          return act(() => walk(1))
        case 'k':
          return act(() => walk(-1))
        case 'Enter': {
          // Buttons and links keep their own Enter.
          if (event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement) return
          const id = queue.tickets[queue.cursor]?.id
          if (id) act(() => void ticket.open(id))
          return
        }
        case 'x': {
          const id = queue.tickets[queue.cursor]?.id
          if (id) act(() => queue.togglePick(id))
          return
        }
        case '/':
          return act(() => document.getElementById('queue-search')?.focus())
        case '?':
          return act(() => session.openDialog('shortcuts'))
        case 'r':
          return act(() => focusComposer('public'))
        case 'i':
          return act(() => focusComposer('internal'))
        case 'e':
          if (ticket.detail) act(() => session.openDialog('escalate'))
          return
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
