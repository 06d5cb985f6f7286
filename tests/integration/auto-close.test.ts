import { DateTime } from 'luxon'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeResolvedTickets } from '../../src/server/auto-close'
import { ingest } from '../../src/server/mail/mail-intake'
import { defaultSlaTargets, officeWeek } from '../../src/shared/team'
import { testDesk } from '../support/desk'
import { startTestServer, type TestServer } from '../support/desk-server'

/** Resolved tickets close themselves after the team's business days of silence; an answer by mail reopens one instead. */
describe('closing resolved tickets the requester leaves alone', () => {
  let server: TestServer
  let desk: ReturnType<typeof testDesk>
  // Dates four weeks back, so the desk's clock is never ahead of the server's whatever day this runs.
  const monday = DateTime.now().setZone('Europe/Berlin').startOf('week').minus({ weeks: 4 })
  /** A Berlin local time `days` after that Monday: as the desk's clock takes it, and as an instant. */
  const local = (days: number, time: string) => `${monday.plus({ days }).toISODate()}T${time}`
  const at = (days: number, time: string) => DateTime.fromISO(local(days, time), { zone: 'Europe/Berlin' }).toMillis()

  beforeAll(async () => {
    server = await startTestServer()
    const admin = await server.agent('admin')
    const agent = await server.agent('agent')
    // Office hours in Berlin, with Monday 30 November a holiday; three business days of silence close a ticket.
    const calendar = { ...officeWeek('Europe/Berlin'), holidays: [monday.plus({ days: 7 }).toISODate()!] }
    expect((await server.call('PUT', '/api/team/policies', admin.token, { calendar, sla: defaultSlaTargets, overrides: [], autoCloseDays: 3 })).status).toBe(200)
    expect((await server.call('PUT', '/api/mailboxes/0190c0de-0000-7000-8000-0000000000ac', admin.token, { name: 'Support', address: 'support@corp.example', host: '127.0.0.1', port: 1, tls: false, username: 'support', password: 'x' })).status).toBe(200)
    desk = testDesk(new Date(at(0, '10:00')))
    await desk.call('sync.signIn', { serverUrl: server.url, email: agent.email, password: 'correct horse battery' })
  }, 60_000)
  afterAll(async () => {
    await desk?.close()
    await server?.close()
  })

  const resolvedAt = async (when: string, subject: string, email = 'maria.ortiz@corp.example') => {
    desk.clock.now = new Date(DateTime.fromISO(when, { zone: 'Europe/Berlin' }).toMillis())
    const ticket = await desk.call('tickets.create', { subject, channel: 'phone', requester: { name: 'Maria Ortiz', email } })
    await desk.call('tickets.setStatus', { id: ticket.id, status: 'resolved', resolution: { code: 'solved', notes: 'Done.' } })
    expect(await desk.call('sync.now', {})).toMatchObject({ pending: 0, refused: [] })
    return ticket
  }
  const status = async (id: string) => (await server.pool.query<{ status: string }>("SELECT fields->>'status' AS status FROM tickets WHERE id = $1", [id])).rows[0]!.status

  it('closes after three business days, counting neither the weekend nor a holiday, with a note saying why', async () => {
    const first = await resolvedAt(local(0, '10:00'), 'Mouse replaced')
    const friday = await resolvedAt(local(4, '10:00'), 'Toner replaced')
    expect(await closeResolvedTickets(server.pool, at(3, '09:59'))).toBe(0)
    expect(await closeResolvedTickets(server.pool, at(3, '10:01'))).toBe(1)
    expect(await status(first.id)).toBe('closed')
    // Friday + 3 business days: the Monday after is a holiday, so the Thursday.
    expect(await closeResolvedTickets(server.pool, at(10, '09:59'))).toBe(0)
    expect(await status(friday.id)).toBe('resolved')
    expect(await closeResolvedTickets(server.pool, at(10, '10:01'))).toBe(1)
    expect(await status(friday.id)).toBe('closed')
    // Nothing closes twice.
    expect(await closeResolvedTickets(server.pool, at(17, '10:00'))).toBe(0)

    await desk.call('sync.now', {})
    const detail = await desk.call('tickets.get', { id: first.id })
    expect(detail.ticket.status).toBe('closed')
    expect(detail.timeline.at(-1)?.data).toEqual({ kind: 'note', body: 'Closed automatically: 3 business days after it was resolved, with no answer from the requester.' })
  })

  it('reopens a resolved ticket the requester answers by mail, which then does not close', async () => {
    const ticket = await resolvedAt(local(14, '10:00'), 'VPN profile installed', 'lena.park@corp.example')
    await desk.call('sync.now', {})
    const number = (await desk.call('tickets.get', { id: ticket.id })).ticket.number
    const raw = [
      'From: Lena Park <lena.park@corp.example>',
      'To: support@corp.example',
      `Subject: Re: [${number}] Resolved: VPN profile installed`,
      `Message-ID: <${uuidv7()}@corp.example>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Sorry, it still drops every hour.'
    ].join('\r\n')
    const mailbox = { id: '0190c0de-0000-7000-8000-0000000000ac', name: 'Support', address: 'support@corp.example', groupId: null }
    expect(await ingest(server.pool, mailbox, { uidValidity: 1, uid: 1 }, Buffer.from(raw), at(15, '09:00'))).toMatchObject({ outcome: 'reply', ticketId: ticket.id })
    expect(await status(ticket.id)).toBe('in_progress')
    expect(await closeResolvedTickets(server.pool, at(25, '10:00'))).toBe(0)
    await desk.call('sync.now', {})
    const statuses = (await desk.call('tickets.get', { id: ticket.id })).timeline.flatMap((e) => (e.data.kind === 'status' ? [e.data.to] : []))
    expect(statuses).toEqual(['new', 'resolved', 'in_progress'])
  })
})
