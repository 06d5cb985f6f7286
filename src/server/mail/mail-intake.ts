import { simpleParser, type ParsedMail } from 'mailparser'
import type { Pool, PoolClient } from 'pg'
import { v7 as uuidv7 } from 'uuid'
import type { EventData } from '../../shared/domain'
import { formatHlc } from '../../shared/hlc'
import { priorityOf } from '../../shared/priority'
import { syncedFields, type SyncedField } from '../../shared/sync'
import { defaultGroups } from '../../shared/team'
import { inChangeOrder } from '../assets'
import { appendEvents, setTicketFields } from '../ticket-records'
import { fileLimit, storeFile } from '../files'
import { safeFileName, safeMimeType } from '../../shared/attachments'
import { appendDelivery } from './mail-dispatch'
import { addresses, answers, plainSubject, readKind, senderOf, splitQuoted, textOf, ticketTag } from './mail-reading'

/**
 * One message from a support mailbox into the desk: a new ticket (channel email, the requester found
 * by address or added), or a reply on the ticket it answers (by In-Reply-To/References, else the
 * [INC-1234] tag), which puts a ticket waiting on the requester back in progress. Everything it
 * writes, and the message's UID, commit together in one transaction: a crash before the
 * commit leaves the message to be read again, one after it finds the UID taken. What cannot be read
 * is set aside with its reason and bytes; the mailbox goes on.
 */

export interface MailboxRef {
  id: string
  name: string
  address: string
  groupId: string | null
}

export type Outcome =
  | { outcome: 'ticket'; ticketId: string; number: string }
  | { outcome: 'reply'; ticketId: string; number: string }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'bounce'; reason: string }
  | { outcome: 'duplicate' }
  | { outcome: 'quarantined'; reason: string }

export interface IntakeLimits {
  /** Bytes; a message over this is set aside, not parsed. */
  maxMessage: number
}

export const defaultLimits: IntakeLimits = { maxMessage: 35 * 1024 * 1024 }

interface Position {
  uidValidity: number
  uid: number
}

export async function ingest(pool: Pool, mailbox: MailboxRef, at: Position, raw: Buffer, now: number, limits = defaultLimits): Promise<Outcome> {
  return (await ingestMany(pool, mailbox, [{ at, raw }], now, limits))[0]!
}

type Prepared = { at: Position; raw: Buffer } & ({ problem: string; mail: ParsedMail | null } | { problem: null; mail: ParsedMail; reading: ReturnType<typeof readKind>; messageId: string; target: string | null })

/**
 * Files a run of messages in one transaction (one commit, where each message in its own would spend
 * most of its time waiting on the disk), each under a savepoint: one the database refuses rolls back
 * alone and is set aside in the same transaction, and every UID commits with what it made.
 */
