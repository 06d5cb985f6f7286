import { v7 as uuidv7 } from 'uuid'
import { afterEach, expect, it } from 'vitest'
import type { PullPage } from '../../src/shared/sync'
import { SearchDeferral } from '../../src/main/core/store/search-deferral'
import { SyncState } from '../../src/main/core/store/sync-state'
import { pullDesk } from '../support/pull-desk'
import { testInstant } from '../support/test-clock'

const now = () => testInstant('2026-11-24T11:00:00+01:00')
const desks: Array<ReturnType<typeof pullDesk>> = []
afterEach(() => desks.splice(0).forEach((d) => d.close()))

let made = 0

/** One pulled ticket with a note on its timeline. */
function pulledTicket(subject: string, note: string): PullPage {
  const id = uuidv7()
  made++
  const at = testInstant('2026-11-23T09:00:00+01:00').toISOString()
  const requester = { id: uuidv7(), name: 'Ada Okafor', email: `requester.${made}@corp.example`, phone: null, department: 'Finance', location: null, vip: false }
  return {
    cursor: 1,
    more: false,
    agents: [],
    people: [requester],
    tickets: [
      {
        id,
        number: `INC-${1000 + made}`,
        createdAt: at,
        fields: { type: 'incident', status: 'new', channel: 'phone', subject, description: 'Reported by phone.', requester_id: requester.id, impact: 'medium', urgency: 'high', priority: 'P2', updated_at: at },
        clocks: {}
      }
    ],
    events: [
      { id: uuidv7(), ticketId: id, at, authorId: null, kind: 'created', data: '{"channel":"phone"}', body: null },
      { id: uuidv7(), ticketId: id, at, authorId: null, kind: 'note', data: JSON.stringify({ body: note }), body: note }
    ]
  }
}

/** A fresh desk whose search is deferred, as a first sync's is, and a count of the rows an index finds. */
function deferredDesk() {
  const desk = pullDesk(now)
  desks.push(desk)
  const search = new SearchDeferral(desk.db, new SyncState(desk.db))
  search.defer()
  const found = (index: 'tickets_fts' | 'events_fts' | 'people_fts', words: string) => desk.db.prepare(`SELECT count(*) FROM ${index} WHERE ${index} MATCH ?`).pluck().get(words)
  return { desk, search, found }
}

it('a pull that indexes search in two turns finds what was pulled and what was logged between the turns', async () => {
  const { desk, search, found } = deferredDesk()
  desk.applier.apply(pulledTicket('Docking station drops the monitors', 'Swapped the dock cable'), new Map())
  // Deferred: not found until the catch-up.
  expect(found('tickets_fts', 'docking')).toBe(0)
  await search.catchUpInTurns(async () => {
    // Between the turns a technician logs a ticket of their own (another page, a note), and the triggers still stand aside.
    desk.applier.apply(pulledTicket('Badge reader refuses the new hire', 'Reissued the xylophone badge'), new Map())
    desk.db.prepare("UPDATE tickets SET subject = 'Docking station flickers' WHERE subject LIKE 'Docking%'").run()
  })
  expect(found('tickets_fts', 'docking')).toBe(1)
  expect(found('tickets_fts', 'flickers')).toBe(1)
  expect(found('tickets_fts', 'monitors')).toBe(0)
  expect(found('tickets_fts', 'badge')).toBe(1)
  expect(found('events_fts', 'cable')).toBe(1)
  // Logged between the turns: the second turn indexes it.
  expect(found('events_fts', 'xylophone')).toBe(1)
  // The triggers work again: a note logged now is found at once.
  desk.applier.apply(pulledTicket('Laptop will not wake', 'Replaced the marimba battery'), new Map())
  expect(found('events_fts', 'marimba')).toBe(1)
})

it('a catch-up stopped between its turns leaves the mark, and the desk rebuilds both indexes as it next opens', async () => {
  const { desk, search, found } = deferredDesk()
  desk.applier.apply(pulledTicket('VPN drops every hour', 'Renewed the certificate'), new Map())
  await expect(
    search.catchUpInTurns(() => {
      desk.applier.apply(pulledTicket('Scanner shows offline', 'Reset the glockenspiel share'), new Map())
      return Promise.reject(new Error('the desk is closing'))
    })
  ).rejects.toThrow('closing')
  expect(found('tickets_fts', 'vpn')).toBe(0)
  search.catchUpOnOpen()
  expect(found('tickets_fts', 'vpn')).toBe(1)
  expect(found('tickets_fts', 'scanner')).toBe(1)
  expect(found('events_fts', 'glockenspiel')).toBe(1)
})

/** A page of the directory alone, as a first sync's first pages are. */
function pulledPeople(...names: string[]): PullPage {
  return {
    cursor: 1,
    more: true,
    agents: [],
    people: names.map((name) => ({ id: uuidv7(), name, email: `person.${++made}@corp.example`, phone: null, department: 'Finance', location: null, vip: false })),
    tickets: [],
    events: []
  }
}

it('the requesters pulled while deferred are found once the directory has landed, and the triggers work again', () => {
  const { desk, search, found } = deferredDesk()
  const directory = pulledPeople('Grete Vasquez', 'Ingrid Mbeki')
  desk.applier.apply(directory, new Map())
  expect(found('people_fts', 'vasquez')).toBe(0)
  // Renamed while deferred (a later page of the directory): the index is made from the rows as they are.
  desk.applier.apply({ ...directory, people: [{ ...(directory.people[1] as object), name: 'Ingrid Okonkwo' }] }, new Map())
  expect(search.catchUpPeople()).toBe(true)
  expect(found('people_fts', 'vasquez')).toBe(1)
  expect(found('people_fts', 'okonkwo')).toBe(1)
  expect(found('people_fts', 'mbeki')).toBe(0)
  // Once only; the tickets' and timeline's indexes still wait for the sync's end.
  expect(search.catchUpPeople()).toBe(false)
  desk.applier.apply(pulledTicket('Outlook asks for the password again', 'Cleared the saxophone credentials'), new Map())
  expect(found('tickets_fts', 'outlook')).toBe(0)
  expect(found('people_fts', 'okafor')).toBe(1)
  desk.applier.apply(pulledPeople('Tomasz Lindqvist'), new Map())
  expect(found('people_fts', 'lindqvist')).toBe(1)
})

it('a pull of people only indexes them at its end, and a desk closed before then as it next opens', async () => {
  const { desk, search, found } = deferredDesk()
  desk.applier.apply(pulledPeople('Priya Castellanos'), new Map())
  let turns = 0
  await search.catchUpInTurns(async () => void turns++)
  expect(found('people_fts', 'castellanos')).toBe(1)
  expect(turns).toBeGreaterThan(0)

  const closed = deferredDesk()
  closed.desk.applier.apply(pulledPeople('Oskar Abernathy'), new Map())
  closed.search.catchUpOnOpen()
  expect(closed.found('people_fts', 'abernathy')).toBe(1)
})
