import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import { ago, channelLabel, statusLabel } from '../labels'
import { useConsole } from '../state/console-store'
import { QueueViews } from './QueueViews'
import { SlaBadge } from './SlaBadge'

const rowHeight = 56

export function Queue() {
  const tickets = useConsole((s) => s.tickets)
  const total = useConsole((s) => s.total)
  const selectedId = useConsole((s) => s.selectedId)
  const select = useConsole((s) => s.select)
  const loadMore = useConsole((s) => s.loadMore)
  const scroller = useRef<HTMLDivElement>(null)
  // No React Compiler here, so the virtualizer's unmemoizable API is fine: it re-renders us on scroll itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: tickets.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12
  })

  const items = virtualizer.getVirtualItems()
  const lastShown = items.at(-1)?.index ?? 0
  // Fetch the next page as the list nears its end: the queue holds pages, the desk may hold 100k.
  useEffect(() => {
    if (lastShown >= tickets.length - 20 && tickets.length < total) void loadMore()
  }, [lastShown, tickets.length, total, loadMore])

  return (
    <section className="queue" aria-label="Ticket queue">
      <header className="pane-head">
        <h2>Queue</h2>
        <span className="count">{total}</span>
      </header>
      <QueueViews />
      <div ref={scroller} className="queue-scroll" role="listbox" aria-label="Tickets">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const ticket = tickets[item.index]!
            const selected = ticket.id === selectedId
            return (
              <div
                key={ticket.id}
                role="option"
                aria-selected={selected}
                tabIndex={selected ? 0 : -1}
                className={`queue-row${selected ? ' selected' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
                onClick={() => select(ticket.id)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') select(ticket.id)
                }}
              >
                <div className="row-line">
                  <span className={`priority priority-${ticket.priority}`}>{ticket.priority}</span>
                  <span className="number">{ticket.number}</span>
                  <span className="subject">{ticket.subject}</span>
                </div>
                <div className="row-line meta">
                  <span>{ticket.requester.name}</span>
                  <span className={`status status-${ticket.status}`}>{statusLabel[ticket.status]}</span>
                  <span>{channelLabel[ticket.channel]}</span>
                  <span title={ticket.createdAt}>{ago(ticket.createdAt)}</span>
                  <SlaBadge clock={ticket.sla.resolution} />
                </div>
              </div>
            )
          })}
        </div>
      </div>
    </section>
  )
}
