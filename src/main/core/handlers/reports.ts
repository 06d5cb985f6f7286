import type { Role } from '../../../shared/sync'
import { reportCsv, ticketsCsv } from '../reports/report-csv'
import type { ReportFigures } from '../reports/report-figures'
import type { Directory } from '../store/directory'
import type { TicketReads } from '../store/ticket-reads'
import type { AreaHandlers, Handlers } from './handler-types'

export interface ReportHandlerDeps {
  figures: ReportFigures
  reads: TicketReads
  directory: Directory
  /** The signed-in account's role; undefined on a desk that is not signed in. */
  signedInRole(): Role | undefined
}

export function reportsHandlers({ figures, reads, directory, signedInRole }: ReportHandlerDeps): AreaHandlers<'reports'> {
  // Supervisors and admins review the team; a technician signed in as an agent or specialist sees their own
  // tickets and time. A desk not signed in is one technician's: all of it is theirs.
  const mine = () => {
    const role = signedInRole()
    return role === 'agent' || role === 'specialist' ? directory.me().id : null
  }
  const behind = async (query: Parameters<Handlers['reports.tickets']>[0]['query'], figure: Parameters<Handlers['reports.tickets']>[0]['figure'], key: string | undefined) => {
    const { members, counted } = await figures.report(query, mine(), figure)
    // A figure without a row named: every ticket it counts, once.
    return key === undefined ? counted : (members.get(key) ?? [])
  }
  return {
    'reports.figures': async (query) => (await figures.report(query, mine())).report,
    'reports.tickets': async ({ query, figure, key }) => {
      const ids = await behind(query, figure, key)
      return { total: ids.length, tickets: reads.many(ids.slice(0, 500)) }
    },
    'reports.exportCsv': async ({ query, figure, key }) => {
      const period = `${query.from.slice(0, 10)}-to-${query.to.slice(0, 10)}`
      if (!figure) return { fileName: `frontline-report-${period}.csv`, csv: reportCsv((await figures.report(query, mine())).report) }
      const name = `${figure}${key ? `-${key}` : ''}`.replace(/[^\w.-]+/g, '-').slice(0, 80)
      return { fileName: `frontline-tickets-${name}-${period}.csv`, csv: ticketsCsv(reads.many(await behind(query, figure, key))) }
    }
  }
}
