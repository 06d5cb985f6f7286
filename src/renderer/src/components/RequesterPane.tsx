import { useState } from 'react'
import { AccountPanel } from './AccountPanel'
import { statusLabel } from '../labels'
import { useTicket } from '../state/ticket-store'
import { RequesterDevices } from './RequesterDevices'
import { RequesterEditDialog } from './RequesterEditDialog'
import { SlaBadge } from './SlaBadge'

/** Who is asking: how to reach them, where they sit, and what else they have open or had lately. */
export function RequesterPane() {
  const person = useTicket((s) => s.detail?.requester)
  const others = useTicket((s) => s.requesterTickets)
  const open = useTicket((s) => s.open)
  const [editing, setEditing] = useState(false)
  if (!person) {
    return (
      <section className="requester" aria-label="Requester">
        <h2>Requester</h2>
        <p className="hint">Open a ticket to see who is asking.</p>
      </section>
    )
  }
  const openOnes = others.filter((t) => t.status !== 'resolved' && t.status !== 'closed')
  const recent = others.filter((t) => t.status === 'resolved' || t.status === 'closed').slice(0, 5)
  const list = (label: string, tickets: typeof others) => (
    <>
      <h3>{label}</h3>
      {tickets.length === 0 ? (
        <p className="hint">None.</p>
      ) : (
        <ul className="requester-tickets" aria-label={label}>
          {tickets.map((t) => (
            <li key={t.id}>
              <button type="button" className="link" onClick={() => void open(t.id)}>
                <span className="number">{t.number}</span> {t.subject}
              </button>{' '}
              <span className="hint">
                {statusLabel[t.status]} {t.status !== 'closed' && t.status !== 'resolved' && <SlaBadge clock={t.sla.resolution} />}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  )
  return (
    <section className="requester" aria-label="Requester">
      <h2>
        {person.name}
        {person.vip && <span className="vip">VIP</span>}
        {person.directoryState === 'disabled' && <span className="directory-badge">Disabled in the directory</span>}
        {person.directoryState === 'removed' && <span className="directory-badge">No longer in the directory</span>}
      </h2>
      {person.title && <p className="hint">{person.title}</p>}
      <dl className="facts">
        <dt>Email</dt>
        <dd>{person.email ? <a href={`mailto:${person.email}`}>{person.email}</a> : '—'}</dd>
        {(person.aliases ?? []).length > 0 && (
          <>
            <dt>Also writes from</dt>
            <dd>{person.aliases!.join(', ')}</dd>
          </>
        )}
        <dt>Phone</dt>
        <dd>{person.phone ? <a href={`tel:${person.phone.replace(/[^+\d]/g, '')}`}>{person.phone}</a> : '—'}</dd>
        <dt>Department</dt>
        <dd>{person.department ?? '—'}</dd>
        <dt>Location</dt>
        <dd>{person.location ?? '—'}</dd>
        {person.manager && (
          <>
            <dt>Manager</dt>
            <dd>{person.manager}</dd>
          </>
        )}
        {person.language && (
          <>
            <dt>Language</dt>
            <dd>{person.language}</dd>
          </>
        )}
      </dl>
      {person.notes && <p className="requester-notes">{person.notes}</p>}
      <button type="button" onClick={() => setEditing(true)}>
        Edit details…
      </button>
      {editing && <RequesterEditDialog person={person} open onClose={() => setEditing(false)} />}
      <AccountPanel key={person.id} person={person} />
      {list('Other open tickets', openOnes)}
      {list('Recently resolved', recent)}
      <RequesterDevices personId={person.id} personName={person.name} />
    </section>
  )
}
