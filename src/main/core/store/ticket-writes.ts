import type { Database, Statement } from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import type { Method, ParsedInput } from '../../../shared/contract'
import type { EventData, ParsedNewTicket, Ticket, TicketStatus } from '../../../shared/domain'
import { DeskError } from '../../../shared/errors'
import { addBusinessMinutes } from '../rules/business-calendar'
import { priorityOf } from '../../../shared/priority'
import { syncedFields, type SyncedField } from '../../../shared/sync'
import { checkTransition, isOpen } from '../rules/status'
import { provisionalNumber } from '../rules/ticket-number'
import type { Directory } from './directory'
import type { ChangeKind, ChangeRecord, Outbox } from './outbox'
import { ticketSla, type SlaFacts } from './sla-view'
import { StatementCache, updater } from './sql'
import { isOpenTimeDamage } from './database'
import type { TicketReads } from './ticket-reads'
import type { TicketRow } from './ticket-rows'

type Input<M extends Method> = ParsedInput<M>

// Every column set() writes is a synced one, owed to the server; no other name reaches its SQL.
const updateTicket = updater('tickets', syncedFields)

/** A resolved ticket gets a follow-up check one business day later. */
const followUpMinutes = 600

/**
 * Every change to a ticket: one transaction that checks the desk's rules, writes the row, appends
 * to the timeline and to the outbox, and re-derives the SLA due time from the status history.
 */
export class TicketWrites {
  private readonly insertTicket: Statement<Record<string, unknown>>
  private readonly insertEvent: Statement<Record<string, unknown>>
  private readonly statusHistory: Statement<[string], { at: string; data: string }>
  private readonly setDue: Statement<[string | null, string | null, string]>
  private readonly upsertLink: Statement<[string, string, string]>
  private readonly linkAsset: Statement<[string, string]>
  private readonly seen: Statement<[string], { seen_at: string }>
  private readonly sql: StatementCache
  private readonly syncedRow: Statement<[string], Record<SyncedField, string | number | null>>

  constructor(
    private readonly db: Database,
    private readonly directory: Directory,
    private readonly reads: TicketReads,
    private readonly outbox: Outbox,
    private readonly now: () => Date
  ) {
    this.sql = new StatementCache(db)
    this.insertTicket = db.prepare(`
      INSERT INTO tickets (id, number, type, status, channel, subject, description, category, requester_id,
                           impact, urgency, priority, group_id, created_at, updated_at)
      VALUES (@id, @number, @type, 'new', @channel, @subject, @description, @category, @requester_id,
              @impact, @urgency, @priority, @group_id, @at, @at)`)
    this.insertEvent = db.prepare(`
      INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body)
      VALUES (@id, @ticket_id, @at, @author_id, @kind, @data, @body)`)
    this.syncedRow = db.prepare(`SELECT ${syncedFields.join(', ')} FROM tickets WHERE id = ?`)
    this.statusHistory = db.prepare(`SELECT at, data FROM ticket_events WHERE ticket_id = ? AND kind = 'status' ORDER BY seq`)
    this.setDue = db.prepare('UPDATE tickets SET sla_due_at = ?, sla_risk_at = ? WHERE id = ?')
    // Seen "as of" the ticket's own updated_at, so a change landing a moment later still shows as unread.
    this.seen = db.prepare(`
      INSERT INTO ticket_seen (ticket_id, seen_at) SELECT id, updated_at FROM tickets WHERE id = ?
      ON CONFLICT DO UPDATE SET seen_at = excluded.seen_at RETURNING seen_at`)
    this.linkAsset = db.prepare('INSERT INTO ticket_assets (ticket_id, asset_id) VALUES (?, ?) ON CONFLICT DO NOTHING')
    this.upsertLink = db.prepare(
      'INSERT INTO ticket_links (ticket_id, other_id, relation) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET relation = excluded.relation'
    )
  }

  /** The sample desk numbers its tickets as a team's counters would (INC-1001…), not provisionally. */
  renumber(id: string, number: string): void {
    this.db.prepare('UPDATE tickets SET number = ? WHERE id = ?').run(number, id)
  }

