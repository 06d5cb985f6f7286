import BetterSqlite3 from 'better-sqlite3'
import { setImmediate } from 'node:timers/promises'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../src/shared/domain'
import type { Report } from '../../src/shared/reports'
import { defaultGroups } from '../../src/shared/team'
import { seedDesk } from '../../src/main/core/sample/seed-desk'
import { Directory } from '../../src/main/core/store/directory'
import { testDesk } from '../support/desk'
import { testDay, testIso } from '../support/test-clock'

/**
 * Each figure's definition held against a desk whose week was worked by hand, in Berlin office hours
 * (08:00–18:00, Monday to Friday), every number below counted on paper from the story:
 *
 *   A  Mon 09:00 logged, 09:30 reply (20 min logged), 10:00 resolved; rated 5. Category Email.
 *   B  Mon 11:00 logged, 11:15 reply, escalated 12:00 to Desktop Support (L2) and 13:00 to
 *      Infrastructure (L3), resolved Tue 09:00; rated 3; 30 min logged Tue 09:00.
 *   C  Tue 10:00 logged, 10:10 reply, resolved 11:00, reopened Wed 09:00, resolved Wed 10:00.
 *   D  Wed 14:00 logged (P1), waiting on the requester 15:00, who mails back Thu 08:30; back in
 *      progress Thu 09:00, resolved Thu 13:00: 300 business minutes against a 240-minute target.
 *   E  Thu 16:00 logged (P1) "How do I share my Outlook calendar?", category How-to; still open.
 *   F  logged the Friday before, answered then; 45 min logged Tue 14:00; still open.
 *   G  logged and resolved the week before: in no figure.
 */
