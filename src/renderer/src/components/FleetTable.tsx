import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'
import type { Asset } from '../../../shared/inventory'

const rowHeight = 30

/** Every machine, one row each; only the rows on screen are in the page, so thousands scroll freely. */
export function FleetTable({ assets, onOpen }: { assets: Asset[]; onOpen(id: string): void }) {
  const scroller = useRef<HTMLDivElement>(null)
  // As in the queue: no React Compiler here, and the virtualizer re-renders this component on scroll itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: assets.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 15 })
  const items = virtualizer.getVirtualItems()
  // Spacer rows keep a real table (headers, row and cell roles) while skipping what is off screen.
  const before = items[0]?.start ?? 0
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)
  return (
    <div className="fleet-scroll" ref={scroller}>
      <table className="fleet-table" aria-label="Machines" aria-rowcount={assets.length + 1}>
        <thead>
          <tr>
            <th>Tag</th>
            <th>Name</th>
            <th>Owner</th>
            <th>Machine</th>
            <th>Warranty end</th>
            <th>Last seen</th>
            <th>Flags</th>
          </tr>
        </thead>
        <tbody>
          {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
          {items.map((item) => {
            const a = assets[item.index]!
            return (
              <tr key={a.id} aria-rowindex={item.index + 2} style={{ height: rowHeight }}>
                <td>
                  <button type="button" className="link" onClick={() => onOpen(a.id)}>
                    {a.tag}
                  </button>
                </td>
                <td>{a.name}</td>
                <td>{a.ownerName ?? '—'}</td>
                <td className="fleet-machine">{a.summary}</td>
                <td>{a.warrantyEnd ?? '—'}</td>
                <td>{a.lastSeenAt ? new Date(a.lastSeenAt).toLocaleDateString() : 'never'}</td>
                <td title={a.flags.join(', ')}>
                  {a.flags.map((f) => (
                    <span key={f} className="flag">
                      {f}
                    </span>
                  ))}
                </td>
              </tr>
            )
          })}
          {after > 0 && <tr aria-hidden="true" style={{ height: after }} />}
        </tbody>
      </table>
    </div>
  )
}