  /**
   * Tickets whose history or rules changed elsewhere (a pulled page, the team's policies, migration 15):
   * their SLA due times derived again, facts and status histories in two reads rather than two per
   * ticket, and a due time written only where it moved (each write touches five indexes).
   */
  refreshDueMany(ids: readonly string[]): void {
    if (ids.length === 0) return
    const at = this.at()
    const now = new Date(at)
    const facts = this.sql
      .cached<[string], SlaFacts & { id: string; sla_due_at: string | null; sla_risk_at: string | null }>(
        'SELECT id, priority, group_id, type, created_at, first_responded_at, resolved_at, status, sla_due_at, sla_risk_at FROM tickets WHERE id IN (SELECT value FROM json_each(?))'
      )
      .all(JSON.stringify(ids))
    // A resolved or closed ticket's clock has stopped: nothing is due, whatever its history, so only the
    // others' histories are read (a first sync's pages are mostly closed tickets).
    const stopped = (row: SlaFacts) => row.status === 'resolved' || row.status === 'closed'
    const histories = new Map<string, Array<{ at: string; to: TicketStatus }>>()
    const statuses = this.sql.cached<[string], { ticket_id: string; at: string; data: string }>(
      "SELECT ticket_id, at, data FROM ticket_events WHERE kind = 'status' AND ticket_id IN (SELECT value FROM json_each(?)) ORDER BY ticket_id, seq"
    )
    for (const e of statuses.iterate(JSON.stringify(facts.filter((row) => !stopped(row)).map((row) => row.id)))) {
      const history = histories.get(e.ticket_id) ?? []
      history.push({ at: e.at, to: (JSON.parse(e.data) as { to: TicketStatus }).to })
      histories.set(e.ticket_id, history)
    }
    for (const row of facts) {
      let resolution: { dueAt: string | null; atRiskAt: string | null } = { dueAt: null, atRiskAt: null }
      if (!stopped(row)) {
        const { calendar, policy } = this.directory.slaFor(row)
        resolution = ticketSla(row, histories.get(row.id) ?? [], calendar, policy, now).resolution
      }
      if (resolution.dueAt !== row.sla_due_at || resolution.atRiskAt !== row.sla_risk_at) this.setDue.run(resolution.dueAt, resolution.atRiskAt, row.id)
    }
  }

  /**
   * Open tickets from before the risk instant was kept (desk migration 15) get theirs, once. Only a
   * migrated desk reads its tickets here, and damage found doing so is left to the background check
   * rather than stopping the desk from opening; the mark stays, so the next open tries again.
   */
  backfillRisk(): void {
    if (this.directory.getMeta('sla_risk_backfill') !== 'pending') return
    try {
      const ids = this.db
        .prepare("SELECT id FROM tickets WHERE status IN ('new', 'assigned', 'in_progress') AND sla_due_at IS NOT NULL AND sla_risk_at IS NULL")
        .pluck()
        .all() as string[]
      this.db.transaction(() => {
        this.refreshDueMany(ids)
        this.directory.setMeta('sla_risk_backfill', 'done')
      })()
    } catch (error) {
      // A damaged page: the desk still opens; recovery will carry the rows it can read.
      if (!isOpenTimeDamage(error)) throw error
    }
  }

  /** Local read state only: no timeline event, no outbox entry, nothing for the team to sync. */
  markSeen(id: string): { seenAt: string } {
    const row = this.seen.get(id)
    if (!row) throw new DeskError('NOT_FOUND', 'No such ticket on this desk.')
    return { seenAt: row.seen_at }
  }

  create(input: ParsedNewTicket): Ticket {
    const id = uuidv7()
    this.db.transaction(() => {
      const at = this.at()
      const change: ChangeRecord = { tickets: [], events: [], people: [] }
      const requester = this.directory.resolveRequester(input.requester)
      if (requester.created) change.people.push(requester.created)
      const requesterId = requester.id
      const firstLine = this.directory.groups().find((g) => g.tier === 'L1')
      this.insertTicket.run({
        id,
        number: provisionalNumber(input.type, id),
        type: input.type,
        channel: input.channel,
        subject: input.subject,
        description: input.description,
        category: input.category ?? null,
        requester_id: requesterId,
        impact: input.impact,
        urgency: input.urgency,
        priority: priorityOf(input.impact, input.urgency),
        group_id: firstLine?.id ?? null,
        at
      })
      this.event(change, id, at, { kind: 'created', channel: input.channel })
      this.event(change, id, at, { kind: 'status', from: null, to: 'new', pendingReason: null, resolutionCode: null, resolutionNotes: null })
      this.rederiveDue(id, at)
      // The new ticket goes to the server whole: every synced column, and the number it replaces.
      const row = this.syncedRow.get(id)!
      change.tickets = [{ id, created: { provisionalNumber: provisionalNumber(input.type, id), createdAt: at }, fields: row }]
      this.outbox.append('ticket.create', change, at)
    })()
    return this.reads.get(id)
  }

