import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SearchHit } from '../../src/shared/domain'
import { testDesk } from '../support/desk'

const marked = (hit: SearchHit | undefined) => hit?.snippet.map((s) => (s.hit ? `[${s.text}]` : s.text)).join('')

describe('ticket search: hyphenated and joined forms match, as in article search (issue 23)', () => {
  let desk: ReturnType<typeof testDesk>
  let ids: Record<string, string>
  beforeEach(async () => {
    desk = testDesk()
    const subjects = {
      hyphenWifi: 'Wi-Fi drops in room 2',
      joinedWifi: 'wifi slow on 3F',
      hyphenMail: 'Cannot open e-mail',
      joinedMail: 'Email bounced',
      hyphenImage: 'Re-image the kiosk PC',
      joinedImage: 'Reimage failed at 40%',
      wiring: 'Fix the wiring in room 2',
      film: 'Wide film on the projector screen',
      lobby: 'Laptop offline in the lobby'
    }
    ids = {}
    for (const [key, subject] of Object.entries(subjects)) {
      ids[key] = (await desk.call('tickets.create', { subject, channel: 'phone', requester: { name: 'Maria Ortiz' } })).id
    }
    // Only the timeline says it: the note's words are searched too.
    await desk.call('tickets.comment', { id: ids.lobby!, visibility: 'internal', body: 'The guest Wi-Fi portal blocks the sign-in.' })
  })
  afterEach(() => desk.close())

  const found = async (query: string) => (await desk.call('tickets.search', { query })).map((h) => Object.keys(ids).find((k) => ids[k] === h.ticket.id)).sort()

  it.each([
    ['wifi', ['hyphenWifi', 'joinedWifi', 'lobby']],
    ['wi-fi', ['hyphenWifi', 'joinedWifi', 'lobby']],
    ['Wi-Fi', ['hyphenWifi', 'joinedWifi', 'lobby']],
    ['email', ['hyphenMail', 'joinedMail']],
    ['e-mail', ['hyphenMail', 'joinedMail']],
    ['reimage', ['hyphenImage', 'joinedImage']],
    ['re-image', ['hyphenImage', 'joinedImage']]
  ])('finds every ticket whichever form is typed: %s', async (query, expected) => {
    expect(await found(query)).toEqual(expected)
  })

  it('matches the last word as a prefix while it is typed, in either form', async () => {
    expect(await found('wif')).toEqual(['hyphenWifi', 'joinedWifi', 'lobby'])
    expect(await found('wi-f')).toEqual(['hyphenWifi', 'joinedWifi', 'lobby'])
    expect(await found('emai')).toEqual(['hyphenMail', 'joinedMail'])
  })

  it('keeps every typed word required, and finds no ticket that merely shares letters', async () => {
    expect(await found('wifi slow')).toEqual(['joinedWifi'])
    expect(await found('wi-fi room')).toEqual(['hyphenWifi'])
    expect(await found('wifi room')).toEqual(['hyphenWifi'])
    expect(await found('wiring')).toEqual(['wiring'])
    expect(await found('wifiroom')).toEqual([])
  })

  it('marks the form the ticket has, whichever form was typed', async () => {
    const hits = await desk.call('tickets.search', { query: 'wifi' })
    expect(marked(hits.find((h) => h.ticket.id === ids.hyphenWifi))).toBe('[Wi-Fi] drops in room 2')
    expect(marked(hits.find((h) => h.ticket.id === ids.joinedWifi))).toBe('[wifi] slow on 3F')
    expect(marked(hits.find((h) => h.ticket.id === ids.lobby))).toBe('The guest [Wi-Fi] portal blocks the sign-in.')
    const mail = await desk.call('tickets.search', { query: 'e-mail' })
    expect(marked(mail.find((h) => h.ticket.id === ids.joinedMail))).toBe('[Email] bounced')
    expect(marked(mail.find((h) => h.ticket.id === ids.hyphenMail))).toBe('Cannot open [e-mail]')
    const typing = await desk.call('tickets.search', { query: 'wif' })
    expect(marked(typing.find((h) => h.ticket.id === ids.hyphenWifi))).toBe('[Wi-Fi] drops in room 2')
  })
})
