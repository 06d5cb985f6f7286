import { createHash } from 'node:crypto'
import type { Pool, PoolClient } from 'pg'
import { defaultAttachmentMb } from '../shared/attachments'
import { DeskError } from '../shared/errors'

/**
 * The server's file store: bytes kept once by their SHA-256, in PostgreSQL with everything else, so
 * a backup of the database is a backup of the tickets' files. Mail intake and desks' uploads put
 * files here; replies going out and desks' downloads read them.
 */

type Db = Pool | PoolClient

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** The team's limit on one file, in bytes. */
export async function fileLimit(db: Db): Promise<number> {
  const mb = (await db.query<{ data: unknown }>("SELECT data FROM team_settings WHERE key = 'attachmentMb'")).rows[0]?.data
  return (typeof mb === 'number' ? mb : defaultAttachmentMb) * 1024 * 1024
}

/** Keeps the bytes (once, whoever sends them again) and answers their hash. */
export async function storeFile(db: Db, bytes: Buffer): Promise<string> {
  const sha256 = sha256Of(bytes)
  await db.query('INSERT INTO files (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [sha256, bytes.length, bytes])
  return sha256
}

/**
 * A desk's upload: refused unless the bytes are the ones it named (a desk cannot put bytes under
 * another file's hash) and within the team's limit.
 */
export async function acceptUpload(pool: Pool, sha256: string, bytes: Buffer): Promise<{ sha256: string; size: number }> {
  const limit = await fileLimit(pool)
  if (bytes.length > limit) throw new DeskError('INVALID_INPUT', `The file is larger than the team's limit of ${limit / 1024 / 1024} MB.`)
  if (sha256Of(bytes) !== sha256) throw new DeskError('INVALID_INPUT', 'The file does not match its SHA-256; it was changed or cut short on the way.')
  await storeFile(pool, bytes)
  return { sha256, size: bytes.length }
}

export async function readFile(pool: Pool, sha256: string): Promise<Buffer> {
  const row = (await pool.query<{ content: Buffer }>('SELECT content FROM files WHERE sha256 = $1', [sha256])).rows[0]
  if (!row) throw new DeskError('NOT_FOUND', 'The desk server does not have this file.')
  return row.content
}

/** Which of these the server does not have yet, and the limit on one file: what a desk must upload before it pushes. */
export async function missingFiles(pool: Pool, hashes: string[]): Promise<{ missing: string[]; limitBytes: number }> {
  const have = new Set((await pool.query<{ sha256: string }>('SELECT sha256 FROM files WHERE sha256 = ANY($1::text[])', [hashes])).rows.map((r) => r.sha256))
  return { missing: [...new Set(hashes)].filter((h) => !have.has(h)), limitBytes: await fileLimit(pool) }
}
