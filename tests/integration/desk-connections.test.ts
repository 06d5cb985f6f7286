import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { openFrontlineCore } from '../../src/main/core/frontline-core'
import { openDesk } from '../../src/main/core/store/database'
import type { MethodOutput } from '../../src/shared/contract'
import { damageOnePage } from '../support/damage'
import { tempDir } from '../support/temp-dir'

// A process kill keeps the OS cache, so the kill test cannot see a missing fsync: this test reads the
// settings themselves, on every better-sqlite3 connection opened in this process, as each is closed.
interface Settings {
  file: string
  readonly: boolean
  journal: unknown
  synchronous: unknown
}
const seen = vi.hoisted(() => ({ settings: [] as Settings[] }))

vi.mock('better-sqlite3', async (importOriginal) => {
  const { default: Real } = await importOriginal<{ default: typeof import('better-sqlite3') }>()
  class Recorded extends Real {
    override close(): this {
      if (this.open) seen.settings.push({ file: this.name, readonly: this.readonly, journal: this.pragma('journal_mode', { simple: true }), synchronous: this.pragma('synchronous', { simple: true }) })
      return super.close()
    }
  }
  return { default: Recorded }
})

const WAL_FULL = { readonly: false, journal: 'wal', synchronous: 2 }

/** A desk folder holding tickets, closed cleanly, then one page of its tickets table scribbled over. */
async function damagedDesk(dataDir: string): Promise<void> {
  const core = openFrontlineCore({ dataDir, sync: { background: false } })
  for (let i = 0; i < 30; i++) {
    const made = await core.dispatch('tickets.create', { subject: `Ticket ${i}`, channel: 'walk-in', requester: { name: `Person ${i}` }, description: 'x'.repeat(1_500) })
    expect(made.ok).toBe(true)
  }
  // Closed after the background check let go of the file: the last connection to close moves the log into
  // the file, so there are pages to damage (a check still reading at close, as on a loaded machine, kept them in the log).
  await core.verified
  await core.close()
  damageOnePage(join(dataDir, 'desk.sqlite'), 'tickets')
}

describe('every connection the desk writes through is WAL with synchronous=FULL', () => {
  it('on open, after a wipe, after a recovery found in the background, and after one found at open', async () => {
    const dir = tempDir('frontline-connections-')
    try {
      // The app's open (integrity check deferred), then a wipe, which opens a fresh file.
      const fresh = join(dir.path, 'fresh')
      const core = openFrontlineCore({ dataDir: fresh, sync: { background: false } })
      expect((await core.dispatch('tickets.create', { subject: 'Before the wipe', channel: 'walk-in', requester: { name: 'A' } })).ok).toBe(true)
      const exported = await core.dispatch('sync.exportPending', {})
      expect((await core.dispatch('desk.wipe', { confirm: 'wipe', savedExport: exported.ok ? (exported.value as MethodOutput<'sync.exportPending'>).fingerprint : '' })).ok).toBe(true)
      expect((await core.dispatch('tickets.create', { subject: 'After the wipe', channel: 'walk-in', requester: { name: 'B' } })).ok).toBe(true)
      await core.close()

      // Damage the background check finds: the desk moves to a recovered file.
      const background = join(dir.path, 'background')
      await damagedDesk(background)
      const recovering = openFrontlineCore({ dataDir: background, sync: { background: false } })
      await recovering.verified
      const status = await recovering.dispatch('desk.status', {})
      expect(status.ok && (status.value as MethodOutput<'desk.status'>).recovery).toBeTruthy()
      await recovering.close()

      // Damage a tool's open (checked inline) finds.
      const inline = join(dir.path, 'inline')
      await damagedDesk(inline)
      const opened = openDesk(join(inline, 'desk.sqlite'))
      expect(opened.recovery).not.toBeNull()
      opened.db.close()

      const writable = seen.settings.filter((s) => !s.readonly)
      const readOnly = seen.settings.filter((s) => s.readonly)
      // fresh: open + after wipe; each damaged desk: its first open, the open that finds damage, the recovered file.
      expect(writable.length).toBeGreaterThanOrEqual(2 + 3 + 3)
      for (const settings of writable) expect(settings, settings.file).toMatchObject(WAL_FULL)
      // The only connections that are not WAL + FULL never write: the damaged file read for its rows (and the layout reader in tests/support/damage.ts).
      expect(readOnly.some((s) => /\.damaged-/.test(s.file))).toBe(true)
      for (const settings of readOnly) expect(settings.file, 'a read-only connection').toMatch(/\.damaged-|copy\.sqlite$/)
    } finally {
      dir.remove()
    }
  }, 120_000)
})