export async function ingestMany(pool: Pool, mailbox: MailboxRef, items: Array<{ at: Position; raw: Buffer }>, now: number, limits = defaultLimits): Promise<Outcome[]> {
  const prepared: Prepared[] = []
  for (const { at, raw } of items) {
    if (raw.length > limits.maxMessage) {
      prepared.push({ at, raw, problem: `larger than ${Math.round(limits.maxMessage / 1024 / 1024)} MB`, mail: null })
      continue
    }
    let mail: ParsedMail
    try {
      mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true })
    } catch (error) {
      prepared.push({ at, raw, problem: `not a message that can be read (${(error as Error).message.slice(0, 200)})`, mail: null })
      continue
    }
    const reading = readKind(mail, mailbox.address)
    const messageId = (mail.messageId ?? `<no-id-${mailbox.id}-${at.uidValidity}-${at.uid}@intake>`).slice(0, 998)
    // The ticket it will write to, locked first (see inChangeOrder).
    const target =
      reading.kind === 'message'
        ? ((await answered(pool, mail))?.id ?? null)
        : reading.kind === 'bounce' && reading.original
          ? ((await pool.query<{ ticket_id: string | null }>("SELECT ticket_id FROM mail_messages WHERE direction = 'out' AND message_id = $1", [reading.original])).rows[0]?.ticket_id ?? null)
          : null
    prepared.push({ at, raw, problem: null, mail, reading, messageId, target })
  }
  const targets = prepared.flatMap((p) => (p.problem === null && p.target ? [p.target] : []))
  return inChangeOrder(
    pool,
    async (db) => {
      // The run in one go, then (only if the database refused something) again message by message,
      // each under a savepoint, so the one it refuses is set aside and the rest are filed.
      await db.query('SAVEPOINT run')
      let filed: { outcomes: Outcome[]; changed: boolean }
      try {
        filed = await fileRun(db, mailbox, prepared, now, false)
        await db.query('RELEASE SAVEPOINT run')
      } catch {
        await db.query('ROLLBACK TO SAVEPOINT run')
        filed = await fileRun(db, mailbox, prepared, now, true)
      }
      // The UIDs commit with what they made: the run's highest is where the next read starts.
      const last = prepared.reduce((a, p) => (p.at.uid > a.uid ? p.at : a), prepared[0]!.at)
      await db.query('UPDATE mailboxes SET uid_validity = $2, last_uid = greatest(last_uid, $3) WHERE id = $1', [mailbox.id, last.uidValidity, last.uid])
      return { value: filed.outcomes, changed: filed.changed }
    },
    { tickets: targets }
  )
}

async function fileRun(db: PoolClient, mailbox: MailboxRef, prepared: Prepared[], now: number, alone: boolean): Promise<{ outcomes: Outcome[]; changed: boolean }> {
  const run: Run = { taken: await takenBefore(db, mailbox, prepared), requesters: await knownRequesters(db, prepared) }
  const outcomes: Outcome[] = []
  let changed = false
  for (const p of prepared) {
    if (p.problem !== null) {
      outcomes.push(await quarantineIn(db, mailbox, run, p.at, p.raw, p.mail, p.problem))
      continue
    }
    if (!alone) {
      const outcome = await fileOne(db, mailbox, run, p.at, p.mail, p.messageId, p.reading, p.target, now)
      changed ||= 'ticketId' in outcome || outcome.outcome === 'bounce'
      outcomes.push(outcome)
      continue
    }
    await db.query('SAVEPOINT message')
    const before = new Map(run.requesters)
    try {
      const outcome = await fileOne(db, mailbox, run, p.at, p.mail, p.messageId, p.reading, p.target, now)
      await db.query('RELEASE SAVEPOINT message')
      changed ||= 'ticketId' in outcome || outcome.outcome === 'bounce'
      outcomes.push(outcome)
    } catch (error) {
      // Anything the database refuses about this one message sets it aside rather than stall the mailbox.
      await db.query('ROLLBACK TO SAVEPOINT message')
      run.requesters = before
      outcomes.push(await quarantineIn(db, mailbox, run, p.at, p.raw, p.mail, `the desk server could not file it (${(error as Error).message.slice(0, 200)})`))
    }
  }
  return { outcomes, changed }
}

/** What one run knows up front, in a round trip each rather than one per message. */
interface Run {
  /** Messages taken before (by UID, or by Message-ID after the mailbox was renumbered), and those taken in this run. */
  taken: Set<string>
  /** Requesters by sender address; one added in this run joins. */
  requesters: Map<string, string>
}
const uidKey = (at: Position) => `uid:${at.uidValidity}:${at.uid}`
const idKey = (messageId: string) => `id:${messageId}`

