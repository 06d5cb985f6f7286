import * as Dialog from '@radix-ui/react-dialog'
import { useMemo, useState } from 'react'
import { impacts, urgencies } from '../../../shared/vocabulary'
import { levelLabel, statusLabel } from '../labels'
import { comboboxInput } from '../combobox'
import { focusComposer } from '../shortcuts'
import { useQueue } from '../state/queue-store'
import { useSession, type DialogName } from '../state/session-store'
import { useTicket } from '../state/ticket-store'
import { useTicketSearch } from '../ticket-search'
import { queueViews } from '../views'
import { OnServerTag, Snippet } from './Snippet'

interface Command {
  id: string
  label: string
  hint?: string
  run(): void
}

/** Every action the console has, by name; a dialog is opened after the palette closes so focus lands in it. */
function useCommands(): Command[] {
  const detail = useTicket((s) => s.detail)
  const me = useSession((s) => s.directory?.me)
  return useMemo(() => {
    const session = useSession.getState()
    const then = (dialog: DialogName) => () => session.openDialog(dialog)
    const ticket = detail?.ticket
    const act = useTicket.getState().act
    const commands: Command[] = [
      { id: 'new', label: 'New ticket', hint: 'Ctrl N', run: then('newTicket') },
      { id: 'shortcuts', label: 'Keyboard shortcuts', hint: '?', run: then('shortcuts') },
      { id: 'search', label: 'Search the queue', hint: '/', run: () => document.getElementById('queue-search')?.focus() },
      ...queueViews.map((v) => ({ id: `view-${v.key}`, label: `Show view: ${v.label}`, run: () => useQueue.getState().setView(v.key) }))
    ]
    if (ticket && ticket.status !== 'closed') {
      const open = ticket.status !== 'resolved'
      commands.unshift(
        { id: 'reply', label: `Reply to ${ticket.requester.name}`, hint: 'r', run: () => focusComposer('public') },
        { id: 'note', label: 'Add an internal note', hint: 'i', run: () => focusComposer('internal') },
        ...(open ? [{ id: 'escalate', label: `Escalate ${ticket.number}…`, hint: 'e', run: then('escalate') }] : []),
        ...(open ? [{ id: 'resolve', label: `Resolve ${ticket.number}…`, run: then('resolve') }] : []),
        { id: 'merge', label: `Link or merge ${ticket.number}…`, run: then('merge') },
        // Triage without leaving the keyboard: priority follows from impact × urgency.
        ...impacts
          .filter((level) => level !== ticket.impact)
          .map((impact) => ({ id: `impact-${impact}`, label: `Set impact: ${levelLabel[impact]}`, run: () => void act('tickets.update', { id: ticket.id, impact }) })),
        ...urgencies
          .filter((level) => level !== ticket.urgency)
          .map((urgency) => ({ id: `urgency-${urgency}`, label: `Set urgency: ${levelLabel[urgency]}`, run: () => void act('tickets.update', { id: ticket.id, urgency }) })),
        ...(me && ticket.assignee?.id !== me.id
          ? [{ id: 'assign', label: `Assign ${ticket.number} to me`, run: () => void act('tickets.assign', { id: ticket.id, assigneeId: me.id }) }]
          : [])
      )
    }
    return commands
  }, [detail, me])
}

function PaletteBody() {
  const commands = useCommands()
  const openDialog = useSession((s) => s.openDialog)
  const [text, setText] = useState('')
  const [active, setActive] = useState(0)
  const query = text.trim()
  const tickets = useTicketSearch(text)

  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  const actions = commands.filter((c) => words.every((w) => c.label.toLowerCase().includes(w)))
  const items: Command[] = [
    ...actions,
    ...tickets.map((hit) => ({
      id: `ticket-${hit.ticket.id}`,
      label: `${hit.ticket.number} ${hit.ticket.subject}`,
      run: () => void useTicket.getState().open(hit.ticket.id)
    }))
  ]
  const current = Math.min(active, Math.max(0, items.length - 1))

  const run = (item: Command | undefined) => {
    if (!item) return
    openDialog(null)
    // Let the palette close and hand focus back before the next dialog or field takes it.
    setTimeout(() => item.run(), 0)
  }

  return (
    <>
      <input
        className="palette-input"
        {...comboboxInput({ listId: 'palette-list', count: items.length, active: current, setActive, pick: () => run(items[current]) })}
        aria-label="Command or ticket"
        placeholder="Type an action, a ticket number or words from a ticket"
        value={text}
        onChange={(e) => {
          setText(e.target.value)
          setActive(0)
        }}
      />
      <ul id="palette-list" role="listbox" aria-label="Results" className="palette-list">
        {actions.map((c, i) => (
          <li key={c.id} id={`palette-list-${i}`} role="option" aria-selected={i === current} onMouseDown={(e) => e.preventDefault()} onClick={() => run(c)}>
            <span>{c.label}</span>
            {c.hint && <kbd>{c.hint}</kbd>}
          </li>
        ))}
        {tickets.map((hit, j) => {
          const i = actions.length + j
          return (
            <li key={hit.ticket.id} id={`palette-list-${i}`} role="option" aria-selected={i === current} onMouseDown={(e) => e.preventDefault()} onClick={() => run(items[i])}>
              <span className="number">{hit.ticket.number}</span>
              <span className="subject">{hit.ticket.subject}</span>
              <span className="hint">{statusLabel[hit.ticket.status]}</span>
              <OnServerTag hit={hit} />
              <Snippet segments={hit.snippet} />
            </li>
          )
        })}
        {items.length === 0 && <li className="hint">Nothing matches “{query}”.</li>}
      </ul>
    </>
  )
}

export function CommandPalette() {
  const open = useSession((s) => s.dialog === 'palette')
  const openDialog = useSession((s) => s.openDialog)
  return (
    <Dialog.Root open={open} onOpenChange={(next) => openDialog(next ? 'palette' : null)}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog palette" aria-describedby={undefined}>
          <Dialog.Title className="visually-hidden">Command palette</Dialog.Title>
          {open && <PaletteBody />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
