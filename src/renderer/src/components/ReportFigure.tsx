import { useEffect, useState, type ReactNode } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { definitions, type FigureKey } from '../../../shared/reports'

export interface FigureRow {
  /** The figure's own name for the row: what the click-through asks for. */
  key: string
  label: string
  values: Record<string, number | null>
  /** Shown in the table instead of the raw value (a percent, a duration). */
  shown?: Record<string, string>
}

export interface Series {
  key: string
  name: string
  color: string
  /** The figure's row key for the tickets behind this series' value in a row (none: not a count of tickets). */
  drill?: (row: FigureRow) => string
  /** In the table only: a count beside a rate or a duration would share their axis and mislead. */
  tableOnly?: boolean
}

// Charts not yet on screen, drawn one per idle moment (the page answers between them).
const idleDraws: Array<() => void> = []
const whenIdle = (next: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(next) : setTimeout(next, 0))

function drawNextWhenIdle(): void {
  idleDraws.shift()?.()
  if (idleDraws.length > 0) whenIdle(drawNextWhenIdle)
}

/**
 * Whether a chart is drawn yet: at once when it is on screen, otherwise one at a time while the page is
 * idle. A dozen recharts charts drawn together held the page 300-500 ms after the figures arrived;
 * the tables carry the same numbers and are there at once.
 */
function useChartDrawn(): [(element: HTMLElement | null) => void, boolean] {
  const [element, setElement] = useState<HTMLElement | null>(null)
  const [drawn, setDrawn] = useState(() => typeof IntersectionObserver === 'undefined')
  useEffect(() => {
    if (drawn || !element) return
    const draw = () => setDrawn(true)
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && draw())
    observer.observe(element)
    idleDraws.push(draw)
    if (idleDraws.length === 1) whenIdle(drawNextWhenIdle)
    return () => {
      observer.disconnect()
      const waiting = idleDraws.indexOf(draw)
      if (waiting >= 0) idleDraws.splice(waiting, 1)
    }
  }, [element, drawn])
  return [setElement, drawn]
}

/**
 * One figure: its title and written definition, a chart, and the same numbers as a table whose rows
 * (and bars) open the tickets they count.
 */
export function ReportFigure({
  figure,
  rows,
  series,
  headline,
  layout = 'columns',
  onOpen
}: {
  figure: FigureKey
  rows: FigureRow[]
  series: Series[]
  headline?: ReactNode
  layout?: 'columns' | 'bars'
  onOpen(key: string, label: string): void
}) {
  const charted = series.filter((s) => !s.tableOnly)
  const open = (s: Series, row: FigureRow) => s.drill && onOpen(s.drill(row), series.length > 1 ? `${row.label}, ${s.name.toLowerCase()}` : row.label)
  const { title, text } = definitions[figure]
  const data = rows.map((r) => ({ key: r.key, label: r.label, ...r.values }))
  const height = layout === 'bars' ? Math.max(120, rows.length * 28 + 40) : 200
  const [chartRef, drawn] = useChartDrawn()
  return (
    <section className="report-figure" aria-labelledby={`figure-${figure}`}>
      <h2 id={`figure-${figure}`}>{title}</h2>
      {headline && <p className="report-headline">{headline}</p>}
      {rows.length === 0 ? (
        <p className="hint">Nothing in this period.</p>
      ) : (
        <>
          <figure ref={chartRef} className="report-chart" style={{ minHeight: height }} aria-label={`${title}, as a chart (the table below has the same numbers)`}>
            {drawn && (
              <ResponsiveContainer width="100%" height={height}>
                <BarChart data={data} layout={layout === 'bars' ? 'vertical' : 'horizontal'} margin={{ top: 4, right: 12, bottom: 4, left: 4 }} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" />
                  {layout === 'bars' ? (
                    <>
                      <XAxis type="number" allowDecimals={false} />
                      <YAxis type="category" dataKey="label" width={150} />
                    </>
                  ) : (
                    <>
                      <XAxis dataKey="label" interval={0} tick={{ fontSize: 11 }} />
                      <YAxis allowDecimals={false} width={40} />
                    </>
                  )}
                  <Tooltip />
                  {charted.length > 1 && <Legend />}
                  {charted.map((s) => (
                    <Bar
                      key={s.key}
                      dataKey={s.key}
                      name={s.name}
                      fill={s.color}
                      isAnimationActive={false}
                      cursor={s.drill ? 'pointer' : 'default'}
                      onClick={(entry: { payload?: { key: string } }) => {
                        const row = rows.find((r) => r.key === entry.payload?.key)
                        if (row) open(s, row)
                      }}
                    />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            )}
          </figure>
          <table className="report-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col" />
                {series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.label}</th>
                  {series.map((s) => {
                    const shown = r.shown?.[s.key] ?? String(r.values[s.key] ?? '—')
                    return (
                      <td key={s.key}>
                        {s.drill && r.values[s.key] ? (
                          <button type="button" className="link" aria-label={`${shown} tickets: ${title}, ${r.label}${series.length > 1 ? `, ${s.name.toLowerCase()}` : ''}`} onClick={() => open(s, r)}>
                            {shown}
                          </button>
                        ) : (
                          shown
                        )}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p className="definition">{text}</p>
    </section>
  )
}
