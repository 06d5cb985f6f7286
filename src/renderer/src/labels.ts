import type { Channel, Impact, ResolutionCode, TicketStatus, TicketType } from '../../shared/domain'

export const channelLabel: Record<Channel, string> = {
  phone: 'Phone',
  email: 'Email',
  chat: 'Chat',
  'walk-in': 'Walk-in',
  portal: 'Portal'
}

export const typeLabel: Record<TicketType, string> = {
  incident: 'Incident',
  service_request: 'Service request',
  problem: 'Problem',
  change: 'Change'
}

export const statusLabel: Record<TicketStatus, string> = {
  new: 'New',
  assigned: 'Assigned',
  in_progress: 'In progress',
  pending: 'Pending',
  resolved: 'Resolved',
  closed: 'Closed'
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

/** "3 hours ago" for the queue; exact time stays in the title attribute. */
export function ago(iso: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60_000)
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute')
  const hours = Math.round(minutes / 60)
  if (Math.abs(hours) < 48) return relative.format(hours, 'hour')
  return relative.format(Math.round(hours / 24), 'day')
}

export const resolutionLabel: Record<ResolutionCode, string> = {
  solved_first_contact: 'Solved — first contact',
  solved: 'Solved',
  workaround: 'Workaround',
  not_reproducible: 'Not reproducible',
  duplicate: 'Duplicate',
  cancelled: 'Cancelled'
}

export const levelLabel: Record<Impact, string> = { high: 'High', medium: 'Medium', low: 'Low' }

/** "in 2 h 10 min" / "3 h ago": the distance from now, in the units a technician reads at a glance. */
export function until(iso: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60_000)
  const abs = Math.abs(minutes)
  const text = abs < 60 ? `${abs} min` : abs < 48 * 60 ? `${Math.floor(abs / 60)} h ${abs % 60} min` : `${Math.round(abs / 1_440)} d`
  return minutes >= 0 ? `in ${text}` : `${text} ago`
}

const soonFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
const laterFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** "Thu 14:30" within the coming week, "Thu 10 Dec 14:30" beyond it: due times and follow-ups, as a technician promises them. */
export function dayAndTime(iso: string, now = Date.now()): string {
  const at = Date.parse(iso)
  return (Math.abs(at - now) < 6 * 86_400_000 ? soonFormat : laterFormat).format(at).replace(',', '')
}

/** A glyph per channel for the queue's dense rows (common-font symbols, not emoji); the label stays readable to screen readers. */
export const channelIcon: Record<Channel, string> = {
  phone: '☎',
  email: '✉',
  chat: '⌨',
  'walk-in': '⚑',
  portal: '⊞'
}

/** Why a suggestion ranks high from the desk's own history: "Solved 14 similar tickets this month". */
export function learnedLabel(learned: { similar: number; thisMonth: number }): string {
  const count = learned.thisMonth || learned.similar
  return `Solved ${count} similar ticket${count === 1 ? '' : 's'}${learned.thisMonth ? ' this month' : ''}`
}
