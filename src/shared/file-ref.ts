import { z } from 'zod'
import { maxFilesPerEntry, safeFileName, safeMimeType } from './attachments'

/**
 * Files on tickets: stored once on the desk server by the SHA-256 of their bytes, named on the
 * timeline entry that brought them. The name is only ever a label; nothing opens a file by it.
 */
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: 'Not a SHA-256 in hex.' })

export const FileRef = z
  .object({
    sha256: Sha256,
    name: z.string().refine((n) => n.length > 0 && safeFileName(n) === n, { error: 'Not a safe file name.' }),
    size: z.number().int().nonnegative(),
    type: z.string().refine((t) => safeMimeType(t) === t, { error: 'Not a MIME type.' })
  })
  .strict()
export type FileRef = z.infer<typeof FileRef>

/** What one timeline entry may carry. */
export const Attachments = z.array(FileRef).max(maxFilesPerEntry, { error: `At most ${maxFilesPerEntry} files on one entry.` })
