import type { Pool } from 'pg'
import type { ConnectionTest, DirectoryInfo, DirectoryInput, SyncReport } from '../../shared/directory'
import { DeskError } from '../../shared/errors'
import type { Caller } from '../accounts'
import type { SecretBox } from '../secret-box'
import { connectDirectory, directoryError } from './connection'
import { describe, loadDirectories, loadDirectory, merged, peopleCounts, saveDirectory, type StoredDirectory } from './directory-store'
import { flavours } from './flavours'
import { syncPeople, type SyncProgress } from './people-sync'

/**
 * The admin's side of the directories: configure, test, sync now, and the schedule that syncs each
 * on its own interval. One sync per directory at a time on this instance, and across instances
 * (a PostgreSQL advisory lock held for the sync's length).
 */
export class DirectoryService {
  private readonly running = new Map<string, SyncProgress>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly pool: Pool,
    private readonly box: SecretBox,
    private readonly now: () => number = Date.now
  ) {}

  async list(): Promise<DirectoryInfo[]> {
    const counts = await peopleCounts(this.pool)
    return (await loadDirectories(this.pool)).map((d) => describe(d, counts.get(d.id) ?? 0, this.running.get(d.id) ?? null))
  }

  async save(caller: Caller, id: string, input: DirectoryInput): Promise<DirectoryInfo> {
    const stored = await loadDirectory(this.pool, id).catch((error: unknown) => {
      if (error instanceof DeskError && error.code === 'NOT_FOUND') return null
      throw error
    })
    await saveDirectory(this.pool, caller, merged(id, input, stored, this.box))
    return (await this.list()).find((d) => d.id === id)!
  }

  /** Binds with the form's values (the stored password when none is typed) and counts the people it would sync. */
  async test(id: string, input: DirectoryInput): Promise<ConnectionTest> {
    const stored = await loadDirectory(this.pool, id).catch(() => null)
    let directory: ReturnType<typeof merged>
    try {
      directory = merged(id, input, stored, this.box)
    } catch (error) {
      return { ok: false, message: (error as Error).message, people: null }
    }
    try {
      const client = await connectDirectory(directory, directory.password)
      try {
        let people = 0
        const filter = `(&${flavours[directory.flavour].personFilter}${directory.peopleFilter})`
        for (const base of directory.baseDns) {
          for await (const page of client.searchPaginated(base, { scope: 'sub', filter, attributes: ['1.1'], paged: { pageSize: 1_000 } })) people += page.searchEntries.length
        }
        return { ok: true, message: `Connected to ${directory.url} as ${directory.bindDn}: ${people.toLocaleString('en')} people under ${directory.baseDns.join('; ')}.`, people }
      } finally {
        await client.unbind().catch(() => undefined)
      }
    } catch (error) {
      return { ok: false, message: directoryError(directory, error).message, people: null }
    }
  }

  /** Syncs one directory now; the answer is its report (progress shows in `list` meanwhile). */
  async sync(id: string, full = false): Promise<SyncReport> {
    if (this.running.has(id)) throw new DeskError('CONFLICT', 'This directory is syncing already.')
    const directory = await loadDirectory(this.pool, id)
    this.running.set(id, { phase: 'reading', read: 0 })
    const lock = await this.pool.connect()
    try {
      const free = (await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(4300, hashtext($1)) AS ok', [id])).rows[0]!.ok
      if (!free) throw new DeskError('CONFLICT', 'This directory is syncing already on another desk server instance.')
      try {
        return await this.syncLocked(directory, full)
      } finally {
        await lock.query('SELECT pg_advisory_unlock(4300, hashtext($1))', [id])
      }
    } finally {
      lock.release()
      this.running.delete(id)
    }
  }

  private async syncLocked(directory: StoredDirectory, full: boolean): Promise<SyncReport> {
    const startedAt = new Date(this.now()).toISOString()
    try {
      const client = await connectDirectory(directory, this.box.open(directory.bindSecret))
      try {
        return await syncPeople(this.pool, client, directory, { full, now: this.now(), onProgress: (p) => this.running.set(directory.id, p) })
      } finally {
        await client.unbind().catch(() => undefined)
      }
    } catch (error) {
      const failed = directoryError(directory, error)
      const report: SyncReport = { full, startedAt, finishedAt: new Date(this.now()).toISOString(), counts: { read: 0, created: 0, updated: 0, linked: 0, disabled: 0, removed: 0, unchanged: 0 }, error: failed.message }
      await this.pool.query('UPDATE directories SET last_sync = $2 WHERE id = $1', [directory.id, JSON.stringify(report)])
      throw failed
    }
  }

  /** Every minute, syncs each directory whose interval has passed since its last sync. */
  startSchedule(everyMs = 60_000): void {
    this.timer = setInterval(() => void this.syncDue().catch(() => undefined), everyMs)
    this.timer.unref()
  }

  async syncDue(): Promise<void> {
    for (const d of await loadDirectories(this.pool)) {
      const last = d.lastSync ? Date.parse(d.lastSync.startedAt) : 0
      if (d.syncMinutes > 0 && !this.running.has(d.id) && this.now() - last >= d.syncMinutes * 60_000) await this.sync(d.id).catch(() => undefined)
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
  }
}

