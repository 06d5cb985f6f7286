import { afterEach, describe, expect, it, vi } from 'vitest'
import Database from 'better-sqlite3'
import type { ArticleDraft } from '../../src/shared/knowledge'
import { testDesk } from '../support/desk'
import { machine } from '../support/snapshot'

let desk: ReturnType<typeof testDesk>
afterEach(() => desk?.close())

const published = (draft: Omit<ArticleDraft, 'status'>): ArticleDraft => ({ ...draft, status: 'published' })

describe('knowledge search', () => {
  it('finds by synonym and by word prefix, highlights what matched, and filters by tag, category and applies-to', async () => {
    desk = testDesk()
    await desk.call('kb.save', published({ title: 'Reset a forgotten password', body: 'Use the self-service portal to **reset** it.', tags: ['accounts'], category: 'Accounts' }))
    await desk.call('kb.save', published({ title: 'Printer offline on 2F', body: 'Power-cycle the printer, then re-add it.', tags: ['printing'], category: 'Printing', appliesTo: { os: ['Windows 11'], apps: [], models: [] } }))
    await desk.call('kb.save', { title: 'Draft about printers', body: 'Not ready.', status: 'draft' })
    const byPw = await desk.call('kb.search', { text: 'pw reset' })
    expect(byPw.map((h) => h.title)).toEqual(['Reset a forgotten password'])
    expect(byPw[0]!.snippet.filter((s) => s.hit).map((s) => s.text.toLowerCase())).toContain('reset')
    expect((await desk.call('kb.search', { text: 'mfp' })).map((h) => h.title)).toEqual(['Printer offline on 2F'])
    expect((await desk.call('kb.search', { text: 'prin' })).map((h) => h.title)).toEqual(['Printer offline on 2F'])
    // Drafts only where authors look for them.
    expect((await desk.call('kb.search', { text: 'printers', includeDrafts: true })).map((h) => h.title)).toContain('Draft about printers')
    expect((await desk.call('kb.search', { text: '', category: 'Accounts' })).map((h) => h.title)).toEqual(['Reset a forgotten password'])
    expect((await desk.call('kb.search', { text: '', tag: 'PRINTING' })).map((h) => h.title)).toEqual(['Printer offline on 2F'])
    expect((await desk.call('kb.search', { text: '', appliesTo: 'windows 11' })).map((h) => h.title)).toEqual(['Printer offline on 2F'])
    // FTS5 syntax typed by a person is just words.
    expect(await desk.call('kb.search', { text: 'NEAR(printer "offline") OR title:* -x' })).toEqual(expect.any(Array))
  })

  it('weighs up the article that applies to the requester’s own machine', async () => {
    desk = testDesk()
    await desk.call('kb.save', published({ title: 'Wi-Fi drops after update', body: 'Forget the network and rejoin.', appliesTo: { os: ['macOS'], apps: [], models: [] } }))
    await desk.call('kb.save', published({ title: 'Wi-Fi drops after update (driver)', body: 'Roll back the wireless driver.', appliesTo: { os: ['Windows 11'], apps: [], models: [] } }))
    const requester = async (name: string, snapshot: ReturnType<typeof machine>) => {
      const ticket = await desk.call('tickets.create', { subject: 'wifi drops after update', channel: 'chat', requester: { name } })
      const person = (await desk.call('tickets.get', { id: ticket.id })).requester
      await desk.call('inventory.record', { snapshot, ownerId: person.id })
      return person.id
    }
    const onWindows = await requester('Olu Adeyemi', machine({ hostname: 'LT-OLU', serial: 'W-1', macs: ['3c:52:82:00:01:01'] }))
    const onMac = await requester('Diego Silva', machine({ hostname: 'MB-DIEGO', serial: 'M-1', macs: ['3c:52:82:00:01:02'], os: { platform: 'macos', distro: 'macOS', release: '15.1' } }))
    expect((await desk.call('kb.suggest', { subject: 'wifi drops after update' })).every((h) => h.appliesMatch.length === 0)).toBe(true)
    expect((await desk.call('kb.suggest', { subject: 'wifi drops after update', requesterId: onWindows }))[0]).toMatchObject({ title: 'Wi-Fi drops after update (driver)', appliesMatch: ['Windows 11'] })
    expect((await desk.call('kb.suggest', { subject: 'wifi drops after update', requesterId: onMac }))[0]).toMatchObject({ title: 'Wi-Fi drops after update', appliesMatch: ['macOS'] })
  })

  it('notes the searches that found nothing as knowledge gaps, and the articles not reviewed in a year', async () => {
    desk = testDesk()
    desk.at('2025-06-01T10:00')
    await desk.call('kb.save', published({ title: 'Old fax machine guide', body: 'Dial 9 first.' }))
    desk.at('2026-11-23T10:00')
    await desk.call('kb.save', published({ title: 'New laptop setup', body: 'Sign in, then enrol.' }))
    await desk.call('kb.search', { text: 'docking station firmware' })
    await desk.call('kb.search', { text: 'docking station firmware' })
    await desk.call('kb.search', { text: 'laptop' })
    // What the console asks while the person is still typing is not counted.
    for (const prefix of ['d', 'do', 'doc', 'dock']) await desk.call('kb.search', { text: prefix, log: false })
    const report = await desk.call('kb.report', {})
    expect(report.gaps).toEqual([expect.objectContaining({ query: 'docking station firmware', times: 2 })])
    expect(report.stale.map((a) => a.title)).toEqual(['Old fax machine guide'])
  })
})

