import Database from 'better-sqlite3'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { DeskClock } from '../../src/main/core/store/desk-clock'
import { Outbox } from '../../src/main/core/store/outbox'
import { Quarantine } from '../../src/main/core/store/quarantine'
import { PullApplier } from '../../src/main/core/store/pulled-changes'
import { afterEach, describe, expect, it } from 'vitest'
import type { PushResponse } from '../../src/shared/sync'
import { testDesk } from '../support/desk'
import { suiteServer } from '../support/suite-server'

/** A requester's details edited on two desks, offline, and merged field by field by a real server. */
describe('requester details are the team’s, edited anywhere and merged like a ticket', () => {
  const server = suiteServer()
  const desks: Array<ReturnType<typeof testDesk>> = []
  afterEach(async () => {
    for (const d of desks.splice(0)) await d.close()
  })
  async function signedIn() {
    const account = await server.agent('agent')
    const desk = testDesk('2026-11-23T08:05:00+01:00', { background: false }, { realClock: true })
    desks.push(desk)
    await desk.call('sync.signIn', { serverUrl: server.url, email: account.email, password: 'correct horse battery' })
    return { desk, account }
  }

  it('two technicians edit the same requester offline: each field keeps the later edit, on both desks and the server', async () => {
    const { desk: dana } = await signedIn()
    const { desk: sam } = await signedIn()
    const ticket = await dana.call('tickets.create', { subject: 'Expense app crashes', channel: 'phone', requester: { name: 'Maria Ortiz', email: 'maria.ortiz@corp.example' } })
    const detail = await dana.call('tickets.get', { id: ticket.id })
    const maria = detail.requester.id
    await dana.call('sync.now', {})
    await sam.call('sync.now', {})

    // Offline on both desks: Dana at 09:00, Sam at 09:30 (later), one field in common.
    dana.at('2026-11-23T09:00')
    await dana.call('people.update', { id: maria, edit: { phone: '+1 555 0199', location: 'HQ 4F', notes: 'Prefers a call before noon.' } })
    sam.at('2026-11-23T09:30')
    await sam.call('people.update', { id: maria, edit: { department: 'Treasury', location: 'HQ 6F', vip: true } })
    expect((await dana.call('sync.status', {})).pending).toBe(1)

    await dana.call('sync.now', {})
    await sam.call('sync.now', {})
    await dana.call('sync.now', {})
    const expected = { phone: '+1 555 0199', department: 'Treasury', location: 'HQ 6F', vip: true, notes: 'Prefers a call before noon.' }
    for (const desk of [dana, sam]) expect((await desk.call('tickets.get', { id: ticket.id })).requester).toMatchObject({ name: 'Maria Ortiz', ...expected })
    const held = (await server.pool.query('SELECT phone, department, location, vip, notes FROM people WHERE id = $1', [maria])).rows[0]
    expect(held).toEqual(expected)
  })

  it('the other addresses a requester writes from reach every desk, and a ticket logged for one of them finds the same person', async () => {
    const { desk: dana } = await signedIn()
    const { desk: sam } = await signedIn()
    const ticket = await dana.call('tickets.create', { subject: 'Invoices folder empty', channel: 'email', requester: { name: 'Lucía Fernández', email: 'lucia.fernandez@corp.example' } })
    const lucia = (await dana.call('tickets.get', { id: ticket.id })).requester.id
    await expect(dana.call('people.update', { id: lucia, edit: { aliases: ['not an address'] } })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await dana.call('people.update', { id: lucia, edit: { aliases: ['hr-team@corp.example', 'l.fernandez@old.example'] } })
    await dana.call('sync.now', {})
    await sam.call('sync.now', {})
    const second = await sam.call('tickets.create', { subject: 'Payroll export fails', channel: 'email', requester: { name: 'HR team', email: 'HR-Team@corp.example' } })
    const detail = await sam.call('tickets.get', { id: second.id })
    expect(detail.requester).toMatchObject({ id: lucia, name: 'Lucía Fernández', aliases: ['hr-team@corp.example', 'l.fernandez@old.example'] })
  })

  it('an unsent local edit is kept when a pull brings the same requester, field by field, until the server has merged it', async () => {
    // A desk working offline: the edit waits in its outbox.
    const desk = testDesk('2026-11-23T08:05:00+01:00', { background: false }, { realClock: true })
    const ticket = await desk.call('tickets.create', { subject: 'Badge does not open 3F', channel: 'walk-in', requester: { name: 'Olu Adeyemi' } })
    const olu = (await desk.call('tickets.get', { id: ticket.id })).requester
    await desk.call('people.update', { id: olu.id, edit: { location: 'HQ 5F' } })
    await desk.core.close()
    // The same desk file, and a pull page that says Olu is at the depot with a new phone.
    const db = new Database(join(desk.dir.path, 'desk.sqlite'))
    try {
      const outbox = new Outbox(db, new DeskClock(db))
      const applier = new PullApplier(db, () => undefined, new Quarantine(db, () => new Date()))
      applier.apply({ cursor: 1, more: false, agents: [], people: [{ ...olu, location: 'Depot', phone: '+1 555 0142' }], tickets: [], events: [] }, outbox.pendingFields())
      expect(db.prepare('SELECT location, phone FROM people WHERE id = ?').get(olu.id)).toEqual({ location: 'HQ 5F', phone: '+1 555 0142' })
    } finally {
      db.close()
      desk.dir.remove()
    }
  })

  it('refuses a requester edit the desk’s own form would refuse, alone and with its reason', async () => {
    const { account } = await signedIn()
    const person = uuidv7()
    const ticketId = uuidv7()
    const at = new Date(Date.now() - 60_000).toISOString()
    const stamp = (n: number) => `${String(Date.now() - 60_000).padStart(13, '0')}-${String(n).padStart(4, '0')}-hostile`
    const create = {
      seq: 1,
      mutationId: uuidv7(),
      kind: 'ticket.create',
      hlc: stamp(1),
      tickets: [{ id: ticketId, created: { provisionalNumber: 'INC-~beef', createdAt: at }, fields: { type: 'incident', status: 'new', channel: 'phone', subject: 'Printer offline', description: '', requester_id: person, impact: 'low', urgency: 'medium', priority: 'P4', priority_overridden: 0, updated_at: at } }],
      events: [],
      people: [{ id: person, name: 'Maria Ortiz', email: null, phone: null, department: null, location: null, vip: false }]
    }
    const edit = (seq: number, id: string, fields: Record<string, unknown>) => ({ seq, mutationId: uuidv7(), kind: 'person.update', hlc: stamp(seq), tickets: [], events: [], people: [], personChanges: [{ id, fields }] })
    const answer = await server.call('POST', '/api/sync/push', account.token, {
      clientId: uuidv7(),
      mutations: [create, edit(2, person, { name: '' }), edit(3, uuidv7(), { phone: '1' }), edit(4, person, { vip: null }), edit(5, person, { notes: 'bell\u0007' }), edit(6, person, { phone: '+1 555 0100' })]
    })
    expect(answer.status).toBe(200)
    const results = (answer.body.value as PushResponse).results.map((r) => [r.seq, r.status, r.code ?? null])
    expect(results).toEqual([
      [1, 'applied', null],
      [2, 'refused', 'INVALID_INPUT'],
      [3, 'refused', 'NOT_FOUND'],
      [4, 'refused', 'INVALID_INPUT'],
      [5, 'refused', 'INVALID_INPUT'],
      [6, 'applied', null]
    ])
    expect((await server.pool.query('SELECT name, phone, vip FROM people WHERE id = $1', [person])).rows[0]).toEqual({ name: 'Maria Ortiz', phone: '+1 555 0100', vip: false })
  })
})
