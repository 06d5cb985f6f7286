import BetterSqlite3 from 'better-sqlite3'
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The page numbers the write-ahead log holds a newer copy of: damage there would be masked by the log. */
export function pagesInWal(file: string): Set<number> {
  const pages = new Set<number>()
  if (!existsSync(`${file}-wal`)) return pages
  const wal = readFileSync(`${file}-wal`)
  if (wal.length < 32) return pages
  const frameSize = 24 + wal.readUInt32BE(8)
  for (let at = 32; at + frameSize <= wal.length; at += frameSize) pages.add(wal.readUInt32BE(at))
  return pages
}

/**
 * Scribbles over one page of `table` in the desk file itself, as a dying disk might: one the log does
 * not shadow, so SQLite really reads the damage. The layout is read from a copy (opening a crashed
 * desk in place would replay its log into the file).
 */
export function damageOnePage(file: string, table: string): number {
  const scratch = mkdtempSync(join(tmpdir(), 'frontline-layout-'))
  for (const suffix of ['', '-wal']) if (existsSync(file + suffix)) copyFileSync(file + suffix, join(scratch, 'copy.sqlite' + suffix))
  const copy = new BetterSqlite3(join(scratch, 'copy.sqlite'), { readonly: true })
  const pageSize = copy.pragma('page_size', { simple: true }) as number
  const pages = copy.prepare('SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno').pluck().all(table) as number[]
  copy.close()
  rmSync(scratch, { recursive: true, force: true })
  const shadowed = pagesInWal(file)
  const page = pages.find((p) => !shadowed.has(p) && p > 1)
  if (page === undefined) throw new Error(`every page of ${table} is in the log; nothing in the file to damage`)
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (page - 1) * pageSize)
  closeSync(fd)
  return page
}

/** Flips bytes inside the page data of one frame of the log. */
export function damageWalFrame(file: string, frame: number): void {
  const wal = `${file}-wal`
  const pageSize = readFileSync(wal).readUInt32BE(8)
  const fd = openSync(wal, 'r+')
  writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, 32 + frame * (24 + pageSize) + 24 + 100)
  closeSync(fd)
}

/** Overwrites the log's header, as a torn or misdirected write would. */
export function damageWalHeader(file: string): void {
  const fd = openSync(`${file}-wal`, 'r+')
  writeSync(fd, Buffer.alloc(16, 0x00), 0, 16, 8)
  closeSync(fd)
}