async function takenBefore(db: PoolClient, mailbox: MailboxRef, prepared: Prepared[]): Promise<Set<string>> {
  const rows = (
    await db.query<{ uid_validity: string | null; uid: string | null; message_id: string; direction: string }>(
      `SELECT uid_validity, uid, message_id, direction FROM mail_messages
       WHERE mailbox_id = $1 AND ((uid_validity, uid) IN (SELECT * FROM unnest($2::bigint[], $3::bigint[])) OR (direction = 'in' AND message_id = ANY($4::text[])))`,
      [mailbox.id, prepared.map((p) => p.at.uidValidity), prepared.map((p) => p.at.uid), prepared.flatMap((p) => (p.problem === null ? [p.messageId] : []))]
    )
  ).rows
  return new Set(rows.flatMap((r) => [...(r.uid !== null ? [`uid:${r.uid_validity}:${r.uid}`] : []), ...(r.direction === 'in' ? [idKey(r.message_id)] : [])]))
}

/** The requester for each sender: by address, or one of their other addresses, a person the directory still has first. */
async function knownRequesters(db: PoolClient, prepared: Prepared[]): Promise<Map<string, string>> {
  const addresses = [...new Set(prepared.flatMap((p) => (p.problem === null && p.reading.kind === 'message' ? [senderOf(p.mail)!.address] : [])))]
  if (!addresses.length) return new Map()
  const rows = (
    await db.query<{ address: string; id: string }>(
      `SELECT a.address, p.id FROM unnest($1::text[]) AS a(address) CROSS JOIN LATERAL (
         SELECT id FROM people WHERE lower(email) = a.address OR aliases @> to_jsonb(ARRAY[a.address]::text[])
         ORDER BY (directory_state = 'active') DESC NULLS LAST, (lower(email) = a.address) DESC, id LIMIT 1) p`,
      [addresses]
    )
  ).rows
  return new Map(rows.map((r) => [r.address, r.id]))
}

async function fileOne(db: PoolClient, mailbox: MailboxRef, run: Run, at: Position, mail: ParsedMail, messageId: string, reading: ReturnType<typeof readKind>, target: string | null, now: number): Promise<Outcome> {
  // Read once already (the same UID, or the same message again after the mailbox was renumbered)?
  if (run.taken.has(uidKey(at)) || run.taken.has(idKey(messageId))) return { outcome: 'duplicate' }
  const outcome = await apply(db, mailbox, run, mail, messageId, reading, target, now)
  const ticketId = 'ticketId' in outcome ? outcome.ticketId : null
  await db.query('INSERT INTO mail_messages (id, mailbox_id, uid_validity, uid, direction, message_id, ticket_id, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    uuidv7(),
    mailbox.id,
    at.uidValidity,
    at.uid,
    'in',
    messageId,
    ticketId,
    outcome.outcome === 'ignored' || outcome.outcome === 'bounce' ? `${outcome.outcome}: ${outcome.reason}` : outcome.outcome
  ])
  run.taken.add(uidKey(at)).add(idKey(messageId))
  return outcome
}

