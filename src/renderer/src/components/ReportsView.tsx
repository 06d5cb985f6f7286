import { useEffect, useState } from 'react'
import { create } from 'zustand'
import type { Ticket } from '../../../shared/domain'
import type { FigureKey, Report, ReportQuery } from '../../../shared/reports'
import { channels, priorities, ticketTypes } from '../../../shared/vocabulary'
import { call } from '../api'
import { download } from '../download'
import { localDateInput } from '../local-time'
import { statusLabel } from '../labels'
import { useSession } from '../state/session-store'
import { useTicket } from '../state/ticket-store'
import { FormDialog } from './FormDialog'
import { ProblemCandidates } from './ProblemCandidates'
import { ReportFigure, type FigureRow } from './ReportFigure'

type Preset = 'thisWeek' | 'lastWeek' | 'last30' | 'thisMonth' | 'custom'
const presetLabel: Record<Preset, string> = { thisWeek: 'This week', lastWeek: 'Last week', last30: 'Last 30 days', thisMonth: 'This month', custom: 'Dates…' }

/** A preset period on this computer's calendar: weeks start on Monday. */
function periodOf(preset: Preset, now: Date): { from: Date; to: Date } {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate())
  const monday = new Date(day)
  monday.setDate(day.getDate() - ((day.getDay() + 6) % 7))
  const plus = (d: Date, days: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + days)
  if (preset === 'lastWeek') return { from: plus(monday, -7), to: monday }
  if (preset === 'last30') return { from: plus(day, -29), to: plus(day, 1) }
  if (preset === 'thisMonth') return { from: new Date(day.getFullYear(), day.getMonth(), 1), to: new Date(day.getFullYear(), day.getMonth() + 1, 1) }
  return { from: monday, to: plus(monday, 7) }
}
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`)
const hours = (minutes: number | null) => (minutes === null ? '—' : minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`)

const colors = { in: '#2563eb', out: '#16a34a', warn: '#dc2626', neutral: '#64748b', accent: '#9333ea' }

type Filters = Omit<ReportQuery, 'from' | 'to'>

/** The period and filters chosen, kept while the technician opens a ticket from a figure and comes back. */
const useReportChoice = create<{ preset: Preset; custom: { from: string; to: string }; filters: Filters; set(part: Partial<{ preset: Preset; custom: { from: string; to: string }; filters: Filters }>): void }>((set) => {
  const p = periodOf('lastWeek', new Date())
  return { preset: 'lastWeek', custom: { from: localDateInput(p.from), to: localDateInput(new Date(p.to.getTime() - 86_400_000)) }, filters: {}, set: (part) => set(part) }
})

