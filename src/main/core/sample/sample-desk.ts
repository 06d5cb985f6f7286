import type { Database } from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import type { Channel, Impact, Person, TicketType, Urgency } from '../../../shared/domain'
import type { Directory } from '../store/directory'
import { AssetStore } from '../inventory/asset-store'
import { normalize } from '../inventory/normalize'
import type { RawInventory } from '../inventory/raw-inventory'
import { ArticleStore } from '../knowledge/article-store'
import { sampleArticles } from './sample-articles'
import { sampleMachines } from './sample-machines'
import { DeskClock } from '../store/desk-clock'
import { Outbox } from '../store/outbox'
import type { TicketReads } from '../store/ticket-reads'
import { TicketWrites } from '../store/ticket-writes'
import { priorityOf } from '../../../shared/priority'
import { businessMinutesBetween, type BusinessCalendar } from '../rules/business-calendar'
import { numberPrefix } from '../rules/ticket-number'

const people: Array<Omit<Person, 'id'>> = [
  { name: 'Maria Ortiz', email: 'maria.ortiz@corp.example', phone: '+1 555 0101', department: 'Finance', location: 'HQ 4F', vip: true },
  { name: 'James Chen', email: 'james.chen@corp.example', phone: '+1 555 0102', department: 'Sales', location: 'HQ 2F', vip: false },
  { name: 'Aisha Khan', email: 'aisha.khan@corp.example', phone: '+1 555 0103', department: 'Engineering', location: 'Lab B', vip: false },
  { name: 'Tom Becker', email: 'tom.becker@corp.example', phone: '+1 555 0104', department: 'Warehouse', location: 'Depot', vip: false },
  { name: 'Lucía Fernández', email: 'lucia.fernandez@corp.example', phone: '+1 555 0105', department: 'HR', location: 'HQ 3F', vip: false },
  { name: 'Olu Adeyemi', email: 'olu.adeyemi@corp.example', phone: '+1 555 0106', department: 'Executive', location: 'HQ 5F', vip: true },
  { name: 'Priya Nair', email: 'priya.nair@corp.example', phone: '+1 555 0107', department: 'Marketing', location: 'HQ 2F', vip: false },
  { name: 'Henrik Larsen', email: 'henrik.larsen@corp.example', phone: '+1 555 0108', department: 'Legal', location: 'HQ 5F', vip: false },
  { name: 'Grace Kim', email: 'grace.kim@corp.example', phone: '+1 555 0109', department: 'Finance', location: 'HQ 4F', vip: false },
  { name: 'Diego Silva', email: 'diego.silva@corp.example', phone: '+1 555 0110', department: 'Support', location: 'Remote', vip: false }
]

const colleagues = [
  { name: 'Dana Whitfield', email: 'dana@corp.example', tier: 'L1' },
  { name: 'Sam Okafor', email: 'sam@corp.example', tier: 'L1' },
  { name: 'Rui Costa', email: 'rui@corp.example', group: 'Network' },
  { name: 'Lee Morgan', email: 'lee@corp.example', tier: 'L1' }
] as const

interface Case {
  subject: string
  type: TicketType
  channel: Channel
  description: string
  impact: Impact
  urgency: Urgency
  /** The sample article that fixes it: a resolved sample ticket marks it "This solved it", so suggestions have history to learn from. */
  fix?: string
}

const cases: Case[] = [
  { subject: 'Outlook keeps asking for my password', type: 'incident', channel: 'phone', description: 'Prompt loops since this morning’s password change.', impact: 'low', urgency: 'high', fix: 'Outlook password prompt loop after password change' },
  { subject: 'VPN fails with error 809', type: 'incident', channel: 'email', description: 'Started after Monday’s update. Home network, Windows 11.', impact: 'low', urgency: 'high', fix: 'VPN error 809 after a Windows update' },
  { subject: 'Laptop will not charge', type: 'incident', channel: 'walk-in', description: 'Charging light blinks amber; battery at 3%.', impact: 'low', urgency: 'medium', fix: 'Laptop will not charge: check battery health first' },
  { subject: 'New starter: accounts and laptop for Finance', type: 'service_request', channel: 'portal', description: 'Starts on the 1st. Needs ERP read access.', impact: 'low', urgency: 'low' },
  { subject: 'Printer on 2F jams on every job', type: 'incident', channel: 'chat', description: 'HP LaserJet by the kitchen.', impact: 'medium', urgency: 'medium', fix: 'Printer jams on every job' },
  { subject: 'Request: second monitor', type: 'service_request', channel: 'portal', description: '27" preferred, USB-C if possible.', impact: 'low', urgency: 'low', fix: 'Request a second monitor' },
  { subject: 'Shared drive S: not mapped after login', type: 'incident', channel: 'phone', description: 'Other drives fine.', impact: 'medium', urgency: 'high', fix: 'Shared drive not mapped after login' },
  { subject: 'Recurring VPN drops across remote staff', type: 'problem', channel: 'email', description: 'Several incidents this week point at the same gateway.', impact: 'high', urgency: 'medium' },
  { subject: 'Upgrade Wi-Fi controller firmware', type: 'change', channel: 'portal', description: 'Vendor advisory; window Saturday 06:00.', impact: 'medium', urgency: 'low' },
  { subject: 'Teams camera not detected', type: 'incident', channel: 'chat', description: 'Works in the Camera app, not in Teams.', impact: 'low', urgency: 'medium', fix: 'Teams does not see the camera' },
  { subject: 'Reset MFA after phone replacement', type: 'service_request', channel: 'phone', description: 'Old phone was lost; identity verified by manager.', impact: 'low', urgency: 'high', fix: 'Reset MFA after a phone is replaced' },
  { subject: 'ERP down for the whole Finance floor', type: 'incident', channel: 'phone', description: 'Nobody on 4F can log in to the ERP since 09:10.', impact: 'high', urgency: 'high' }
]

