import type { Database, Statement } from 'better-sqlite3'
import { createHash } from 'node:crypto'

/**
 * Files in the desk file, by the SHA-256 of their bytes. One attached here waits (marked) until the
 * desk server has it; one opened here stays for offline use, and the least recently used of those go
 * once the files here pass the cap. Neither kind is ever the only copy of anything but an upload.
 */
export class FileStore {
  private readonly insert: Statement<{ sha256: string; size: number; content: Buffer; upload: number; used_at: string }>
  private readonly read: Statement<[string], { content: Buffer }>
  private readonly sized: Statement<[string], { size: number }>
  private readonly touch: Statement<[string, string]>
  private readonly uploads: Statement<[], { sha256: string; size: number }>
  private readonly done: Statement<[string]>
  private readonly kept: Statement<[], { sha256: string; size: number }>
  private readonly total: Statement<[], { bytes: number; files: number }>
  private readonly drop: Statement<[string]>
  private readonly stale: Statement<[string]>

  constructor(
    db: Database,
    private readonly now: () => Date,
    /** Bytes of opened files kept for offline use. */
    private readonly capBytes = 256 * 1024 * 1024
  ) {
    this.insert = db.prepare(
      `INSERT INTO files (sha256, size, content, upload, used_at) VALUES (@sha256, @size, @content, @upload, @used_at)
       ON CONFLICT (sha256) DO UPDATE SET used_at = excluded.used_at, upload = min(upload, excluded.upload)`
    )
    this.read = db.prepare('SELECT content FROM files WHERE sha256 = ?')
    this.sized = db.prepare('SELECT size FROM files WHERE sha256 = ?')
    this.touch = db.prepare('UPDATE files SET used_at = ? WHERE sha256 = ?')
    // Only files an unsent change names: one attached to a draft that was never sent goes nowhere.
    this.uploads = db.prepare(
      "SELECT sha256, size FROM files f WHERE upload = 1 AND EXISTS (SELECT 1 FROM outbox o WHERE instr(o.payload, f.sha256) > 0 AND o.refused_code IS NULL) ORDER BY used_at"
    )
    this.done = db.prepare('UPDATE files SET upload = 0 WHERE sha256 = ?')
    this.kept = db.prepare('SELECT sha256, size FROM files WHERE upload = 0 ORDER BY used_at DESC, sha256')
    this.total = db.prepare('SELECT coalesce(sum(size), 0) AS bytes, count(*) AS files FROM files')
    this.drop = db.prepare('DELETE FROM files WHERE sha256 = ? AND upload = 0')
    // A file attached to a reply that was never sent, after a day, and not named by any change.
    this.stale = db.prepare("DELETE FROM files WHERE upload = 1 AND used_at < ? AND NOT EXISTS (SELECT 1 FROM outbox o WHERE instr(o.payload, files.sha256) > 0)")
  }

  /** A file the technician attaches here: kept until the desk server has it. */
  attach(content: Buffer): { sha256: string; size: number } {
    const sha256 = createHash('sha256').update(content).digest('hex')
    this.insert.run({ sha256, size: content.length, content, upload: 1, used_at: this.now().toISOString() })
    return { sha256, size: content.length }
  }

  /** A file downloaded from the desk server (which already has it); the cap is kept after it. */
  keep(sha256: string, content: Buffer): void {
    this.insert.run({ sha256, size: content.length, content, upload: 0, used_at: this.now().toISOString() })
    this.trim()
  }

  get(sha256: string): Buffer | null {
    const row = this.read.get(sha256)
    if (row) this.touch.run(this.now().toISOString(), sha256)
    return row?.content ?? null
  }

  /** The size of a file this desk holds, or null. */
  sizeOf(sha256: string): number | null {
    return this.sized.get(sha256)?.size ?? null
  }

  /** What the desk server must have before the outbox's entries that name it go. */
  pendingUploads(): Array<{ sha256: string; size: number }> {
    return this.uploads.all()
  }

  uploaded(sha256: string): void {
    this.done.run(sha256)
  }

  usage(): { bytes: number; files: number } {
    return this.total.get()!
  }

  /** Least recently used first, until the files the desk keeps for offline use fit the cap; uploads are never dropped. */
  trim(): void {
    this.stale.run(new Date(this.now().getTime() - 86_400_000).toISOString())
    let kept = 0
    for (const file of this.kept.all()) {
      kept += file.size
      if (kept > this.capBytes) this.drop.run(file.sha256)
    }
  }
}
