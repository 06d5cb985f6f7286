import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, useState } from 'react'
import type { Ticket } from '../../../shared/domain'
import { ago, channelIcon, channelLabel, statusLabel } from '../labels'
import { useDrafts } from '../state/draft-store'
import { useQueue } from '../state/queue-store'
import { useTicket } from '../state/ticket-store'
import { BulkBar } from './BulkBar'
import { QueueViews } from './QueueViews'
import { SlaBadge } from './SlaBadge'
import { OnServerTag, Snippet } from './Snippet'

const rowHeight = 56

function QueueSearch() {
  const setSearch = useQueue((s) => s.setSearch)
  const [text, setText] = useState('')
  // Search as the technician types, once they pause; mounting with nothing typed changes nothing.
  useEffect(() => {
    if (text === useQueue.getState().search) return
    const timer = setTimeout(() => setSearch(text), 150)
    return () => clearTimeout(timer)
  }, [text, setSearch])
  return (
    <input
      id="queue-search"
      type="search"
      className="queue-search"
      aria-label="Search tickets"
      aria-keyshortcuts="/"
      placeholder="Search subjects, descriptions, timeline  ( / )"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setText('')
          e.currentTarget.blur()
        }
        // Down from the search box walks into the results.
        if (e.key === 'ArrowDown' || e.key === 'Enter') {
          e.preventDefault()
          document.getElementById('queue-list')?.focus()
        }
      }}
    />
  )
}

function Row({ ticket, index, start }: { ticket: Ticket; index: number; start: number }) {
  const cursor = useQueue((s) => s.cursor === index)
  const picked = useQueue((s) => s.picked.includes(ticket.id))
  const snippet = useQueue((s) => s.snippets[ticket.id])
  const onServer = useQueue((s) => s.onServer[ticket.id])
  const opened = useTicket((s) => s.selectedId === ticket.id)
  const draft = useDrafts((s) => s.ids[ticket.id] === true)
  const setCursor = useQueue((s) => s.setCursor)
  const open = useTicket((s) => s.open)
  return (
    <div
      id={`queue-row-${index}`}
      role="option"
      aria-selected={opened}
      className={`queue-row${opened ? ' opened' : ''}${cursor ? ' cursor' : ''}${picked ? ' picked' : ''}`}
      style={{ transform: `translateY(${start}px)`, height: rowHeight }}
      onClick={() => {
        setCursor(index)
        void open(ticket.id)
      }}
    >
      <div className="row-line">
        {ticket.unread && <span className="unread" aria-label="Updated since you last opened it" title="Updated since you last opened it" />}
        <span className={`priority priority-${ticket.priority}`}>{ticket.priority}</span>
        <span className="number">{ticket.number}</span>
        {draft && (
          <span className="draft-mark" role="img" aria-label="draft" title="An unsent reply or note you started">
            ✎
          </span>
        )}
        <span className="subject">{ticket.subject}</span>
        {picked && <span className="picked-mark">Picked</span>}
      </div>
      <div className="row-line meta">
        <span className="channel" title={channelLabel[ticket.channel]}>
          <span aria-hidden="true">{channelIcon[ticket.channel]}</span>
          <span className="visually-hidden">{channelLabel[ticket.channel]}</span>
        </span>
        <span className="who">{ticket.requester.name}</span>
        <span className={`status status-${ticket.status}`}>{statusLabel[ticket.status]}</span>
        <OnServerTag hit={{ onServer }} />
        {snippet ? <Snippet segments={snippet} /> : <span className="age" title={ticket.createdAt}>{ago(ticket.createdAt)}</span>}
        <SlaBadge clock={ticket.sla.resolution} />
      </div>
    </div>
  )
}

export function Queue() {
  const tickets = useQueue((s) => s.tickets)
  const total = useQueue((s) => s.total)
  const cursor = useQueue((s) => s.cursor)
  const searching = useQueue((s) => s.search.trim().length >= 2)
  const loadMore = useQueue((s) => s.loadMore)
  const loadingMore = useQueue((s) => s.loadingMore)
  const scroller = useRef<HTMLDivElement>(null)
  // No React Compiler here, so the virtualizer's unmemoizable API is fine: it re-renders us on scroll itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: tickets.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12
  })

  // Which rows carry a draft pencil, read again whenever the rows are.
  useEffect(() => void useDrafts.getState().load(), [tickets])

  const items = virtualizer.getVirtualItems()
  const lastShown = items.at(-1)?.index ?? 0
  // Fetch the next page half a page before the end, so a fast scroll rarely meets the edge: the desk may hold 100k.
  // Asked again once a page has landed: one a refresh made moot is dropped, and the list must not stop short.
  useEffect(() => {
    if (!loadingMore && lastShown >= tickets.length - 100 && tickets.length < total) void loadMore()
  }, [lastShown, tickets.length, total, loadMore, loadingMore])
  // j/k keep the highlighted row in sight; only a cursor move scrolls, never a page arriving.
  const shownCursor = useRef(cursor)
  useEffect(() => {
    if (shownCursor.current === cursor) return
    shownCursor.current = cursor
    virtualizer.scrollToIndex(cursor, { align: 'auto' })
  }, [cursor, virtualizer])

  return (
    <section className="queue" aria-label="Ticket queue">
      <header className="pane-head">
        <h2>{searching ? 'Search results' : 'Queue'}</h2>
        <span className="count">{total.toLocaleString()}</span>
      </header>
      <QueueSearch />
      {!searching && <QueueViews />}
      <BulkBar />
      <div
        id="queue-list"
        ref={scroller}
        className="queue-scroll"
        role="listbox"
        aria-label="Tickets"
        tabIndex={0}
        aria-activedescendant={tickets.length ? `queue-row-${cursor}` : undefined}
      >
        {tickets.length === 0 && <p className="queue-empty">{searching ? 'Nothing matches those words.' : 'No tickets in this view.'}</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => (
            <Row key={tickets[item.index]!.id} ticket={tickets[item.index]!} index={item.index} start={item.start} />
          ))}
        </div>
      </div>
    </section>
  )
}
