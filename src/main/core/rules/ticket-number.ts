import type { TicketType } from '../../../shared/domain'

export const numberPrefix: Record<TicketType, string> = {
  incident: 'INC',
  service_request: 'REQ',
  problem: 'PRB',
  change: 'CHG'
}

/** Offline tickets carry `INC-~7f3a` (the tilde marks it provisional) until the desk server numbers them. */
export function provisionalNumber(type: TicketType, id: string): string {
  return `${numberPrefix[type]}-~${id.replace(/-/g, '').slice(-4)}`
}

export function isProvisional(number: string): boolean {
  return number.includes('-~')
}
