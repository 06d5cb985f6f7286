import { useState } from 'react'
import type { Impact, Ticket, Urgency } from '../../../shared/domain'
import { transitions } from '../../../shared/workflow'
import { impacts } from '../../../shared/vocabulary'
import { channelLabel, dayAndTime, levelLabel, statusLabel, typeLabel } from '../labels'
import { useSession } from '../state/session-store'
import { useTicket } from '../state/ticket-store'
import { Composer } from './Composer'
import { EscalateDialog } from './EscalateDialog'
import { MergeDialog } from './MergeDialog'
import { RemoteDialog } from './RemoteDialog'
import { ResolveDialog } from './ResolveDialog'
import { AssigneePicker } from './AssigneePicker'
import { DueAt, SlaBadge } from './SlaBadge'
import { ChangeRecord } from './ChangeRecord'
import { FileList } from './FileList'
import { localDateTimeInput } from '../local-time'
import { KnownErrors, ProblemRecord } from './ProblemRecord'
import { Timeline, ticketFiles } from './Timeline'

function StatusActions({ ticket }: { ticket: Ticket }) {
  const act = useTicket((s) => s.act)
  const openDialog = useSession((s) => s.openDialog)
  const can = (to: Ticket['status']) => transitions[ticket.status].includes(to)
  const setStatus = (status: Ticket['status'], extra: object = {}) => void act('tickets.setStatus', { id: ticket.id, status, ...extra })
  const open = ticket.status !== 'resolved' && ticket.status !== 'closed'
  return (
    <div className="actions" role="toolbar" aria-label="Ticket actions">
      {can('in_progress') && (
        <button type="button" onClick={() => setStatus('in_progress')}>
          {ticket.status === 'resolved' ? 'Reopen' : ticket.status === 'pending' ? 'Resume' : 'Start work'}
        </button>
      )}
      {can('pending') && (
        <button type="button" onClick={() => setStatus('pending', { pendingReason: 'requester' })}>
          Wait on requester
        </button>
      )}
      {can('resolved') && (
        <button type="button" className="primary" onClick={() => openDialog('resolve')}>
          Resolve…
        </button>
      )}
      {can('closed') && (
        <button type="button" onClick={() => setStatus('closed')}>
          Close
        </button>
      )}
      {open && (
        <button type="button" onClick={() => openDialog('escalate')} aria-keyshortcuts="e">
          Escalate…
        </button>
      )}
      {ticket.status !== 'closed' && (
        <button type="button" onClick={() => openDialog('merge')}>
          Link or merge…
        </button>
      )}
      {ticket.status !== 'closed' && (
        <button type="button" onClick={() => openDialog('remote')}>
          Connect…
        </button>
      )}
    </div>
  )
}

function LevelPicker({ label, value, onChange, disabled }: { label: string; value: Impact; onChange(v: Impact): void; disabled: boolean }) {
  return (
    <label className="picker">
      {label}
      <select value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as Impact)}>
        {impacts.map((level) => (
          <option key={level} value={level}>
            {levelLabel[level]}
          </option>
        ))}
      </select>
    </label>
  )
}

/** The dialogs that act on the open ticket; mounted only while open so each starts clean. */
function TicketDialogs({ ticket }: { ticket: Ticket }) {
  const dialog = useSession((s) => s.dialog)
  const openDialog = useSession((s) => s.openDialog)
  const close = (open: boolean) => !open && openDialog(null)
  if (dialog === 'resolve') return <ResolveDialog ticket={ticket} open onOpenChange={close} />
  if (dialog === 'escalate') return <EscalateDialog ticket={ticket} open onOpenChange={close} />
  if (dialog === 'merge') return <MergeDialog ticket={ticket} open onOpenChange={close} />
  if (dialog === 'remote') return <RemoteDialog ticket={ticket} open onOpenChange={close} />
  return null
}