describe('articles', () => {
  it('keeps every save as a version and shows what changed between any two', async () => {
    desk = testDesk()
    const first = await desk.call('kb.save', { title: 'VPN error 809', body: '1. Check UDP 500.\n2. Reinstall the profile.\n' })
    await desk.call('kb.save', { id: first.id, title: 'VPN error 809 after update', body: '1. Check UDP 500 and 4500.\n2. Reinstall the profile.\n', status: 'published' })
    const third = await desk.call('kb.save', { id: first.id, title: 'VPN error 809 after update', body: '1. Check UDP 500 and 4500.\n2. Reinstall the profile.\n3. Escalate to Network.\n', status: 'published' })
    expect(third.version).toBe(3)
    expect((await desk.call('kb.versions', { id: first.id })).map((v) => [v.version, v.status])).toEqual([
      [3, 'published'],
      [2, 'published'],
      [1, 'draft']
    ])
    const diff = await desk.call('kb.diff', { id: first.id, from: 1, to: 3 })
    expect(diff.filter((d) => d.kind === 'removed').map((d) => d.text)).toEqual(['# VPN error 809\n', '1. Check UDP 500.\n'])
    expect(diff.filter((d) => d.kind === 'added').map((d) => d.text)).toEqual(['# VPN error 809 after update\n', '1. Check UDP 500 and 4500.\n', '3. Escalate to Network.\n'])
    await expect(desk.call('kb.diff', { id: first.id, from: 1, to: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('drafts an article from a resolved ticket’s symptoms, handoff and resolution, quoting them as text', async () => {
    desk = testDesk()
    const directory = await desk.call('desk.directory', {})
    const network = directory.groups.find((g) => g.tier === 'L2')!
    const ticket = await desk.call('tickets.create', { subject: 'VPN fails with error 809', channel: 'phone', requester: { name: 'Henrik Larsen' }, description: 'Since Monday, from home. <b>urgent</b>' })
    await desk.call('tickets.escalate', { id: ticket.id, groupId: network.id, handoff: { symptoms: 'Error 809 at connect', tried: 'Reinstalled the profile', findings: 'Router blocks UDP 4500', nextStep: 'Check the gateway' } })
    await desk.call('tickets.setStatus', { id: ticket.id, status: 'in_progress' })
    await desk.call('tickets.setStatus', { id: ticket.id, status: 'resolved', resolution: { code: 'workaround', notes: 'Enabled IPsec passthrough on the home router.' } })
    const draft = await desk.call('kb.draftFromTicket', { ticketId: ticket.id })
    expect(draft).toMatchObject({ title: 'VPN fails with error 809', status: 'draft' })
    expect(draft.body).toContain('## Symptoms\n\n- Since Monday, from home. \\<b\\>urgent\\</b\\>\n- Error 809 at connect')
    expect(draft.body).toContain('## What was tried\n\n- Reinstalled the profile')
    expect(draft.body).toContain('## Findings\n\n- Router blocks UDP 4500')
    expect(draft.body).toContain('## Resolution\n\n- Enabled IPsec passthrough on the home router.')
    expect((await desk.call('kb.excerpt', { id: draft.id })).text).toContain('Since Monday, from home. <b>urgent</b>')
  })
})

describe('knowledge import', () => {
  const good = (n: number) => ({ name: `kb/article-${n}.md`, text: `---\ntitle: Article ${n}\ntags: [vpn, remote]\ncategory: Network\nos: Windows 11\n---\n# Article ${n}\n\nStep one.\n` })

  it('keeps the front matter of a file saved with a byte-order mark', async () => {
    desk = testDesk()
    const preview = await desk.call('kb.importPreview', { files: [{ ...good(7), text: `\uFEFF${good(7).text}` }] })
    expect(preview.errors).toEqual([])
    expect(preview.articles).toEqual([{ file: 'kb/article-7.md', title: 'Article 7', tags: ['vpn', 'remote'], category: 'Network' }])
  })

  it('previews every file, names each one it cannot read, and imports nothing while any is wrong', async () => {
    desk = testDesk()
    const files = [
      good(1),
      { name: 'kb/broken.md', text: '---\ntitle: [unclosed\n---\nBody' },
      { name: 'kb/bad-status.md', text: '---\ntitle: Fine title\nstatus: live\n---\nBody' },
      { name: 'kb/notes.txt', text: 'plain text' },
      { name: 'export.csv', text: 'title,body,tags\nPrinter jams,Open the tray,printing\n,No title here,\n' }
    ]
    const preview = await desk.call('kb.importPreview', { files })
    expect(preview.articles.map((a) => a.title)).toEqual(['Article 1', 'Printer jams'])
    expect(preview.errors.map((e) => e.file)).toEqual(['kb/broken.md', 'kb/bad-status.md', 'kb/notes.txt', 'export.csv line 3'])
    expect(preview.errors[0]!.message).toMatch(/front matter is not valid YAML/)
    expect(preview.errors[1]!.message).toMatch(/^status: /)
    await expect(desk.call('kb.import', { files })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Nothing was imported: 4 files could not be read.') })
    expect(await desk.call('kb.search', { text: '', includeDrafts: true })).toEqual([])
  })

  it('imports a folder of markdown with front matter, reporting progress', async () => {
    desk = testDesk()
    const progress: number[] = []
    desk.core.events.on('kb.importProgress', ({ done }) => progress.push(done))
    const result = await desk.call('kb.import', { files: Array.from({ length: 600 }, (_, i) => good(i + 1)) })
    expect(result).toEqual({ imported: 600 })
    expect(progress).toEqual([250, 500, 600])
    const [hit] = await desk.call('kb.search', { text: 'article 42' })
    expect(hit).toMatchObject({ title: 'Article 42', category: 'Network', tags: ['vpn', 'remote'] })
    expect((await desk.call('kb.get', { id: hit!.id })).appliesTo.os).toEqual(['Windows 11'])
  })

  it('writes an import a slice at a time, the desk answering between slices, and hands it to the team only whole', async () => {
    desk = testDesk()
    const reader = new Database(desk.core.dataFile, { readonly: true })
    const count = (sql: string) => reader.prepare(sql).pluck().get() as number
    // Turns of the event loop taken while the import writes: none, when it writes in one transaction.
    let turns = 0
    let writing = false
    const turn = () => {
      if (writing) turns++
      if (writing || turns === 0) setImmediate(turn)
    }
    const atQuarter: Array<{ written: number; forTheTeam: number }> = []
    desk.core.events.on('kb.importProgress', ({ done }) => {
      if (done === 250) {
        writing = true
        setImmediate(turn)
        // Another connection sees the first slices committed; none of them is yet among what a sync sends.
        atQuarter.push({ written: count('SELECT count(*) FROM kb_articles'), forTheTeam: count('SELECT count(*) FROM kb_versions WHERE shared = 0') })
      }
    })
    await desk.call('kb.import', { files: Array.from({ length: 2_000 }, (_, i) => good(i + 1)) })
    writing = false
    expect(atQuarter).toEqual([{ written: 250, forTheTeam: 0 }])
    expect(turns).toBeGreaterThan(0)
    expect(count('SELECT count(*) FROM kb_versions WHERE shared = 0')).toBe(2_000)
    reader.close()
  })

  it('refuses a second import while one is under way, and takes the next once it has finished', async () => {
    desk = testDesk()
    const files = Array.from({ length: 600 }, (_, i) => good(i + 1))
    const first = desk.call('kb.import', { files })
    await expect(desk.call('kb.import', { files: [good(601)] })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('under way') })
    expect(await first).toEqual({ imported: 600 })
    expect(await desk.call('kb.import', { files: [good(601)] })).toEqual({ imported: 1 })
  })

  it('builds the suggestion index a slice at a time, answering the console meanwhile', async () => {
    desk = testDesk()
    await desk.call('kb.import', { files: Array.from({ length: 2_000 }, (_, i) => good(i + 1)) })
    // The first suggestion builds the index; a queue page asked once it has given way is answered before it.
    const order: string[] = []
    let asked: Promise<unknown> | undefined
    setImmediate(() => (asked = desk.call('tickets.list', { open: true }).then(() => order.push('queue page'))))
    const hits = await desk.call('kb.suggest', { subject: 'Article 42 on the vpn', description: '' })
    order.push('suggestion')
    await asked
    expect(order).toEqual(['queue page', 'suggestion'])
    expect(hits[0]?.title).toBe('Article 42')
  })

  it('takes out what an import wrote when a write fails part way, and leaves the articles that were there', async () => {
    desk = testDesk()
    await desk.call('kb.save', published({ title: 'Reset a forgotten password', body: 'Use the portal.' }))
    const other = new Database(desk.core.dataFile)
    other.exec("CREATE TRIGGER full_disk BEFORE INSERT ON kb_articles WHEN new.title = 'Article 900' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    await expect(desk.call('kb.import', { files: Array.from({ length: 1_200 }, (_, i) => good(i + 1)) })).rejects.toThrow()
    other.exec('DROP TRIGGER full_disk')
    expect((await desk.call('kb.search', { text: '', includeDrafts: true })).map((h) => h.title)).toEqual(['Reset a forgotten password'])
    expect(other.prepare('SELECT count(*) FROM kb_versions').pluck().get()).toBe(1)
    other.close()
  })

  it('takes out an import the desk closed under when it next opens, unless it wrote in the last ten minutes (another process may be importing)', async () => {
    desk = testDesk()
    let closing: Promise<void> | undefined
    desk.core.events.on('kb.importProgress', ({ done }) => {
      if (done === 500) closing = desk.core.close()
    })
    await expect(desk.call('kb.import', { files: Array.from({ length: 1_500 }, (_, i) => good(i + 1)) })).rejects.toThrow()
    await closing
    const held = () => {
      const file = new Database(desk.core.dataFile, { readonly: true })
      const n = file.prepare('SELECT count(*) FROM kb_versions').pluck().get() as number
      file.close()
      return n
    }
    expect(held()).toBeGreaterThanOrEqual(500)
    desk.reopen()
    await new Promise((r) => setTimeout(r, 50))
    expect(held()).toBeGreaterThanOrEqual(500)
    desk.clock.now = new Date(desk.clock.now.getTime() + 11 * 60_000)
    desk.reopen()
    await vi.waitFor(() => expect(held()).toBe(0))
    expect(await desk.call('kb.search', { text: '', includeDrafts: true })).toEqual([])
  })
})