  update(input: Input<'tickets.update'>): Ticket {
    return this.change(input.id, 'ticket.update', input, (row, at, change) => {
      const sets: Record<string, string | number | null> = {}
      if (input.subject !== undefined) sets.subject = input.subject
      if (input.description !== undefined) sets.description = input.description
      if (input.category !== undefined) sets.category = input.category
      if (input.followUpAt !== undefined) sets.follow_up_at = input.followUpAt
      if (input.rootCause !== undefined || input.workaround !== undefined || input.knownError !== undefined) {
        if (row.type !== 'problem') throw new DeskError('CONFLICT', 'Root cause, workaround and known error belong to problem tickets.')
        if (input.rootCause !== undefined) sets.root_cause = input.rootCause || null
        if (input.workaround !== undefined) sets.workaround = input.workaround || null
        const workaround = input.workaround !== undefined ? input.workaround : row.workaround
        if (input.knownError && !workaround) throw new DeskError('INVALID_INPUT', 'A known error needs its workaround: what to do until the cause is fixed.', [{ path: 'workaround', message: 'Required for a known error.' }])
        if (input.knownError !== undefined) sets.known_error = input.knownError ? 1 : 0
      }
      const record = { change_type: input.changeType, risk: input.risk, planned_start: input.plannedStart, planned_end: input.plannedEnd, backout_plan: input.backoutPlan }
      if (Object.values(record).some((v) => v !== undefined)) {
        if (row.type !== 'change') throw new DeskError('CONFLICT', 'Kind, risk, planned window and back-out plan belong to change tickets.')
        for (const [column, value] of Object.entries(record)) if (value !== undefined) sets[column] = value === '' ? null : value
        const start = input.plannedStart !== undefined ? input.plannedStart : row.planned_start
        const end = input.plannedEnd !== undefined ? input.plannedEnd : row.planned_end
        if (start && end && end <= start) throw new DeskError('INVALID_INPUT', 'The planned window ends before it starts.', [{ path: 'plannedEnd', message: 'After the start.' }])
        // A normal or emergency change waits for approval; one changed after a decision waits again.
        const kind = input.changeType ?? row.change_type
        if (kind && kind !== 'standard' && (row.approval === null || input.changeType !== undefined || input.plannedStart !== undefined || input.plannedEnd !== undefined)) sets.approval = 'pending'
        if (kind === 'standard') sets.approval = null
      }
      const impact = input.impact ?? row.impact
      const urgency = input.urgency ?? row.urgency
      if (impact !== row.impact || urgency !== row.urgency) {
        // New facts about impact or urgency supersede a manual override.
        const priority = priorityOf(impact, urgency)
        Object.assign(sets, { impact, urgency, priority, priority_overridden: 0 })
        this.event(change, row.id, at, { kind: 'priority', from: row.priority, to: priority, impact, urgency, override: false, reason: null })
      }
      this.set(change, row.id, sets)
    })
  }

  /** One incident of a dismissed group: the dismissal on its timeline, where every desk reads it. */
  dismissRecurring(id: string, group: string, title: string, size: number): Ticket {
    return this.change(id, 'ticket.dismissRecurring', { id, group }, (row, at, change) => {
      this.event(change, row.id, at, { kind: 'dismissal', group, title, size })
    }, { allowClosed: true })
  }

  decideChange(input: Input<'tickets.decideChange'>): Ticket {
    return this.change(input.id, 'ticket.decideChange', input, (row, at, change) => {
      if (row.type !== 'change') throw new DeskError('CONFLICT', 'Only a change ticket is approved.')
      if (row.approval !== 'pending') throw new DeskError('CONFLICT', row.change_type === 'standard' ? 'A standard change is approved in advance.' : 'This change is not waiting for approval.')
      if (input.decision === 'rejected' && !input.reason) throw new DeskError('INVALID_INPUT', 'Say why the change is refused.', [{ path: 'reason', message: 'Required when refusing.' }])
      this.set(change, row.id, { approval: input.decision })
      this.event(change, row.id, at, { kind: 'approval', decision: input.decision, reason: input.reason })
    })
  }

  overridePriority(input: Input<'tickets.overridePriority'>): Ticket {
    return this.change(input.id, 'ticket.overridePriority', input, (row, at, change) => {
      this.set(change, row.id, { priority: input.priority, priority_overridden: 1 })
      this.event(change, row.id, at, {
        kind: 'priority',
        from: row.priority,
        to: input.priority,
        impact: row.impact,
        urgency: row.urgency,
        override: true,
        reason: input.reason
      })
    })
  }