export const sampleSize = { people: people.length, tickets: 36 }

/** The instant from which `minutes` business minutes have passed by `now` (a bisection: the calendar only counts forward). */
function businessMinutesAgo(calendar: BusinessCalendar, minutes: number, now: Date): Date {
  let early = now.getTime() - 60 * 86_400_000
  let late = now.getTime()
  while (late - early > 1_000) {
    const mid = (early + late) / 2
    if (businessMinutesBetween(calendar, new Date(mid), now) > minutes) early = mid
    else late = mid
  }
  return new Date(late)
}

/**
 * A believable desk to explore on first run, written through the same workflow code as real work
 * (so timelines, SLA clocks and links are real), on a clock walked back over the last ten days.
 * It is local only: nothing it writes is queued for the desk server.
 */
export function loadSampleDesk(db: Database, directory: Directory, reads: TicketReads, now: Date): string[] {
  let clock = new Date(now.getTime() - 10 * 86_400_000)
  const outbox = new Outbox(db, new DeskClock(db))
  const writes = new TicketWrites(db, directory, reads, outbox, () => clock)
  const later = (minutes: number) => (clock = new Date(Math.min(clock.getTime() + minutes * 60_000, now.getTime())))
  const ids: string[] = []

  db.transaction(() => {
    const outboxBefore = outbox.lastSeq()
    const requesters = people.map((p) => ({ ...p, id: uuidv7() }))
    requesters.forEach((p) => directory.insertPerson(p))
    const groups = directory.groups()
    for (const c of colleagues) {
      const group = 'group' in c ? groups.find((g) => g.name === c.group) : groups.find((g) => g.tier === c.tier)
      directory.addTechnician(c.name, c.email, group?.id ?? null)
    }
    const network = groups.find((g) => g.name === 'Network')!
    // Written before the tickets that use them, as they would have been.
    const articles = new ArticleStore(db, () => clock, () => null, false)
    const articleIds = new Map(sampleArticles.map((draft) => [draft.title, articles.save(draft).id]))
    const me = directory.me().id
    const counters: Record<TicketType, number> = { incident: 1000, service_request: 500, problem: 40, change: 80 }
    const vpnIncidents: string[] = []
    let problemId: string | null = null

    for (let i = 0; i < sampleSize.tickets; i++) {
      const c = cases[i % cases.length]!
      clock = new Date(now.getTime() - (sampleSize.tickets - i) * 6.5 * 3_600_000)
      // The newest ticket has used 80% of its resolution time: the amber "at risk" state is always on show.
      if (i === sampleSize.tickets - 1) {
        const target = directory.slaPolicies()[priorityOf(c.impact, c.urgency)].resolutionMinutes
        clock = businessMinutesAgo(directory.calendar(), target * 0.8, now)
      }
      const requester = requesters[(i * 7) % requesters.length]!
      const ticket = writes.create({ ...c, requester: { id: requester.id } })
      counters[c.type] += 1
      writes.renumber(ticket.id, `${numberPrefix[c.type]}-${counters[c.type]}`)
      ids.push(ticket.id)
      if (c.subject.startsWith('VPN')) vpnIncidents.push(ticket.id)
      if (c.type === 'problem') problemId = ticket.id
      // A change is planned for the coming Saturday's window and approved before anyone works on it.
      if (c.type === 'change') {
        const saturday = new Date(now.getTime() + (((6 - now.getDay() + 7) % 7) || 7) * 86_400_000)
        saturday.setHours(6, 0, 0, 0)
        writes.update({ id: ticket.id, changeType: 'normal', risk: 'medium', plannedStart: saturday.toISOString(), plannedEnd: new Date(saturday.getTime() + 2 * 3_600_000).toISOString(), backoutPlan: 'Restore the previous firmware from the controller’s backup slot.' })
        writes.decideChange({ id: ticket.id, decision: 'approved', reason: 'Vendor advisory; weekend window, back-out tested.' })
      }

      // Walk some tickets through the day's work; the newest stay untouched in the queue.
      const stage = i % 6
      if (i >= sampleSize.tickets - 5 || stage === 0) continue
      later(12)
      writes.comment({ id: ticket.id, visibility: 'public', body: `Hi ${requester.name.split(' ')[0]}, we are looking into this now.`, minutes: 5 })
      later(20)
      if (stage === 1) {
        writes.assign({ id: ticket.id, assigneeId: me })
        continue
      }
      writes.setStatus({ id: ticket.id, status: 'in_progress' })
      if (c.subject.startsWith('VPN') && i > cases.length) {
        later(30)
        writes.escalate({
          id: ticket.id,
          groupId: network.id,
          handoff: {
            symptoms: 'VPN connect fails with error 809 since Monday’s update.',
            tried: 'Reinstalled the VPN profile; checked credentials; tested on a phone hotspot (same error).',
            findings: 'Error 809 only on Windows 11 24H2 machines; UDP 500/4500 look blocked at the gateway.',
            nextStep: 'Check the gateway NAT-T settings after the update.'
          }
        })
      } else if (stage === 2) {
        later(45)
        writes.setStatus({ id: ticket.id, status: 'pending', pendingReason: 'requester' })
      } else if (stage === 4 || stage === 5) {
        later(60)
        writes.comment({ id: ticket.id, visibility: 'internal', body: 'Checked event log; matched the known fix.', minutes: 15 })
        if (c.fix) writes.articleUsed(ticket.id, { id: articleIds.get(c.fix)!, title: c.fix }, true)
        writes.setStatus({
          id: ticket.id,
          status: 'resolved',
          resolution: { code: stage === 4 ? 'solved_first_contact' : 'solved', notes: 'Applied the documented fix; requester confirmed.' }
        })
        if (stage === 5) {
          later(24 * 60)
          writes.setStatus({ id: ticket.id, status: 'closed' })
          writes.recordSatisfaction({ id: ticket.id, score: 4 + (i % 2), comment: 'Quick and friendly.' })
        }
      }
    }
    clock = now
    if (problemId) for (const incident of vpnIncidents) writes.link({ id: problemId, otherId: incident, relation: 'explains' })
    outbox.dropAfter(outboxBefore)
    addSampleMachines(db, now, (name) => requesters.find((p) => p.name === name)!.id)
    directory.setMeta('sample_loaded_at', now.toISOString())
  })()
  return ids
}