export function TicketPane() {
  const detail = useTicket((s) => s.detail)
  const me = useSession((s) => s.directory?.me)
  const act = useTicket((s) => s.act)
  const [assigning, setAssigning] = useState(false)
  if (!detail) {
    return (
      <section className="ticket empty" aria-label="Ticket">
        <p>Select a ticket in the queue: j / k to move, Enter to open.</p>
      </section>
    )
  }
  const { ticket, timeline, timeSpentMinutes, links, notices } = detail
  const closed = ticket.status === 'closed'
  const files = ticketFiles(timeline)
  return (
    <section className="ticket" aria-label={`Ticket ${ticket.number}`}>
      <header className="ticket-head">
        <div className="ticket-title">
          <span className={`priority priority-${ticket.priority}`}>{ticket.priority}</span>
          <span className="number">{ticket.number}</span>
          <SlaBadge clock={ticket.sla.firstResponse} label="Response" />
          <SlaBadge clock={ticket.sla.resolution} label="Resolution" />
          <DueAt clock={ticket.sla.resolution} />
        </div>
        <h1>{ticket.subject}</h1>
        <dl className="facts">
          <dt>Type</dt>
          <dd>{typeLabel[ticket.type]}</dd>
          <dt>Status</dt>
          <dd>{statusLabel[ticket.status]}</dd>
          <dt>Channel</dt>
          <dd>{channelLabel[ticket.channel]}</dd>
          <dt>Held by</dt>
          <dd>
            {ticket.group ? `${ticket.group.name} (${ticket.group.tier})` : '—'}
            {' · '}
            {ticket.assignee?.name ?? 'unassigned'}
            {me && ticket.assignee?.id !== me.id && !closed && (
              <button type="button" className="link" onClick={() => void act('tickets.assign', { id: ticket.id, assigneeId: me.id })}>
                Assign to me
              </button>
            )}
            {!closed && (
              <button type="button" className="link" onClick={() => setAssigning(true)}>
                Assign…
              </button>
            )}
            <AssigneePicker
              key={assigning ? 'open' : 'closed'}
              ticket={ticket}
              open={assigning}
              onClose={() => setAssigning(false)}
              assign={async (assigneeId, groupId) => void (await act('tickets.assign', { id: ticket.id, assigneeId, ...(groupId ? { groupId } : {}) }))}
            />
          </dd>
          {ticket.category && (
            <>
              <dt>Category</dt>
              <dd>{ticket.category}</dd>
            </>
          )}
          {!closed && (
            <>
              <dt>Follow up</dt>
              <dd>
                <FollowUp at={ticket.followUpAt} onChange={(followUpAt) => void act('tickets.update', { id: ticket.id, followUpAt })} />
              </dd>
            </>
          )}
        </dl>
        <div className="pickers">
          <LevelPicker label="Impact" value={ticket.impact} disabled={closed} onChange={(impact) => void act('tickets.update', { id: ticket.id, impact })} />
          <LevelPicker
            label="Urgency"
            value={ticket.urgency}
            disabled={closed}
            onChange={(urgency) => void act('tickets.update', { id: ticket.id, urgency: urgency as Urgency })}
          />
          <span className="hint">
            {ticket.priorityOverridden ? 'Priority set by hand' : 'Priority from impact × urgency'} · {timeSpentMinutes} min spent
          </span>
        </div>
        <StatusActions ticket={ticket} />
      </header>
      {notices.map((n) => (
        <div key={n.id} className="notice" role="status">
          <span>{n.message}</span>
          <button type="button" className="link" onClick={() => void act('sync.dismissNotice', { id: n.id })}>
            Got it
          </button>
        </div>
      ))}
      <div className="ticket-body">
        <KnownErrors known={detail.knownErrors} />
        <article className="description">{ticket.description || <em>No description.</em>}</article>
        {links.length > 0 && (
          <ul className="links" aria-label="Linked tickets">
            {links.map((l) => (
              <li key={l.id}>
                {l.relation.replace('_', ' ')} <span className="number">{l.number}</span> {l.subject} · {statusLabel[l.status]}
              </li>
            ))}
          </ul>
        )}
        {ticket.change && <ChangeRecord key={ticket.id} ticket={ticket} />}
        {ticket.problem && <ProblemRecord key={ticket.id} ticket={ticket} openIncidents={links.filter((l) => l.relation === 'explains' && l.status !== 'resolved' && l.status !== 'closed').length} />}
        {files.length > 0 && (
          <details className="ticket-files">
            <summary>
              Files on this ticket ({files.length})
            </summary>
            <FileList files={files} label="Files on this ticket" />
          </details>
        )}
        <Timeline events={timeline} />
        {!closed && <Composer ticketId={ticket.id} />}
      </div>
      <TicketDialogs ticket={ticket} />
    </section>
  )
}

/** When to check back with the requester: shown in this machine's time, set or cleared in place; it comes back in Follow-ups due. */
function FollowUp({ at, onChange }: { at: string | null; onChange(at: string | null): void }) {
  const [editing, setEditing] = useState(false)
  const [value, setValue] = useState('')
  if (!editing) {
    return (
      <>
        {at ? dayAndTime(at) : 'not scheduled'}{' '}
        <button
          type="button"
          className="link"
          onClick={() => {
            setValue(localDateTimeInput(at))
            setEditing(true)
          }}
        >
          {at ? 'Change…' : 'Schedule…'}
        </button>
        {at && (
          <button type="button" className="link" onClick={() => onChange(null)}>
            Clear
          </button>
        )}
      </>
    )
  }
  return (
    <form
      className="follow-up"
      onSubmit={(e) => {
        e.preventDefault()
        const when = new Date(value)
        if (!Number.isNaN(when.getTime())) onChange(when.toISOString())
        setEditing(false)
      }}
    >
      <input type="datetime-local" aria-label="Follow up on" value={value} onChange={(e) => setValue(e.target.value)} required />
      <button type="submit">Set</button>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
    </form>
  )
}