  setStatus(input: Input<'tickets.setStatus'>): Ticket {
    return this.change(input.id, 'ticket.setStatus', input, (row, at, change) => {
      checkTransition(row.status, input.status, row.resolved_at, new Date(at))
      if (row.type === 'change' && input.status === 'in_progress' && row.change_type !== 'standard' && row.approval !== 'approved') {
        throw new DeskError('CONFLICT', 'This change is not approved yet: a supervisor approves it before work starts.')
      }
      if (input.status === 'pending' && !input.pendingReason) {
        throw new DeskError('INVALID_INPUT', 'Say who the ticket is waiting on.', [{ path: 'pendingReason', message: 'Required when pending.' }])
      }
      if (input.status === 'resolved' && !input.resolution) {
        throw new DeskError('INVALID_INPUT', 'A resolution needs a code and notes.', [{ path: 'resolution', message: 'Required to resolve.' }])
      }
      const sets: Record<string, string | number | null> = { status: input.status, pending_reason: input.status === 'pending' ? (input.pendingReason ?? null) : null }
      if (input.status === 'resolved') {
        Object.assign(sets, {
          resolved_at: at,
          resolution_code: input.resolution!.code,
          resolution_notes: input.resolution!.notes,
          follow_up_at: addBusinessMinutes(this.directory.calendar(), new Date(at), followUpMinutes).toISOString()
        })
      }
      if (row.status === 'resolved' && input.status === 'in_progress') {
        Object.assign(sets, { resolved_at: null, resolution_code: null, resolution_notes: null, follow_up_at: null })
      }
      if (input.status === 'closed') sets.closed_at = at
      // Picking up an unowned ticket makes it yours.
      if (input.status === 'in_progress' && !row.assignee_id) this.assignTo(change, row, at, this.directory.me().id, row.group_id)
      this.set(change, row.id, sets)
      this.statusEvent(change, row.id, at, row.status, input.status, {
        pendingReason: input.status === 'pending' ? (input.pendingReason ?? null) : null,
        resolutionCode: input.resolution?.code ?? null,
        resolutionNotes: input.resolution?.notes ?? null
      })
    })
  }

  assign(input: Input<'tickets.assign'>): Ticket {
    return this.change(input.id, 'ticket.assign', input, (row, at, change) => {
      if (input.assigneeId && !this.directory.agents().find((a) => a.id === input.assigneeId)?.active) {
        throw new DeskError('INVALID_INPUT', 'That technician’s account is disabled; assign the ticket to someone else.')
      }
      const groupId = input.groupId === undefined ? row.group_id : input.groupId
      this.assignTo(change, row, at, input.assigneeId, groupId)
      if (row.status === 'new' && input.assigneeId) {
        this.set(change, row.id, { status: 'assigned' })
        this.statusEvent(change, row.id, at, 'new', 'assigned')
      }
    })
  }

  escalate(input: Input<'tickets.escalate'>): Ticket {
    return this.change(input.id, 'ticket.escalate', input, (row, at, change) => {
      const to = this.directory.group(input.groupId)
      if (to.id === row.group_id) throw new DeskError('CONFLICT', `${to.name} already holds this ticket.`)
      const from = row.group_id ? this.directory.group(row.group_id) : null
      this.set(change, row.id, { group_id: to.id, assignee_id: null })
      const h = input.handoff
      this.event(change, row.id, at, { kind: 'escalation', from, to, handoff: h }, [h.symptoms, h.tried, h.findings, h.nextStep].join('\n'))
      // The ticket lands in the new group's queue, waiting for someone there to take it.
      if (row.status !== 'assigned') {
        this.set(change, row.id, { status: 'assigned', pending_reason: null })
        this.statusEvent(change, row.id, at, row.status, 'assigned')
      }
    })
  }

  comment(input: Input<'tickets.comment'>): Ticket {
    return this.change(input.id, 'ticket.comment', input, (row, at, change) => {
      const kind = input.visibility === 'public' ? 'reply' : 'note'
      const files = input.attachments?.length ? { attachments: input.attachments } : {}
      this.event(change, row.id, at, kind === 'reply' && input.eta ? { kind, body: input.body, eta: input.eta, ...files } : { kind, body: input.body, ...files }, input.body)
      if (kind === 'reply' && !row.first_responded_at) this.set(change, row.id, { first_responded_at: at })
      if (input.minutes) this.event(change, row.id, at, { kind: 'time', minutes: input.minutes, note: null })
    })
  }