/**
 * A few machines for the sample requesters, dated relative to today so the fleet view always has
 * something to show: a laptop with a worn battery and a warranty about to end, a Windows 10
 * desktop past its refresh date with a full disk, a MacBook, and a Linux desktop whose disk was
 * replaced (two snapshots each for those that changed, so there is a diff to read).
 */
function addSampleMachines(db: Database, now: Date, ownerId: (name: string) => string): void {
  const assets = new AssetStore(db, () => now, { replicate: false })
  const day = 86_400_000
  const date = (days: number) => new Date(now.getTime() + days * day).toISOString().slice(0, 10)
  const machines: Array<{ raws: RawInventory[]; owner: string; location: string; purchased: number; warrantyEnds: number }> = [
    { raws: [sampleMachines.windowsLaptop, sampleMachines.windowsLaptopLater], owner: 'Maria Ortiz', location: 'HQ 4F', purchased: -1_400, warrantyEnds: 45 },
    { raws: [sampleMachines.windowsOldDesktop], owner: 'Priya Nair', location: 'HQ 2F reception', purchased: -3_300, warrantyEnds: -1_470 },
    { raws: [sampleMachines.macbook], owner: 'Diego Silva', location: 'Remote', purchased: -420, warrantyEnds: 680 },
    { raws: [sampleMachines.linuxDesktop, sampleMachines.linuxDesktopLater], owner: 'Aisha Khan', location: 'Lab B', purchased: -760, warrantyEnds: 335 }
  ]
  for (const machine of machines) {
    let assetId = ''
    machine.raws.forEach((raw, i) => {
      // The latest snapshot from a few days ago, the earlier one about half a year before.
      const takenAt = new Date(now.getTime() - (machine.raws.length - 1 - i) * 190 * day - 2 * day).toISOString()
      // Sample machines stay on this desk: never sent to a desk server.
      assetId = assets.record(normalize({ ...raw, takenAt }, 'full'), ownerId(machine.owner), { shared: true }).assetId
    })
    assets.update({ id: assetId, location: machine.location, purchaseDate: date(machine.purchased), warrantyEnd: date(machine.warrantyEnds) })
  }
}
