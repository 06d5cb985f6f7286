import type { TicketEvent } from '../../../shared/domain'
import { FileList, type ListedFile } from './FileList'
import { resolutionLabel, statusLabel } from '../labels'

type Delivery = { status: 'sent' | 'failed'; reason: string | null }

function describe(event: TicketEvent, deliveries: Map<string, Delivery>): string {
  const d = event.data
  switch (d.kind) {
    case 'created':
      return `Logged by ${d.channel}`
    case 'reply':
      return d.eta ? `${d.body}\n\nExpected by ${new Date(d.eta).toLocaleString()}` : d.body
    case 'note':
      return d.body
    case 'status':
      return [
        d.from ? `${statusLabel[d.from]} → ${statusLabel[d.to]}` : statusLabel[d.to],
        d.pendingReason ? `(waiting on ${d.pendingReason === 'requester' ? 'the requester' : 'a third party'})` : '',
        d.resolutionCode ? `— ${resolutionLabel[d.resolutionCode]}${d.resolutionNotes ? `: ${d.resolutionNotes}` : ''}` : ''
      ]
        .filter(Boolean)
        .join(' ')
    case 'assignment':
      return `Assigned to ${d.assignee?.name ?? 'nobody'}${d.group ? ` in ${d.group.name}` : ''}`
    case 'priority':
      return `Priority ${d.from} → ${d.to}${d.override ? ` (override: ${d.reason})` : ` (impact ${d.impact}, urgency ${d.urgency})`}`
    case 'escalation':
      return `Escalated ${d.from ? `from ${d.from.name} ` : ''}to ${d.to.name} (${d.to.tier})`
    case 'time':
      return `${d.minutes} min spent${d.note ? `: ${d.note}` : ''}`
    case 'link':
      return `Linked ${d.other.number} (${d.relation.replace('_', ' ')})`
    case 'merge':
      return d.direction === 'into' ? `Merged into ${d.other.number}` : `${d.other.number} merged into this ticket`
    case 'dismissal':
      return `Not one problem with the ${d.size - 1} other incidents like “${d.title}”: that group is not proposed again`
    case 'approval':
      return `Change ${d.decision}${d.reason ? `: ${d.reason}` : ''}`
    case 'satisfaction':
      return `Satisfaction ${d.score}/5${d.comment ? `: ${d.comment}` : ''}`
    case 'inventory':
      return `Inventory of ${d.asset.tag} ${d.asset.name} as of ${new Date(d.takenAt).toLocaleString()}: ${d.summary}`
    case 'article':
      return `${d.solved ? 'Solved with' : 'Used'} knowledge article “${d.article.title}”`
    case 'email': {
      if (d.direction === 'in') return `Email from ${d.from}: ${d.subject}`
      const now = deliveries.get(d.messageId) ?? { status: d.status, reason: d.reason }
      return `Email to ${d.to.join(', ') || 'nobody'}: ${d.subject} — ${now.status === 'sent' ? 'sent' : now.status === 'failed' ? `not delivered: ${now.reason ?? 'failed'}` : 'queued'}`
    }
    case 'delivery':
      return d.status === 'sent' ? 'Sent' : `Not delivered: ${d.reason ?? 'failed'}`
    case 'account': {
      const what = { unlock: 'Unlocked', reset: 'Reset the password of', enable: 'Enabled', disable: 'Disabled' }[d.action]
      return `${what} ${d.account} in ${d.directory}${d.mustChange ? ' (must change it at next logon)' : ''}${d.checks.length ? `. Verified: ${d.checks.join('; ')}` : ''}`
    }
    case 'remote':
      return d.phase === 'started'
        ? `Remote session started: ${d.tool} to ${d.target}${d.user ? ` as ${d.user}` : ''}`
        : `Remote session ended: ${d.tool} to ${d.target}, ${d.durationSeconds === null ? 'duration unknown' : duration(d.durationSeconds)}${d.exitCode ? ` (the client exited with code ${d.exitCode})` : ''}`
  }
}

function duration(seconds: number): string {
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`
}

/** The ticket's story, oldest first; everything is rendered as text. */
export function Timeline({ events }: { events: TicketEvent[] }) {
  // An email's delivery arrives as its own entry; it is shown on the email it belongs to.
  const deliveries = new Map<string, Delivery>()
  for (const e of events) if (e.data.kind === 'delivery') deliveries.set(e.data.messageId, { status: e.data.status, reason: e.data.reason })
  return (
    <ol className="timeline" aria-label="Timeline">
      {events.filter((event) => event.data.kind !== 'delivery').map((event) => (
        <li key={event.id} className={`event event-${event.data.kind}`}>
          <div className="event-head">
            <span className="kind">{event.data.kind === 'note' ? 'Internal note' : event.data.kind === 'reply' ? 'Reply' : event.data.kind === 'remote' ? 'remote session' : event.data.kind === 'account' ? 'directory account' : event.data.kind === 'email' ? (event.data.direction === 'in' ? 'email in' : 'email out') : event.data.kind}</span>
            <span>{event.author?.name}</span>
            <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time>
          </div>
          <p className="event-body">{describe(event, deliveries)}</p>
          {event.data.kind === 'escalation' && (
            <dl className="handoff">
              <dt>Symptoms</dt>
              <dd>{event.data.handoff.symptoms}</dd>
              <dt>Tried</dt>
              <dd>{event.data.handoff.tried}</dd>
              <dt>Findings</dt>
              <dd>{event.data.handoff.findings}</dd>
              <dt>Next step</dt>
              <dd>{event.data.handoff.nextStep}</dd>
            </dl>
          )}
          {event.data.kind === 'email' && (
            <>
              {/* An outgoing one repeats the reply just above it: only its state is new. */}
              {event.data.direction === 'in' && <p className="event-body email-body">{event.data.body}</p>}
              {event.data.quoted && (
                <details className="email-quoted">
                  <summary>Quoted history</summary>
                  <p className="event-body">{event.data.quoted}</p>
                </details>
              )}
              {event.data.direction === 'in' && event.data.attachments.length > 0 && <FileList files={event.data.attachments} label="Attachments" />}
            </>
          )}
          {(event.data.kind === 'reply' || event.data.kind === 'note') && event.data.attachments?.length ? <FileList files={event.data.attachments} label="Attachments" /> : null}
          {event.data.kind === 'inventory' && (
            <ul className="inventory-facts">
              {event.data.facts.map((fact) => (
                <li key={fact}>{fact}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  )
}

/** Every file on the ticket, once each (a reply's files go out again on its email), in the order they came. */
export function ticketFiles(events: TicketEvent[]): ListedFile[] {
  const seen = new Set<string>()
  const files: ListedFile[] = []
  for (const e of events) {
    const d = e.data
    const list = d.kind === 'email' || d.kind === 'reply' || d.kind === 'note' ? (d.attachments ?? []) : []
    for (const f of list) {
      if (f.sha256 && seen.has(f.sha256)) continue
      if (f.sha256) seen.add(f.sha256)
      files.push(f)
    }
  }
  return files
}