describe('the supervisor’s figures, held to their definitions', () => {
  const desk = testDesk('2026-11-19T09:00:00+01:00')
  const week = { from: testIso('2026-11-22T23:00:00.000Z'), to: testIso('2026-11-29T23:00:00.000Z') }
  const [serviceDesk, desktop, , , infrastructure] = defaultGroups
  const handoff = { symptoms: 'Crashes on start', tried: 'Reinstalled', findings: 'Event 1000', nextStep: 'Check the profile' }
  const ids: Record<string, string> = {}
  let report: Report

  const log = async (name: string, local: string, subject: string, extra: { impact?: 'high' | 'low'; urgency?: 'high' | 'medium' } = {}) => {
    desk.at(local)
    const t = await desk.call('tickets.create', { subject, channel: 'phone', requester: { name: `Requester ${name}` }, impact: extra.impact ?? 'low', urgency: extra.urgency ?? 'medium' })
    ids[name] = t.id
    return t.id
  }
  const reply = async (id: string, local: string, minutes?: number) => {
    desk.at(local)
    await desk.call('tickets.comment', { id, visibility: 'public', body: 'On it.', ...(minutes ? { minutes } : {}) })
  }
  const status = async (id: string, local: string, to: 'resolved' | 'in_progress' | 'pending') => {
    desk.at(local)
    await desk.call('tickets.setStatus', { id, status: to, ...(to === 'resolved' ? { resolution: { code: 'solved' as const, notes: 'Fixed.' } } : to === 'pending' ? { pendingReason: 'requester' as const } : {}) })
  }

  beforeAll(async () => {
    const g = await log('G', '2026-11-19T09:00', 'Old printer jam')
    await status(g, '2026-11-20T09:00', 'resolved')
    const f = await log('F', '2026-11-20T10:00', 'Docking station flickers')
    await reply(f, '2026-11-20T10:30')
    await status(f, '2026-11-20T10:31', 'in_progress')

    const a = await log('A', '2026-11-23T09:00', 'Outlook signature missing')
    await desk.call('tickets.update', { id: a, category: 'Email' })
    await reply(a, '2026-11-23T09:30', 20)
    await status(a, '2026-11-23T10:00', 'resolved')
    await desk.call('tickets.recordSatisfaction', { id: a, score: 5, comment: 'Quick.' })

    const b = await log('B', '2026-11-23T11:00', 'ERP client crashes on start')
    await reply(b, '2026-11-23T11:15')
    desk.at('2026-11-23T12:00')
    await desk.call('tickets.escalate', { id: b, groupId: desktop!.id, handoff })
    desk.at('2026-11-23T13:00')
    await desk.call('tickets.escalate', { id: b, groupId: infrastructure!.id, handoff })
    desk.at('2026-11-24T09:00')
    await desk.call('tickets.logTime', { id: b, minutes: 30 })
    await status(b, '2026-11-24T09:00', 'resolved')
    await desk.call('tickets.recordSatisfaction', { id: b, score: 3, comment: '' })

    const c = await log('C', '2026-11-24T10:00', 'Teams camera not detected')
    await reply(c, '2026-11-24T10:10')
    await status(c, '2026-11-24T11:00', 'resolved')
    await status(c, '2026-11-25T09:00', 'in_progress')
    await status(c, '2026-11-25T10:00', 'resolved')

    desk.at('2026-11-24T14:00')
    await desk.call('tickets.logTime', { id: f, minutes: 45 })

    const d = await log('D', '2026-11-25T14:00', 'Payroll export fails', { impact: 'high', urgency: 'high' })
    await status(d, '2026-11-25T15:00', 'pending')
    // The requester's answer arrives by mail, as a pull from the desk server writes it.
    const file = new BetterSqlite3(join(desk.dir.path, 'desk.sqlite'))
    file
      .prepare("INSERT INTO ticket_events (id, ticket_id, at, author_id, kind, data, body) VALUES (?, ?, ?, NULL, 'email', ?, 'Here is the log.')")
      .run(uuidv7(), d, testIso('2026-11-26T07:30:00.000Z'), JSON.stringify({ direction: 'in', from: 'd@corp.example', to: [], subject: 'Re', messageId: '<d@x>', body: 'Here is the log.', status: 'received', reason: null, quoted: null, attachments: [] }))
    file.close()
    await status(d, '2026-11-26T09:00', 'in_progress')
    await status(d, '2026-11-26T13:00', 'resolved')

    const e = await log('E', '2026-11-26T16:00', 'How do I share my Outlook calendar?', { impact: 'high', urgency: 'high' })
    await desk.call('tickets.update', { id: e, category: 'How-to' })

    // Monday morning, the review.
    desk.at('2026-11-30T08:00')
    report = await desk.call('reports.figures', week)
  }, 60_000)
  afterAll(() => desk.close())

  const numbers = (tickets: Ticket[]) => tickets.map((t) => t.subject).sort()
  const behind = async (figure: Parameters<typeof desk.call<'reports.tickets'>>[1]['figure'], key?: string) => numbers((await desk.call('reports.tickets', { query: week, figure, ...(key ? { key } : {}) })).tickets)

  it('counts volume in and out per day in the team’s time zone, every day of the week shown', () => {
    expect(report.volume).toEqual([
      { day: testDay('2026-11-23'), opened: 2, resolved: 1 },
      { day: testDay('2026-11-24'), opened: 1, resolved: 1 },
      { day: testDay('2026-11-25'), opened: 1, resolved: 1 },
      { day: testDay('2026-11-26'), opened: 1, resolved: 1 },
      { day: testDay('2026-11-27'), opened: 0, resolved: 0 },
      { day: testDay('2026-11-28'), opened: 0, resolved: 0 },
      { day: testDay('2026-11-29'), opened: 0, resolved: 0 }
    ])
  })

  it('ages the backlog at the end of the period, and says what breaches now by group', async () => {
    expect(report.backlog.open).toBe(2)
    expect(report.backlog.asOf).toBe(week.to)
    expect(Object.fromEntries(report.backlog.buckets.map((b) => [b.label, b.count]))).toEqual({ 'Under a day': 0, '1–3 days': 0, '3–7 days': 1, '1–4 weeks': 1, 'Over 4 weeks': 0 })
    expect(report.breaching).toEqual([{ key: serviceDesk!.id, label: 'Service Desk', count: 2 }])
    expect(await behind('breaching', serviceDesk!.id)).toEqual(['Docking station flickers', 'How do I share my Outlook calendar?'])
  })

  it('finds first-contact resolution: not after an escalation, a reopen or a reply from the requester', async () => {
    expect(report.firstContact).toEqual({ resolved: 4, firstContact: 1, rate: 0.25 })
    expect(await behind('firstContact', 'yes')).toEqual(['Outlook signature missing'])
    expect(await behind('firstContact', 'no')).toEqual(['ERP client crashes on start', 'Payroll export fails', 'Teams camera not detected'])
  })

  it("lists a figure's tickets newest first", async () => {
    const logged = (await desk.call('reports.tickets', { query: week, figure: 'volume' })).tickets.map((t) => t.createdAt)
    expect(logged.length).toBeGreaterThan(2)
    expect(logged).toEqual([...logged].sort().reverse())
  })

  it('times first response and resolution in business minutes, waiting on the requester not counted', () => {
    // First response: A 30, B 15, C 10 (D and E never answered publicly; F answered the week before).
    expect(report.times.firstResponse).toEqual({ count: 3, meanMinutes: 18, medianMinutes: 15 })
    // Resolve: A 60; B 420 + 60 = 480; C 480 + 120 = 600 (the clock runs until the last resolution); D 60 + 240 = 300.
    expect(report.times.resolve).toEqual({ count: 4, meanMinutes: 360, medianMinutes: 390 })
  })

  it('measures SLA compliance per priority and per group holding the ticket', async () => {
    expect(report.sla.byPriority).toEqual([
      { key: 'priority:P1', label: 'P1', met: 0, total: 1, rate: 0 },
      { key: 'priority:P4', label: 'P4', met: 3, total: 3, rate: 1 }
    ])
    expect(report.sla.byGroup).toEqual([
      { key: `group:${infrastructure!.id}`, label: 'Infrastructure', met: 1, total: 1, rate: 1 },
      { key: `group:${serviceDesk!.id}`, label: 'Service Desk', met: 2, total: 3, rate: 2 / 3 }
    ])
    expect(report.sla.overall).toMatchObject({ met: 3, total: 4, rate: 0.75 })
    expect(await behind('sla', 'all:missed')).toEqual(['Payroll export fails'])
  })

  it('counts reopens, escalations to second and third line, and satisfaction', () => {
    expect(report.reopens).toEqual({ resolved: 4, reopened: 1, rate: 0.25 })
    expect(report.escalations).toEqual({ logged: 5, toL2: 1, toL3: 1, rateL2: 0.2, rateL3: 0.2 })
    expect(report.satisfaction.count).toBe(2)
    expect(report.satisfaction.average).toBe(4)
    expect(report.satisfaction.spread.map((s) => s.count)).toEqual([0, 0, 1, 0, 1])
  })

  it('adds up time spent in the period per technician, on tickets logged before it too', async () => {
    expect(report.timeSpent).toEqual([{ key: expect.any(String), label: expect.any(String), minutes: 95, tickets: 3 }])
    expect(await behind('timeSpent', report.timeSpent[0]!.key)).toEqual(['Docking station flickers', 'ERP client crashes on start', 'Outlook signature missing'])
  })

  it('ranks categories and finds the “how do I” tickets by the application they name', () => {
    expect(report.categories).toEqual([
      { key: 'Uncategorised', label: 'Uncategorised', count: 3 },
      { key: 'Email', label: 'Email', count: 1 },
      { key: 'How-to', label: 'How-to', count: 1 }
    ])
    expect(report.howTo).toEqual([{ key: 'Outlook', label: 'Outlook', count: 1 }])
  })

  it('narrows every figure by the filters', async () => {
    const p1 = await desk.call('reports.figures', { ...week, priority: 'P1' })
    expect(p1.volume.reduce((n, d) => n + d.opened, 0)).toBe(2)
    expect(p1.firstContact).toEqual({ resolved: 1, firstContact: 0, rate: 0 })
    const infra = await desk.call('reports.figures', { ...week, groupId: infrastructure!.id })
    expect(infra.reopens.resolved).toBe(1)
    expect(infra.backlog.open).toBe(0)
  })

  it('exports the figures and the tickets behind one as spreadsheets whose cells cannot be formulas', async () => {
    const figures = await desk.call('reports.exportCsv', { query: week })
    expect(figures.fileName).toBe(`frontline-report-${testDay('2026-11-22')}-to-${testDay('2026-11-29')}.csv`)
    expect(figures.csv).toContain('First-contact resolution,resolved at first contact,1,4,25.0')
    expect(figures.csv).toContain('SLA compliance,P1,0,1,0.0')
    desk.at('2026-11-30T08:05')
    const hostile = await desk.call('tickets.create', { subject: '=HYPERLINK("http://evil.example")', channel: 'phone', requester: { name: 'Mallory' } })
    const tickets = await desk.call('reports.exportCsv', { query: { ...week, to: testIso('2026-11-30T23:00:00.000Z') }, figure: 'volume', key: `opened:${testDay('2026-11-30')}` })
    expect(tickets.csv).toContain(`'=HYPERLINK`)
    expect(tickets.csv.split('\n')[0]).toBe('Number,Subject,Type,Status,Priority,Group,Assignee,Channel,Category,Requester,Logged,Resolved,Satisfaction')
    expect(tickets.csv).toContain(hostile.number)
  })
})

describe('a year’s figures on a busy desk', () => {
  const desk = testDesk('2026-11-19T09:00:00+01:00')
  beforeAll(() => {
    // 2,500 tickets over the past year, written beside the open desk as another connection would.
    const db = new BetterSqlite3(desk.core.dataFile)
    seedDesk(db, new Directory(db), { tickets: 2_500, people: 100, now: desk.clock.now })
    db.close()
  })
  afterAll(() => desk.close())

  it('give way while they are counted: a queue page asked meanwhile is answered first, and the year still counts every ticket', async () => {
    const now = desk.clock.now
    let counted = false
    const year = desk.call('reports.figures', { from: new Date(now.getTime() - 400 * 86_400_000).toISOString(), to: now.toISOString() }).finally(() => (counted = true))
    // A turn of the event loop, as a message from the console would wait for: counted all at once, the year would be done by now.
    await setImmediate()
    expect(counted).toBe(false)
    const page = await desk.call('tickets.list', {})
    expect(counted).toBe(false)
    expect(page.tickets.length).toBeGreaterThan(0)
    const report = await year
    expect(report.volume.reduce((n, day) => n + day.opened, 0)).toBe(2_500)
  })
})
