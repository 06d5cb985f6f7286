import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { recoverDesk } from '../../src/main/core/store/database'
import { testDesk } from '../support/desk'

const aisha = { subject: 'Outlook asks for the password again', channel: 'phone', requester: { name: 'Aisha Khan', email: 'aisha@corp.example' } } as const
const tom = { subject: 'Monitor flickers', channel: 'walk-in', requester: { name: 'Tom Weber', email: 'tom@corp.example' } } as const
const forAisha = 'Aisha, please sign out of Outlook and back in; the prompt should stop.'

describe('reply drafts', () => {
  let desk: ReturnType<typeof testDesk>
  beforeEach(() => {
    desk = testDesk()
  })
  afterEach(() => desk.close())

  it('belong to their ticket and survive the desk file being closed and opened again', async () => {
    const a = await desk.call('tickets.create', aisha)
    const b = await desk.call('tickets.create', tom)
    expect(await desk.call('drafts.save', { id: a.id, visibility: 'public', body: forAisha, minutes: 10, eta: '2026-11-24T15:00' })).toEqual({ kept: true })
    desk.reopen()
    expect(await desk.call('drafts.get', { id: a.id })).toEqual({ visibility: 'public', body: forAisha, minutes: 10, eta: '2026-11-24T15:00', savedAt: '2026-11-23T07:05:00.000Z' })
    expect(await desk.call('drafts.get', { id: b.id })).toBeNull()
    expect(await desk.call('drafts.list', {})).toEqual({ ticketIds: [a.id] })
  })

  it('never reach the outbox: nothing about a draft is pushed to the desk server', async () => {
    const a = await desk.call('tickets.create', aisha)
    const before = (await desk.call('desk.status', {})).pendingChanges
    await desk.call('drafts.save', { id: a.id, visibility: 'internal', body: forAisha, minutes: null, eta: null })
    await desk.call('drafts.save', { id: a.id, visibility: 'internal', body: `${forAisha} Checked the mailbox rules.`, minutes: 5, eta: null })
    expect((await desk.call('desk.status', {})).pendingChanges).toBe(before)
    const db = new BetterSqlite3(desk.core.dataFile, { readonly: true })
    const mentions = db.prepare("SELECT count(*) FROM outbox WHERE payload LIKE '%sign out of Outlook%'").pluck().get()
    db.close()
    expect(mentions).toBe(0)
  })

  it('is gone once the reply is sent, and when the composer is emptied', async () => {
    const a = await desk.call('tickets.create', aisha)
    const b = await desk.call('tickets.create', tom)
    await desk.call('drafts.save', { id: a.id, visibility: 'public', body: forAisha, minutes: null, eta: null })
    await desk.call('drafts.save', { id: b.id, visibility: 'internal', body: 'Swap the cable first.', minutes: null, eta: null })
    await desk.call('tickets.comment', { id: a.id, visibility: 'public', body: forAisha })
    expect(await desk.call('drafts.get', { id: a.id })).toBeNull()
    // Sending on one ticket leaves another ticket's draft alone.
    expect(await desk.call('drafts.list', {})).toEqual({ ticketIds: [b.id] })
    expect(await desk.call('drafts.save', { id: b.id, visibility: 'internal', body: '   ', minutes: null, eta: null })).toEqual({ kept: false })
    expect(await desk.call('drafts.list', {})).toEqual({ ticketIds: [] })
  })

  it('are carried into a recovered desk file with the rest of its rows', async () => {
    const a = await desk.call('tickets.create', aisha)
    await desk.call('drafts.save', { id: a.id, visibility: 'internal', body: 'Mailbox rules checked; nothing odd.', minutes: 5, eta: null })
    await desk.core.close()
    recoverDesk(desk.core.dataFile).db.close()
    desk.reopen()
    expect(await desk.call('drafts.get', { id: a.id })).toMatchObject({ visibility: 'internal', body: 'Mailbox rules checked; nothing odd.', minutes: 5 })
  })

  it('refuses a draft for a ticket this desk does not have', async () => {
    await expect(desk.call('drafts.save', { id: '0190a2b4-0000-7000-8000-000000000000', visibility: 'public', body: 'x', minutes: null, eta: null })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
