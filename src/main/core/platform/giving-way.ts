import { setImmediate } from 'node:timers/promises'

/**
 * Gives way to waiting calls (a queue page, a technician's save) once `ms` of work has gone by since it
 * last did: by time, not by item count, as one item may be a line and another a CSV of hundreds.
 */
export function givingWay(ms = 10): () => Promise<void> {
  let since = performance.now()
  return async () => {
    if (performance.now() - since < ms) return
    await setImmediate()
    since = performance.now()
  }
}
