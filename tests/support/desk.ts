import { openFrontlineCore, type CoreOptions, type FrontlineCore } from '../../src/main/core/frontline-core'
import type { Method, MethodInput, MethodOutput } from '../../src/shared/contract'
import { tempDir } from './temp-dir'
import { realClockInstant, testInstant } from './test-clock'

/**
 * A real desk in a temp folder, on a clock the test moves, in a fixed time zone (Berlin, 08:00–18:00).
 * Its fixed instants go through test-clock, so FRONTLINE_TEST_CLOCK_SHIFT_DAYS moves them all alike.
 */
export function testDesk(start: string | Date = '2026-11-23T08:05:00+01:00', sync: CoreOptions['sync'] = { background: false }, { realClock = false } = {}) {
  // A desk that syncs with a server is moved before the real now instead (test-clock's realClock).
  const instant = realClock ? realClockInstant : testInstant
  const dir = tempDir()
  // A fixed instant (ISO text) is shifted with the rest; a Date (the real now, for a desk that syncs with a server on the real clock) is not.
  const clock = { now: typeof start === 'string' ? instant(start) : start }
  let core: FrontlineCore = open()
  // Closes of the desks a reopen replaced: their integrity check may still hold the file when the test ends.
  const closing: Array<Promise<void>> = []

  function open(): FrontlineCore {
    return openFrontlineCore({ dataDir: dir.path, now: () => clock.now, timeZone: 'Europe/Berlin', sync })
  }

  /** Calls through the contract and fails the test with the typed error if the call was refused. */
  async function call<M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const result = await core.dispatch(method, input)
    if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.message}`), { code: result.error.code, issues: result.error.issues })
    return result.value as MethodOutput<M>
  }

  return {
    dir,
    clock,
    get core() {
      return core
    },
    call,
    /** Moves the clock to a local Berlin time, e.g. at('2026-11-24T11:00') (shifted like the start). */
    at(local: string) {
      clock.now = instant(`${local}:00+01:00`)
    },
    reopen() {
      closing.push(core.close())
      core = open()
    },
    /** Removes the folder once nothing has the desk file open (the integrity checks, this open's and any reopened one's, may still be reading it). */
    close() {
      return Promise.all([...closing, core.close()]).then(() => dir.remove())
    }
  }
}
