import type { Snapshot, SnapshotChange } from '../../../shared/inventory'
import { formatBytes, formatMemory } from './normalize'

type Ok<T> = T extends { status: 'ok'; data: infer D } ? D : never
const data = <K extends keyof Snapshot['sections']>(s: Snapshot, k: K): Ok<Snapshot['sections'][K]> | null => {
  const section = s.sections[k]
  return section.status === 'ok' ? (section.data as Ok<Snapshot['sections'][K]>) : null
}

const newer = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true }) > 0

/** What changed on a machine between two snapshots, in the words a technician would use. */
export function diffSnapshots(before: Snapshot, after: Snapshot): SnapshotChange[] {
  const changes: SnapshotChange[] = []
  const add = (section: string, kind: SnapshotChange['kind'], text: string) => changes.push({ section, kind, text })

  if (before.identity.hostname !== after.identity.hostname) add('system', 'changed', `Renamed ${before.identity.hostname} → ${after.identity.hostname}`)

  const [osA, osB] = [data(before, 'os'), data(after, 'os')]
  if (osA && osB) {
    const name = (o: typeof osA) => `${o.distro} ${o.release}${o.build && !o.release.endsWith(o.build) ? ` (build ${o.build})` : ''}`
    if (name(osA) !== name(osB)) add('os', 'changed', `OS ${newer(osB.release, osA.release) || (osB.release === osA.release && newer(osB.build, osA.build)) ? 'upgraded' : 'changed'}: ${name(osA)} → ${name(osB)}`)
    else if (osA.kernel !== osB.kernel) add('os', 'changed', `Kernel ${osA.kernel} → ${osB.kernel}`)
  }

  const [cpuA, cpuB] = [data(before, 'cpu'), data(after, 'cpu')]
  if (cpuA && cpuB && cpuA.model !== cpuB.model) add('cpu', 'changed', `CPU ${cpuA.model} → ${cpuB.model}`)

  const [memA, memB] = [data(before, 'memory'), data(after, 'memory')]
  // A few megabytes either way is firmware reserving memory, not a change anyone made.
  if (memA && memB && formatMemory(memA.totalBytes) !== formatMemory(memB.totalBytes)) {
    const modules = (m: typeof memA) => (m.modules.length ? ` (${m.modules.map((x) => formatMemory(x.sizeBytes)).join(' + ')})` : '')
    add('memory', memB.totalBytes > memA.totalBytes ? 'added' : 'removed', `Memory ${formatMemory(memA.totalBytes)}${modules(memA)} → ${formatMemory(memB.totalBytes)}${modules(memB)}`)
  }

  const [stA, stB] = [data(before, 'storage'), data(after, 'storage')]
  if (stA && stB) {
    const key = (d: (typeof stA.disks)[number]) => d.serial || `${d.model}|${d.sizeBytes}`
    const describe = (d: (typeof stA.disks)[number]) => `${d.model || 'disk'} ${formatBytes(d.sizeBytes)}${d.serial ? ` (serial ${d.serial})` : ''}`
    const gone = stA.disks.filter((d) => !stB.disks.some((x) => key(x) === key(d)))
    const fresh = stB.disks.filter((d) => !stA.disks.some((x) => key(x) === key(d)))
    // One out and one in is a replacement, which is how a technician would log it.
    while (gone.length && fresh.length) add('storage', 'changed', `Disk replaced: ${describe(gone.shift()!)} → ${describe(fresh.shift()!)}`)
    for (const d of gone) add('storage', 'removed', `Disk removed: ${describe(d)}`)
    for (const d of fresh) add('storage', 'added', `Disk added: ${describe(d)}`)
  }

  const [batA, batB] = [data(before, 'battery'), data(after, 'battery')]
  if (batA?.healthPercent != null && batB?.healthPercent != null && batA.healthPercent !== batB.healthPercent) {
    add('battery', 'changed', `Battery health ${batA.healthPercent}% → ${batB.healthPercent}%`)
  }

  const [swA, swB] = [data(before, 'software'), data(after, 'software')]
  if (swA && swB) {
    const byName = (list: typeof swA.packages) => new Map(list.map((p) => [p.name.toLowerCase(), p]))
    const [a, b] = [byName(swA.packages), byName(swB.packages)]
    for (const [name, p] of b) {
      const old = a.get(name)
      if (!old) add('software', 'added', `Installed ${p.name} ${p.version}`.trim())
      else if (old.version !== p.version) add('software', 'changed', `Updated ${p.name} ${old.version} → ${p.version}`)
    }
    for (const [name, p] of a) if (!b.has(name)) add('software', 'removed', `Removed ${p.name} ${p.version}`.trim())
  }
  return changes
}