async function apply(db: PoolClient, mailbox: MailboxRef, run: Run, mail: ParsedMail, messageId: string, reading: ReturnType<typeof readKind>, target: string | null, now: number): Promise<Outcome> {
  if (reading.kind === 'ignored') return { outcome: 'ignored', reason: reading.reason }
  if (reading.kind === 'bounce') {
    // The reply it returns is marked failed on its ticket's timeline.
    if (reading.original) {
      const sent = (await db.query<{ event_id: string | null }>("UPDATE mail_messages SET outcome = 'bounced' WHERE direction = 'out' AND message_id = $1 RETURNING event_id", [reading.original])).rows[0]
      if (sent?.event_id) await appendDelivery(db, sent.event_id, 'failed', `Returned by the recipient’s mail server (${reading.reason}).`)
    }
    return { outcome: 'bounce', reason: reading.reason }
  }
  const from = senderOf(mail)!
  const at = new Date(now).toISOString()
  const stamp = formatHlc({ wall: now, counter: 0, node: 'mail' })
  const { body, quoted } = splitQuoted(textOf(mail))
  const subject = plainSubject(mail.subject)
  const requesterId = await requesterFor(db, run, from)
  const email: EventData = {
    kind: 'email',
    direction: 'in',
    from: from.address,
    to: addresses(mail.to),
    subject: (mail.subject ?? '').slice(0, 300),
    messageId,
    body,
    status: 'received',
    reason: null,
    quoted,
    attachments: await keepFiles(db, mail)
  }

  // The ticket it answers was found (and locked) before the run, read now as it stands; else one an
  // earlier message of this same run opened (no query at all for a new message without references or tag).
  const existing = target ? await lockedTicket(db, target) : await answered(db, mail)
  if (existing && existing.status !== 'closed') {
    const changes: Partial<Record<SyncedField, string | null>> = { updated_at: at }
    const events: EventData[] = [email]
    // The requester answered: a ticket waiting on them is worked on again, and its SLA clock runs;
    // one resolved but not closed is reopened ("reply to this mail and we will reopen it").
    if (existing.status === 'pending') {
      Object.assign(changes, { status: 'in_progress', pending_reason: null })
      events.push({ kind: 'status', from: 'pending', to: 'in_progress', pendingReason: null, resolutionCode: null, resolutionNotes: null })
    } else if (existing.status === 'resolved') {
      Object.assign(changes, { status: 'in_progress', resolved_at: null, resolution_code: null, resolution_notes: null, follow_up_at: null })
      events.push({ kind: 'status', from: 'resolved', to: 'in_progress', pendingReason: null, resolutionCode: null, resolutionNotes: null })
    }
    await setTicketFields(db, existing.id, changes, stamp)
    await appendEvents(db, existing.id, at, events)
    return { outcome: 'reply', ticketId: existing.id, number: existing.number }
  }

  const id = uuidv7()
  const fields: Record<SyncedField, string | number | null> = Object.fromEntries(syncedFields.map((f) => [f, null])) as Record<SyncedField, string | number | null>
  Object.assign(fields, {
    type: 'incident',
    status: 'new',
    channel: 'email',
    subject,
    description: body,
    requester_id: requesterId,
    impact: 'low',
    urgency: 'medium',
    priority: priorityOf('low', 'medium'),
    priority_overridden: 0,
    group_id: mailbox.groupId ?? defaultGroups[0]!.id,
    updated_at: at
  })
  const { number } = (
    await db.query<{ number: string }>("INSERT INTO tickets (id, number, created_at, fields, clocks, change_seq) VALUES ($1, 'INC-' || nextval('ticket_number_inc'), $2, $3, $4, change_seq_next()) RETURNING number", [
      id,
      at,
      JSON.stringify(fields),
      JSON.stringify(Object.fromEntries(syncedFields.map((f) => [f, stamp])))
    ])
  ).rows[0]!
  const followUp = existing ? `${existing.number} was closed; this continues it.` : null
  await appendEvents(
    db,
    id,
    at,
    [{ kind: 'created', channel: 'email' }, { kind: 'status', from: null, to: 'new', pendingReason: null, resolutionCode: null, resolutionNotes: null }, ...(followUp ? [{ kind: 'note' as const, body: followUp }] : []), email]
  )
  return { outcome: 'ticket', ticketId: id, number }
}

/** The open-or-closed ticket this message answers: our Message-IDs it references, else the tag in its subject. */
async function answered(db: Pool | PoolClient, mail: ParsedMail): Promise<{ id: string; number: string; status: string } | null> {
  const ids = answers(mail)
  if (ids.length) {
    const row = (
      await db.query<{ id: string; number: string; status: string; merged: string | null }>(
        `SELECT t.id, t.number, t.fields->>'status' AS status, t.fields->>'merged_into' AS merged FROM mail_messages m JOIN tickets t ON t.id = m.ticket_id
         WHERE m.message_id = ANY($1) ORDER BY array_position($1, m.message_id) LIMIT 1`,
        [ids]
      )
    ).rows[0]
    if (row) return row.merged ? follow(db, row) : row
  }
  const tag = ticketTag.exec(mail.subject ?? '')?.[1]
  if (!tag) return null
  const row = (await db.query<{ id: string; number: string; status: string; merged: string | null }>("SELECT id, number, fields->>'status' AS status, fields->>'merged_into' AS merged FROM tickets WHERE number = $1", [tag])).rows[0]
  return row ? (row.merged ? follow(db, row) : row) : null
}

