/**
 * Hybrid logical clock stamps: `wall(13 digits)-counter(4 digits)-node`. They sort as strings, never
 * go backwards on one node even when its wall clock does (a laptop 10 minutes off keeps its own
 * edits in order), and carry the node id so two nodes never tie.
 */
export interface HlcParts {
  wall: number
  counter: number
  node: string
}

/** The counter has four digits: past 9999 it carries into the wall time (one ms later still sorts after). */
const maxCounter = 9_999

function carried(parts: HlcParts): HlcParts {
  return parts.counter > maxCounter ? { ...parts, wall: parts.wall + Math.floor(parts.counter / (maxCounter + 1)), counter: parts.counter % (maxCounter + 1) } : parts
}

export function formatHlc(parts: HlcParts): string {
  const { wall, counter, node } = carried(parts)
  return `${String(wall).padStart(13, '0')}-${String(counter).padStart(4, '0')}-${node}`
}

/** Reads a stamp; one an earlier version wrote with a counter past four digits reads as the later time it means. */
export function parseHlc(stamp: string): HlcParts {
  const [wall, counter, ...node] = stamp.split('-')
  return carried({ wall: Number(wall) || 0, counter: Number(counter) || 0, node: node.join('-') })
}

/** The stamp for a local change: after `last`, and at the wall clock when that is later. */
export function tick(last: string | null, wallMs: number, node: string): string {
  const prev = last ? parseHlc(last) : { wall: 0, counter: 0 }
  return wallMs > prev.wall ? formatHlc({ wall: wallMs, counter: 0, node }) : formatHlc({ wall: prev.wall, counter: prev.counter + 1, node })
}

/** After seeing a stamp from elsewhere: later than both it and our own last stamp. */
export function receive(last: string | null, remote: string, wallMs: number, node: string): string {
  const mine = last ? parseHlc(last) : { wall: 0, counter: 0 }
  const theirs = parseHlc(remote)
  const wall = Math.max(wallMs, mine.wall, theirs.wall)
  const counter =
    wall === mine.wall && wall === theirs.wall ? Math.max(mine.counter, theirs.counter) + 1 : wall === mine.wall ? mine.counter + 1 : wall === theirs.wall ? theirs.counter + 1 : 0
  return formatHlc({ wall, counter, node })
}

/** How far ahead of a receiver's clock a stamp may run: clocks drift by minutes, not hours. The desk server refuses stamps past it. */
export const clockSkewMs = 5 * 60_000

/** A stamp from further ahead than the skew allows: never followed, so one bad clock cannot drag every desk's clock along. */
export function runsAhead(stamp: string, wallMs: number): boolean {
  return parseHlc(stamp).wall > wallMs + clockSkewMs
}

/** Why a stamp that runs ahead is refused, in the words a desk shows. */
export const aheadReason = 'Its clock stamp runs more than 5 minutes ahead of the desk server’s clock; the desk stamps it again and resends.'