  /** The machine's inventory as it is now, on the timeline, and the machine linked to the ticket. */
  attachInventory(id: string, asset: { id: string; tag: string; name: string }, snapshot: { takenAt: string; summary: string; facts: string[] }): Ticket {
    return this.change(id, 'ticket.attachInventory', { id, assetId: asset.id }, (row, at, change) => {
      this.event(change, row.id, at, { kind: 'inventory', asset, takenAt: snapshot.takenAt, summary: snapshot.summary, facts: snapshot.facts })
      this.linkAsset.run(row.id, asset.id)
    })
  }

  /** A remote session's start, and its end once the client exits (which may come after the ticket closed). */
  remoteSession(id: string, data: Extract<EventData, { kind: 'remote' }>): Ticket {
    return this.change(id, 'ticket.remoteSession', { id, sessionId: data.sessionId, phase: data.phase }, (row, at, change) => this.event(change, row.id, at, data), { allowClosed: data.phase === 'ended' })
  }

  /** A knowledge article used on (or solving) the ticket, on its timeline. */
  articleUsed(id: string, article: { id: string; title: string }, solved: boolean): Ticket {
    return this.change(id, 'ticket.articleUsed', { id, articleId: article.id, solved }, (row, at, change) => this.event(change, row.id, at, { kind: 'article', article, solved }), { allowClosed: false })
  }

  logTime(input: Input<'tickets.logTime'>): Ticket {
    return this.change(input.id, 'ticket.logTime', input, (row, at, change) => {
      this.event(change, row.id, at, { kind: 'time', minutes: input.minutes, note: input.note || null })
    })
  }

  link(input: Input<'tickets.link'>): Ticket {
    return this.change(input.id, 'ticket.link', input, (row, at, change) => {
      const other = this.load(input.otherId)
      if (other.id === row.id) throw new DeskError('CONFLICT', 'A ticket cannot be linked to itself.')
      if (input.relation === 'explains' && row.type !== 'problem') {
        throw new DeskError('CONFLICT', 'Only a problem ticket explains other tickets.')
      }
      if (input.relation === 'fixes' && row.type !== 'change') throw new DeskError('CONFLICT', 'Only a change ticket fixes other tickets.')
      this.upsertLink.run(row.id, other.id, input.relation)
      this.event(change, row.id, at, { kind: 'link', other: { id: other.id, number: other.number }, relation: input.relation })
      const mirrored = input.relation === 'explains' ? 'explained_by' : input.relation === 'fixes' ? 'fixed_by' : input.relation
      this.event(change, other.id, at, { kind: 'link', other: { id: row.id, number: row.number }, relation: mirrored })
      this.touch(change, other.id, at)
    })
  }

  merge(input: Input<'tickets.merge'>): Ticket {
    this.change(input.id, 'ticket.merge', input, (row, at, change) => {
      const survivor = this.load(input.intoId)
      if (survivor.id === row.id) throw new DeskError('CONFLICT', 'A ticket cannot be merged into itself.')
      if (!isOpen(survivor.status)) throw new DeskError('CONFLICT', `${survivor.number} is ${survivor.status}: merge into an open ticket.`)
      this.set(change, row.id, { merged_into: survivor.id, status: 'closed', closed_at: at, resolution_code: 'duplicate' })
      this.statusEvent(change, row.id, at, row.status, 'closed', { resolutionCode: 'duplicate', resolutionNotes: `Merged into ${survivor.number}.` })
      this.event(change, row.id, at, { kind: 'merge', other: { id: survivor.id, number: survivor.number }, direction: 'into' })
      this.event(change, survivor.id, at, { kind: 'merge', other: { id: row.id, number: row.number }, direction: 'from' })
      this.touch(change, survivor.id, at)
    })
    return this.reads.get(input.intoId)
  }

  recordSatisfaction(input: Input<'tickets.recordSatisfaction'>): Ticket {
    return this.change(
      input.id,
      'ticket.recordSatisfaction',
      input,
      (row, at, change) => {
        if (row.status !== 'resolved' && row.status !== 'closed') {
          throw new DeskError('CONFLICT', 'Satisfaction is asked once the ticket is resolved.')
        }
        this.set(change, row.id, { satisfaction_score: input.score, satisfaction_comment: input.comment })
        this.event(change, row.id, at, { kind: 'satisfaction', score: input.score, comment: input.comment })
      },
      { allowClosed: true }
    )
  }