async function lockedTicket(db: PoolClient, id: string): Promise<{ id: string; number: string; status: string } | null> {
  const row = (await db.query<{ id: string; number: string; status: string; merged: string | null }>("SELECT id, number, fields->>'status' AS status, fields->>'merged_into' AS merged FROM tickets WHERE id = $1", [id])).rows[0]
  if (!row) return null
  return row.merged ? follow(db, row) : row
}

/** A ticket merged into another answers as that one. */
async function follow(db: Pool | PoolClient, ticket: { id: string; number: string; status: string }): Promise<{ id: string; number: string; status: string }> {
  for (let hops = 0; hops < 5; hops++) {
    const into = (await db.query<{ id: string; number: string; status: string }>("SELECT t.id, t.number, t.fields->>'status' AS status FROM tickets s JOIN tickets t ON t.id = (s.fields->>'merged_into')::uuid WHERE s.id = $1", [ticket.id])).rows[0]
    if (!into) break
    ticket = into
  }
  return ticket
}

/** The requester with this address (or one of their other addresses), else a new one named as the mail names them. */
async function requesterFor(db: PoolClient, run: Run, from: { address: string; name: string }): Promise<string> {
  const known = run.requesters.get(from.address)
  if (known) return known
  const id = uuidv7()
  await db.query("INSERT INTO people (id, name, email, vip, change_seq) VALUES ($1, $2, $3, false, change_seq_next())", [id, from.name.slice(0, 200), from.address.slice(0, 320)])
  run.requesters.set(from.address, id)
  return id
}

async function quarantineIn(db: PoolClient, mailbox: MailboxRef, run: Run, at: Position, raw: Buffer, mail: ParsedMail | null, reason: string): Promise<Outcome> {
  if (!run.taken.has(uidKey(at))) {
    run.taken.add(uidKey(at))
    await db.query('INSERT INTO mail_quarantine (id, mailbox_id, uid_validity, uid, reason, subject, sender, raw) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      uuidv7(),
      mailbox.id,
      at.uidValidity,
      at.uid,
      reason,
      mail?.subject?.slice(0, 300) ?? null,
      mail ? (senderOf(mail)?.address ?? null) : null,
      raw.length <= 50 * 1024 * 1024 ? raw : raw.subarray(0, 1024 * 1024)
    ])
    await db.query("INSERT INTO mail_messages (id, mailbox_id, uid_validity, uid, direction, message_id, outcome) VALUES ($1, $2, $3, $4, 'in', $5, 'quarantined')", [
      uuidv7(),
      mailbox.id,
      at.uidValidity,
      at.uid,
      (mail?.messageId ?? `<quarantined-${uuidv7()}@intake>`).slice(0, 998)
    ])
  }
  return { outcome: 'quarantined', reason }
}

/**
 * The message's files, each kept in the file store unless over the team's limit (then listed, not
 * kept: the requester is the one to send it another way). Inline parts without a name (a signature's
 * logo) are part of the message's look, not files anyone sent.
 */
async function keepFiles(db: PoolClient, mail: ParsedMail): Promise<Extract<EventData, { kind: 'email' }>['attachments']> {
  const files = mail.attachments.filter((a) => a.contentDisposition !== 'inline' || a.filename)
  if (!files.length) return []
  const limit = await fileLimit(db)
  const kept = []
  for (const a of files) {
    const sha256 = a.content.length <= limit ? await storeFile(db, a.content) : null
    kept.push({ name: safeFileName(a.filename), size: a.content.length, type: safeMimeType(a.contentType), sha256 })
  }
  return kept
}
