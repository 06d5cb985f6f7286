import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs'

/**
 * SQLite silently ignores a write-ahead log it cannot trust (a bad header, frames with the wrong salt
 * or checksum) and opens the database as of its last checkpoint: for a desk whose work sits in the
 * WAL, that is an empty desk and no word about it. This reads the log as SQLite would (the WAL format
 * in sqlite.org/fileformat2.html) before the desk opens, and says when committed work would be dropped.
 * Null when the log is absent, empty or whole.
 */
export function walDamage(dbFile: string): string | null {
  const first = readWal(dbFile)
  if (first === null) return null
  // Another process with the desk open (the app and the browser host share it) may be mid-write: only a
  // log that reads the same after a pause, unchanged on disk, is a crash's leftover rather than work under way.
  const before = walStamp(dbFile)
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100)
  return walStamp(dbFile) === before && readWal(dbFile) === first ? first : null
}

function walStamp(dbFile: string): string {
  const wal = `${dbFile}-wal`
  return existsSync(wal) ? `${statSync(wal).size}:${statSync(wal).mtimeMs}` : 'none'
}

function readWal(dbFile: string): string | null {
  const walFile = `${dbFile}-wal`
  if (!existsSync(walFile)) return null
  const fd = openSync(walFile, 'r')
  try {
    const size = fstatSync(fd).size
    // Shorter than a header: no frame was ever whole, so nothing committed is in it.
    if (size < 32) return null
    const header = read(fd, 0, 32)
    const magic = header.readUInt32BE(0)
    if ((magic !== 0x377f0682 && magic !== 0x377f0683) || header.readUInt32BE(4) !== 3007000) return 'the write-ahead log’s header is unreadable'
    const bigEndian = magic === 0x377f0683
    const [h0, h1] = checksum(header.subarray(0, 24), 0, 0, bigEndian)
    if (h0 !== header.readUInt32BE(24) || h1 !== header.readUInt32BE(28)) return 'the write-ahead log’s header is damaged'
    const pageSize = header.readUInt32BE(8)
    const dbPageSize = databasePageSize(dbFile)
    if (dbPageSize !== null && dbPageSize !== pageSize) return 'the write-ahead log belongs to another database (page sizes differ)'
    const salt1 = header.readUInt32BE(16)
    const salt2 = header.readUInt32BE(20)

    const frameSize = 24 + pageSize
    const frames = Math.floor((size - 32) / frameSize)
    let sums: [number, number] = [h0, h1]
    let broken = -1
    for (let i = 0; i < frames; i++) {
      const frame = read(fd, 32 + i * frameSize, frameSize)
      if (frame.readUInt32BE(8) !== salt1 || frame.readUInt32BE(12) !== salt2) {
        broken = i
        break
      }
      sums = checksum(frame.subarray(24), ...checksum(frame.subarray(0, 8), sums[0], sums[1], bigEndian), bigEndian)
      if (sums[0] !== frame.readUInt32BE(16) || sums[1] !== frame.readUInt32BE(20)) {
        broken = i
        break
      }
    }
    if (broken < 0) return null
    // Frames of this log's own generation after the break: SQLite would stop at the break and drop them.
    for (let i = broken + 1; i < frames; i++) {
      const frame = read(fd, 32 + i * frameSize, 16)
      if (frame.readUInt32BE(8) === salt1 && frame.readUInt32BE(12) === salt2) return `the write-ahead log is damaged at frame ${broken + 1} of ${frames}`
    }
    if (broken === 0) {
      // Left over from the previous generation (already checkpointed) carries the salt just before this one; anything else is foreign.
      const first = read(fd, 32, 16)
      const previous = (salt1 - 1) >>> 0
      if (first.readUInt32BE(8) !== previous && first.readUInt32BE(8) !== salt1) return 'the write-ahead log does not match its own frames (another database’s log?)'
    }
    return null
  } finally {
    closeSync(fd)
  }
}

function read(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length)
  readSync(fd, buffer, 0, length, position)
  return buffer
}

/** The database header's page size (offset 16; 1 means 65536), or null when the file is too short to say. */
function databasePageSize(dbFile: string): number | null {
  if (!existsSync(dbFile)) return null
  const fd = openSync(dbFile, 'r')
  try {
    if (fstatSync(fd).size < 100) return null
    const value = read(fd, 16, 2).readUInt16BE(0)
    return value === 1 ? 65_536 : value
  } finally {
    closeSync(fd)
  }
}

/** SQLite's WAL checksum: pairs of 32-bit words, in the byte order the magic number names, carried over from s0/s1. */
function checksum(data: Buffer, s0: number, s1: number, bigEndian: boolean): [number, number] {
  for (let i = 0; i + 8 <= data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i)
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4)
    s0 = (s0 + x0 + s1) >>> 0
    s1 = (s1 + x1 + s0) >>> 0
  }
  return [s0, s1]
}
