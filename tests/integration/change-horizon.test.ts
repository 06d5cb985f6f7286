import { v7 as uuidv7 } from 'uuid'
import { afterEach, describe, expect, it } from 'vitest'
import { inChangeOrder } from '../../src/server/assets'
import { testDesk } from '../support/desk'
import { suiteServer } from '../support/suite-server'

type Desk = ReturnType<typeof testDesk>

/**
 * Writers take change sequences without a lock (migration 16): a slow server-side writer that took a
 * lower sequence may commit after a push that took a higher one. No desk waits for it, and no desk
 * reads past it: pulls stop below writers still running (change-horizon.ts).
 */
describe('change order without a lock: a slow writer neither holds pushes up nor is skipped by pulls', () => {
  const server = suiteServer()
  const desks: Desk[] = []
  afterEach(() => {
    for (const desk of desks.splice(0)) desk.close()
  })

  async function desk() {
    const d = testDesk(undefined, { background: false }, { realClock: true })
    desks.push(d)
    const account = await server.agent('agent')
    await d.call('sync.signIn', { serverUrl: server.url, email: account.email, password: 'correct horse battery' })
    return d
  }

  /** A server-side change to a ticket's subject (as mail intake or auto-close make them) that commits only when released. */
  function slowWriter(ticketId: string, subject: string) {
    let release = () => {}
    const released = new Promise<void>((r) => (release = r))
    let tookSequence = () => {}
    const took = new Promise<void>((r) => (tookSequence = r))
    const committed = inChangeOrder(
      server.pool,
      async (db) => {
        await db.query(`UPDATE tickets SET fields = fields || jsonb_build_object('subject', $2::text), change_seq = change_seq_next() WHERE id = $1`, [ticketId, subject])
        tookSequence()
        await released
        return { value: undefined, changed: true }
      },
      { tickets: [ticketId] }
    )
    return { took, release, committed }
  }

  it('a push goes through while a slower writer holds an earlier sequence, and the other desk gets both changes', async () => {
    const dana = await desk()
    const sam = await desk()
    const printer = await dana.call('tickets.create', { subject: 'Printer jams', channel: 'phone', requester: { name: 'Ines Park' } })
    const laptop = await dana.call('tickets.create', { subject: 'Laptop fan loud', channel: 'phone', requester: { name: 'Ines Park' } })
    await dana.call('sync.now', {})
    await sam.call('sync.now', {})

    // 1. A writer that outlasts a pull's wait (1 s): Dana's push is applied while it is still open,
    // and once it commits, Sam's next sync brings both its change and Dana's later one.
    const slow = slowWriter(printer.id, 'Printer jams (mail: still jamming)')
    await slow.took
    await dana.call('tickets.update', { id: laptop.id, subject: 'Laptop fan loud after update' })
    expect(await dana.call('sync.now', {})).toMatchObject({ state: 'online', pending: 0 })
    const onServer = async (id: string) => (await server.pool.query<{ subject: string }>("SELECT fields->>'subject' AS subject FROM tickets WHERE id = $1", [id])).rows[0]!.subject
    expect(await onServer(laptop.id)).toBe('Laptop fan loud after update')
    expect(await onServer(printer.id)).toBe('Printer jams')
    expect((await sam.call('sync.now', {})).state).toBe('online')
    slow.release()
    await slow.committed
    await sam.call('sync.now', {})
    expect((await sam.call('tickets.get', { id: printer.id })).ticket.subject).toBe('Printer jams (mail: still jamming)')
    expect((await sam.call('tickets.get', { id: laptop.id })).ticket.subject).toBe('Laptop fan loud after update')

    // 2. A writer that commits while a pull waits for it: that same sync brings its change.
    const quick = slowWriter(printer.id, 'Printer jams (mail: fixed by toner)')
    await quick.took
    const pulling = sam.call('sync.now', {})
    setTimeout(quick.release, 200)
    await pulling
    await quick.committed
    expect((await sam.call('tickets.get', { id: printer.id })).ticket.subject).toBe('Printer jams (mail: fixed by toner)')
  })

  it('a team change that commits after a newer one still reaches a desk that pulled in between', async () => {
    const sam = await desk()
    const admin = await server.agent('admin')
    // A group added by a slow server-side writer (as a directory sync makes them): it takes its
    // sequence first and commits last.
    const slowGroup = uuidv7()
    let release = () => {}
    const released = new Promise<void>((r) => (release = r))
    let tookSequence = () => {}
    const took = new Promise<void>((r) => (tookSequence = r))
    const committed = inChangeOrder(server.pool, async (db) => {
      await db.query("INSERT INTO team_groups (id, name, tier, change_seq) VALUES ($1, 'Field Services', 'L2', change_seq_next())", [slowGroup])
      tookSequence()
      await released
      return { value: undefined, changed: true }
    })
    await took
    // An admin's group, later in sequence, committed first; Sam pulls while the slow one is open.
    const quickGroup = uuidv7()
    expect((await server.call('PUT', `/api/groups/${quickGroup}`, admin.token, { name: 'Network Operations', tier: 'L2' })).status).toBe(200)
    await sam.call('sync.now', {})
    const names = async () => (await sam.call('desk.directory', {})).groups.map((g) => g.name)
    expect(await names()).not.toContain('Field Services')

    release()
    await committed
    await sam.call('sync.now', {})
    // Had Sam been sent the admin's version, the slow group (with a lower one) would never come.
    expect(await names()).toEqual(expect.arrayContaining(['Field Services', 'Network Operations']))
  })
})