  /** Load, check, apply, re-derive, record: the shape of every change to an existing ticket. */
  private change(
    id: string,
    kind: ChangeKind,
    payload: object,
    apply: (row: TicketRow, at: string, change: ChangeRecord) => void,
    { allowClosed = false } = {}
  ): Ticket {
    this.db.transaction(() => {
      const at = this.at()
      // This change's record, built here and handed along: nothing of it outlives the transaction.
      const change: ChangeRecord = { tickets: [], events: [], people: [] }
      const row = this.load(id)
      if (row.status === 'closed' && !allowClosed) {
        throw new DeskError('CONFLICT', `${row.number} is closed and can no longer change. Open a new ticket and link it.`)
      }
      apply(row, at, change)
      this.touch(change, id, at)
      // Only what the status history, the priority or the resolution touch can move the due time: a note never does.
      const set = change.tickets.find((t) => t.id === id)?.fields ?? {}
      if (set.status !== undefined || set.priority !== undefined || set.resolved_at !== undefined || set.group_id !== undefined || set.type !== undefined) this.rederiveDue(id, at, { ...row, ...(set as Partial<SlaFacts>) })
      this.outbox.append(kind, change, at)
    })()
    return this.reads.get(id)
  }

  private load(id: string): TicketRow {
    return this.reads.row(id)
  }

  private assignTo(change: ChangeRecord, row: TicketRow, at: string, assigneeId: string | null, groupId: string | null): void {
    const assignee = assigneeId ? this.directory.agent(assigneeId) : null
    const group = groupId ? this.directory.group(groupId) : null
    this.set(change, row.id, { assignee_id: assignee?.id ?? null, group_id: group?.id ?? null })
    this.event(change, row.id, at, { kind: 'assignment', group, assignee })
  }

  private statusEvent(
    change: ChangeRecord,
    id: string,
    at: string,
    from: TicketStatus,
    to: TicketStatus,
    extra: Partial<Pick<Extract<EventData, { kind: 'status' }>, 'pendingReason' | 'resolutionCode' | 'resolutionNotes'>> = {}
  ): void {
    this.event(change, id, at, { kind: 'status', from, to, pendingReason: null, resolutionCode: null, resolutionNotes: null, ...extra })
  }

  private event(change: ChangeRecord, ticketId: string, at: string, data: EventData, body: string | null = null): void {
    const { kind, ...rest } = data
    const event = { id: uuidv7(), ticket_id: ticketId, at, author_id: this.directory.getMeta('me') ?? null, kind, data: JSON.stringify(rest), body }
    this.insertEvent.run(event)
    change.events.push({ id: event.id, ticketId, at, authorId: event.author_id, kind, data: event.data, body })
  }

  private set(change: ChangeRecord, id: string, values: Partial<Record<SyncedField, string | number | null>>): void {
    const columns = Object.keys(values)
    if (columns.length === 0) return
    this.sql.cached(updateTicket(columns)).run({ ...values, id })
    // What the server needs to merge: the columns this change set, per ticket.
    let ticket = change.tickets.find((t) => t.id === id)
    if (!ticket) change.tickets.push((ticket = { id, fields: {} }))
    Object.assign(ticket.fields, values)
  }

  private touch(change: ChangeRecord, id: string, at: string): void {
    this.set(change, id, { updated_at: at })
  }

  /** The queue sorts by the due time and finds at-risk tickets by the risk instant; both are derived again from the full status history (from `facts` when the caller has them). */
  private rederiveDue(id: string, at: string, facts: SlaFacts = this.load(id)): void {
    const row = facts
    const history = this.statusHistory.all(id).map((e) => ({ at: e.at, to: (JSON.parse(e.data) as { to: TicketStatus }).to }))
    const { calendar, policy } = this.directory.slaFor(row)
    const now = new Date(at)
    const { resolution } = ticketSla(row, history, calendar, policy, now)
    this.setDue.run(resolution.dueAt, resolution.atRiskAt, id)
  }

  private at(): string {
    return this.now().toISOString()
  }
}

/** Two records found to be one machine: the tickets linked to the one going away are linked to the one kept. */
export function carryMachineLinks(db: Database, from: string, to: string): void {
  db.prepare('INSERT INTO ticket_assets (ticket_id, asset_id) SELECT ticket_id, ? FROM ticket_assets WHERE asset_id = ? ON CONFLICT DO NOTHING').run(to, from)
  db.prepare('DELETE FROM ticket_assets WHERE asset_id = ?').run(from)
}