/** The supervisor's Monday review, from this desk's own copy: every figure with its chart, table and definition. */
export function ReportsView() {
  const directory = useSession((s) => s.directory)
  const { preset, custom, filters, set } = useReportChoice()
  const setPreset = (value: Preset) => set({ preset: value })
  const setCustom = (value: { from: string; to: string }) => set({ custom: value })
  const setFilters = (next: (f: Filters) => Filters) => set({ filters: next(filters) })
  const [report, setReport] = useState<Report | null>(null)
  const [opened, setOpened] = useState<{ figure: FigureKey; key: string; label: string } | null>(null)

  const period = preset === 'custom' ? { from: new Date(`${custom.from}T00:00`), to: new Date(new Date(`${custom.to}T00:00`).getTime() + 86_400_000) } : periodOf(preset, new Date())
  const query: ReportQuery = { from: period.from.toISOString(), to: period.to.toISOString(), ...filters }
  const key = JSON.stringify(query)
  useEffect(() => {
    if (Number.isNaN(Date.parse(JSON.parse(key).from as string))) return
    call('reports.figures', JSON.parse(key) as ReportQuery).then(setReport, (e: unknown) => useSession.getState().notify(e))
  }, [key])

  const filter = <K extends keyof typeof filters>(name: K, value: string) => setFilters((f) => ({ ...f, [name]: value || undefined }))
  const exportFigures = async () => {
    try {
      const { fileName, csv } = await call('reports.exportCsv', { query })
      download(fileName, new Blob([csv], { type: 'text/csv' }))
    } catch (error) {
      useSession.getState().notify(error)
    }
  }
  const open = (figure: FigureKey) => (k: string, label: string) => setOpened({ figure, key: k, label })

  return (
    <main className="reports" aria-label="Reports">
      <header className="reports-head">
        <h1>Reports</h1>
        <form className="reports-filters" aria-label="Which tickets" onSubmit={(e) => e.preventDefault()}>
          <label>
            Period
            <select value={preset} onChange={(e) => setPreset(e.target.value as Preset)}>
              {(Object.keys(presetLabel) as Preset[]).map((p) => (
                <option key={p} value={p}>
                  {presetLabel[p]}
                </option>
              ))}
            </select>
          </label>
          {preset === 'custom' && (
            <>
              <label>
                From
                <input type="date" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
              </label>
              <label>
                To
                <input type="date" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
              </label>
            </>
          )}
          <label>
            Group
            <select value={filters.groupId ?? ''} onChange={(e) => filter('groupId', e.target.value)}>
              <option value="">Every group</option>
              {directory?.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
          {!report?.mine && (
            <label>
              Technician
              <select value={filters.assigneeId ?? ''} onChange={(e) => filter('assigneeId', e.target.value)}>
                <option value="">Everyone</option>
                {directory?.agents.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            Type
            <select value={filters.type ?? ''} onChange={(e) => filter('type', e.target.value)}>
              <option value="">Every type</option>
              {ticketTypes.map((t) => (
                <option key={t} value={t}>
                  {t.replace('_', ' ')}
                </option>
              ))}
            </select>
          </label>
          <label>
            Channel
            <select value={filters.channel ?? ''} onChange={(e) => filter('channel', e.target.value)}>
              <option value="">Every channel</option>
              {channels.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label>
            Priority
            <select value={filters.priority ?? ''} onChange={(e) => filter('priority', e.target.value)}>
              <option value="">Every priority</option>
              {priorities.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            Category
            <input value={filters.category ?? ''} onChange={(e) => filter('category', e.target.value)} placeholder="Any" />
          </label>
          <button type="button" onClick={() => void exportFigures()}>
            Export figures (CSV)
          </button>
        </form>
        <p className="hint">
          {period.from.toLocaleDateString()} – {new Date(period.to.getTime() - 1).toLocaleDateString()} · from this desk’s copy, offline too
          {report?.mine ? ' · your own tickets and time' : ''}. Merged tickets count once, as the ticket they were merged into.
        </p>
      </header>
      <ProblemCandidates />
      {!report ? <p className="hint">Counting…</p> : <Figures report={report} open={open} />}
      {opened && <FigureTickets query={query} opened={opened} onClose={() => setOpened(null)} />}
    </main>
  )
}

function Figures({ report, open }: { report: Report; open: (figure: FigureKey) => (key: string, label: string) => void }) {
  const rows = (list: Array<{ key: string; label: string; count: number }>): FigureRow[] => list.map((c) => ({ key: c.key, label: c.label, values: { count: c.count } }))
  const count = (color: string) => [{ key: 'count', name: 'Tickets', color, drill: (r: FigureRow) => r.key }]
  const rated = (list: Report['sla']['byPriority']): FigureRow[] =>
    list.map((r) => ({ key: r.key, label: r.label, values: { rate: r.rate === null ? null : Math.round(r.rate * 100), met: r.met, total: r.total }, shown: { rate: percent(r.rate) } }))
  const slaSeries = [
    { key: 'rate', name: 'Within target (%)', color: colors.out },
    { key: 'total', name: 'Resolved', color: colors.neutral, drill: (r: FigureRow) => r.key, tableOnly: true }
  ]
  return (
    <div className="report-grid">
      <ReportFigure
        figure="volume"
        rows={report.volume.map((d) => ({ key: d.day, label: d.day.slice(5), values: { opened: d.opened, resolved: d.resolved } }))}
        series={[
          { key: 'opened', name: 'In', color: colors.in, drill: (r) => `opened:${r.key}` },
          { key: 'resolved', name: 'Out', color: colors.out, drill: (r) => `resolved:${r.key}` }
        ]}
        headline={`${report.volume.reduce((n, d) => n + d.opened, 0)} in, ${report.volume.reduce((n, d) => n + d.resolved, 0)} out`}
        onOpen={open('volume')}
      />
      <ReportFigure figure="backlog" rows={rows(report.backlog.buckets)} series={count(colors.neutral)} headline={`${report.backlog.open} open at ${new Date(report.backlog.asOf).toLocaleString()}`} onOpen={open('backlog')} />
      <ReportFigure
        figure="firstContact"
        rows={[
          { key: 'yes', label: 'At first contact', values: { count: report.firstContact.firstContact } },
          { key: 'no', label: 'Not at first contact', values: { count: report.firstContact.resolved - report.firstContact.firstContact } }
        ]}
        series={count(colors.out)}
        headline={`${percent(report.firstContact.rate)} of ${report.firstContact.resolved} resolved`}
        onOpen={open('firstContact')}
      />
      <ReportFigure
        figure="times"
        rows={[
          { key: 'firstResponse', label: 'First response', values: { mean: report.times.firstResponse.meanMinutes, median: report.times.firstResponse.medianMinutes, count: report.times.firstResponse.count }, shown: { mean: hours(report.times.firstResponse.meanMinutes), median: hours(report.times.firstResponse.medianMinutes) } },
          { key: 'resolve', label: 'Resolve', values: { mean: report.times.resolve.meanMinutes, median: report.times.resolve.medianMinutes, count: report.times.resolve.count }, shown: { mean: hours(report.times.resolve.meanMinutes), median: hours(report.times.resolve.medianMinutes) } }
        ]}
        series={[
          { key: 'mean', name: 'Mean (business minutes)', color: colors.in },
          { key: 'median', name: 'Median (business minutes)', color: colors.accent },
          { key: 'count', name: 'Tickets', color: colors.neutral, drill: (r) => r.key, tableOnly: true }
        ]}
        onOpen={open('times')}
      />
      <ReportFigure figure="sla" rows={[...rated(report.sla.byPriority), ...rated(report.sla.byGroup)]} series={slaSeries} headline={`${percent(report.sla.overall.rate)} within target overall (${report.sla.overall.met} of ${report.sla.overall.total})`} onOpen={open('sla')} />
      <ReportFigure figure="breaching" rows={rows(report.breaching)} series={count(colors.warn)} layout="bars" headline={`${report.breaching.reduce((n, b) => n + b.count, 0)} open tickets past their resolution target now`} onOpen={open('breaching')} />
      <ReportFigure
        figure="reopens"
        rows={[{ key: 'reopened', label: 'Reopened', values: { count: report.reopens.reopened } }, { key: 'resolved', label: 'Resolved', values: { count: report.reopens.resolved } }]}
        series={count(colors.warn)}
        headline={`${percent(report.reopens.rate)} reopened`}
        onOpen={open('reopens')}
      />
      <ReportFigure
        figure="escalations"
        rows={[
          { key: 'logged', label: 'Logged', values: { count: report.escalations.logged } },
          { key: 'L2', label: 'Reached L2', values: { count: report.escalations.toL2 } },
          { key: 'L3', label: 'Reached L3', values: { count: report.escalations.toL3 } }
        ]}
        series={count(colors.accent)}
        headline={`${percent(report.escalations.rateL2)} to L2, ${percent(report.escalations.rateL3)} to L3`}
        onOpen={open('escalations')}
      />
      <ReportFigure
        figure="satisfaction"
        rows={report.satisfaction.spread.map((s) => ({ key: s.key, label: `${s.label} of 5`, values: { count: s.count } }))}
        series={count(colors.out)}
        headline={report.satisfaction.average === null ? 'No answers yet' : `${report.satisfaction.average.toFixed(1)} average from ${report.satisfaction.count} answers`}
        onOpen={open('satisfaction')}
      />
      <ReportFigure
        figure="timeSpent"
        rows={report.timeSpent.map((t) => ({ key: t.key, label: t.label, values: { minutes: t.minutes, tickets: t.tickets }, shown: { minutes: hours(t.minutes) } }))}
        series={[
          { key: 'minutes', name: 'Minutes', color: colors.in },
          { key: 'tickets', name: 'Tickets', color: colors.neutral, drill: (r) => r.key, tableOnly: true }
        ]}
        layout="bars"
        onOpen={open('timeSpent')}
      />
      <ReportFigure figure="categories" rows={rows(report.categories)} series={count(colors.in)} layout="bars" onOpen={open('categories')} />
      <ReportFigure figure="howTo" rows={rows(report.howTo)} series={count(colors.accent)} layout="bars" onOpen={open('howTo')} />
    </div>
  )
}

/** The tickets a figure's row counts; one opens in the console, and the list exports as a spreadsheet. */
function FigureTickets({ query, opened, onClose }: { query: ReportQuery; opened: { figure: FigureKey; key: string; label: string }; onClose(): void }) {
  const [answer, setAnswer] = useState<{ total: number; tickets: Ticket[] } | null>(null)
  useEffect(() => {
    call('reports.tickets', { query, figure: opened.figure, key: opened.key }).then(setAnswer, (e: unknown) => useSession.getState().notify(e))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the query is fixed while the dialog is open
  }, [opened])
  const exportTickets = async () => {
    try {
      const { fileName, csv } = await call('reports.exportCsv', { query, figure: opened.figure, key: opened.key })
      download(fileName, new Blob([csv], { type: 'text/csv' }))
    } catch (error) {
      useSession.getState().notify(error)
    }
  }
  const show = (id: string) => {
    useSession.getState().setView('console')
    void useTicket.getState().open(id)
  }
  return (
    <FormDialog title={opened.label} open onOpenChange={(o) => !o && onClose()}>
      {!answer ? (
        <p className="hint">Finding them…</p>
      ) : (
        <>
          <p className="hint">
            {answer.total} ticket{answer.total === 1 ? '' : 's'}
            {answer.total > answer.tickets.length ? `, the first ${answer.tickets.length} shown; the export has them all` : ''}.
          </p>
          <ul className="report-tickets" aria-label="Tickets behind the figure">
            {answer.tickets.map((t) => (
              <li key={t.id}>
                <button type="button" className="link" onClick={() => show(t.id)}>
                  <span className="number">{t.number}</span> {t.subject}
                </button>{' '}
                <span className="hint">
                  {t.priority} · {statusLabel[t.status]} · {t.group?.name ?? 'no group'}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={() => void exportTickets()}>
          Export these tickets (CSV)
        </button>
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </FormDialog>
  )
}
