import type { Ticket } from '../../../shared/domain'
import { definitions, type Report } from '../../../shared/reports'
import { spreadsheetCsv } from '../rules/spreadsheet-csv'

const percent = (rate: number | null) => (rate === null ? '' : (rate * 100).toFixed(1))

/** Every figure of the report as rows of one sheet: figure, row, value, out of, percent. */
export function reportCsv(report: Report): string {
  const rows: Array<Array<string | number | null>> = []
  const row = (figure: keyof typeof definitions, label: string, value: number | null, of: number | null = null, rate: number | null = null) => rows.push([definitions[figure].title, label, value, of, percent(rate)])
  for (const d of report.volume) {
    row('volume', `${d.day} in`, d.opened)
    row('volume', `${d.day} out`, d.resolved)
  }
  for (const b of report.backlog.buckets) row('backlog', b.label, b.count, report.backlog.open)
  row('firstContact', 'resolved at first contact', report.firstContact.firstContact, report.firstContact.resolved, report.firstContact.rate)
  for (const [name, d] of [['first response', report.times.firstResponse], ['resolve', report.times.resolve]] as const) {
    row('times', `${name}: mean business minutes`, d.meanMinutes, d.count)
    row('times', `${name}: median business minutes`, d.medianMinutes, d.count)
  }
  for (const r of [...report.sla.byPriority, ...report.sla.byGroup, report.sla.overall]) row('sla', r.label, r.met, r.total, r.rate)
  for (const b of report.breaching) row('breaching', b.label, b.count)
  row('reopens', 'reopened', report.reopens.reopened, report.reopens.resolved, report.reopens.rate)
  row('escalations', 'to L2', report.escalations.toL2, report.escalations.logged, report.escalations.rateL2)
  row('escalations', 'to L3', report.escalations.toL3, report.escalations.logged, report.escalations.rateL3)
  for (const s of report.satisfaction.spread) row('satisfaction', `score ${s.label}`, s.count, report.satisfaction.count)
  row('satisfaction', 'average', report.satisfaction.average === null ? null : Number(report.satisfaction.average.toFixed(2)), report.satisfaction.count)
  for (const t of report.timeSpent) row('timeSpent', t.label, t.minutes, t.tickets)
  for (const c of report.categories) row('categories', c.label, c.count)
  for (const h of report.howTo) row('howTo', h.label, h.count)
  return spreadsheetCsv(['Figure', 'Row', 'Value', 'Out of', 'Percent'], rows)
}

/** The tickets behind a figure, one per row. */
export function ticketsCsv(tickets: Ticket[]): string {
  return spreadsheetCsv(
    ['Number', 'Subject', 'Type', 'Status', 'Priority', 'Group', 'Assignee', 'Channel', 'Category', 'Requester', 'Logged', 'Resolved', 'Satisfaction'],
    tickets.map((t) => [
      t.number,
      t.subject,
      t.type,
      t.status,
      t.priority,
      t.group?.name ?? '',
      t.assignee?.name ?? '',
      t.channel,
      t.category ?? '',
      t.requester.name,
      t.createdAt,
      t.resolvedAt,
      t.satisfaction?.score ?? null
    ])
  )
}
