import { openFrontlineCore } from '../../src/main/core/frontline-core'

/**
 * Child process for the kill test: writes tickets and notes through the real core as fast as it can,
 * printing "ack <kind> <id> <marker>" after each write returns. The parent kills it at a random moment.
 */
const dataDir = process.argv[2]!
const core = openFrontlineCore({ dataDir })
let last: string | null = null

for (let n = 0; ; n++) {
  const marker = `${process.pid}-${n}`
  if (!last || n % 3 === 0) {
    const result = await core.dispatch('tickets.create', { subject: `Kill test ${marker}`, channel: 'walk-in', requester: { name: 'Crash Dummy' } })
    if (!result.ok) throw new Error(result.error.message)
    last = (result.value as { id: string }).id
    process.stdout.write(`ack ticket ${last} ${marker}\n`)
  } else {
    const result = await core.dispatch('tickets.comment', { id: last, visibility: 'internal', body: `note ${marker}`, minutes: 1 })
    if (!result.ok) throw new Error(result.error.message)
    process.stdout.write(`ack note ${last} ${marker}\n`)
  }
}
