import { defaultAttachmentMb, fileSize, isProgramFile, safeFileName, safeMimeType } from '../../../shared/attachments'
import { DeskError } from '../../../shared/errors'
import type { Directory } from '../store/directory'
import type { FileStore } from '../store/file-store'
import type { FileTransfer } from '../sync/file-transfer'
import type { AreaHandlers } from './handler-types'

/** The shell's guard: shows the name (warning for a program), and only on a yes hands the file to its program. */
export type OpenFile = (file: { name: string; bytes: Buffer; program: boolean }) => Promise<boolean>

export interface FileHandlerDeps {
  files: FileStore
  transfer: FileTransfer
  directory: Directory
  /** Absent in the browser host: there the browser saves a file, and nothing on this machine opens it. */
  openFile: OpenFile | undefined
}

export function filesHandlers({ files, transfer, directory, openFile }: FileHandlerDeps): AreaHandlers<'files'> {
  const bytesOf = async (sha256: string) => files.get(sha256) ?? (await transfer.download(sha256))
  return {
    'files.attach': ({ name, type, data }) => {
      const bytes = Buffer.from(data, 'base64')
      const label = safeFileName(name)
      // The team's limit as this desk last heard it: checked here, so an offline reply never carries a file the server will refuse.
      const limitMb = Number(directory.getMeta('attachment_mb') ?? defaultAttachmentMb)
      if (bytes.length === 0) throw new DeskError('INVALID_INPUT', `${label} is empty.`)
      if (bytes.length > limitMb * 1_048_576) throw new DeskError('INVALID_INPUT', `${label} is ${fileSize(bytes.length)}; the team keeps files up to ${limitMb} MB.`)
      const { sha256, size } = files.attach(bytes)
      return { sha256, size, name: label, type: safeMimeType(type) }
    },
    'files.get': async ({ sha256 }) => ({ data: (await bytesOf(sha256)).toString('base64') }),
    'files.open': async ({ sha256, name }) => {
      if (!openFile) throw new DeskError('FORBIDDEN', 'Files open with their program from the Frontline app; in the browser, save the file instead.')
      const label = safeFileName(name)
      return { opened: await openFile({ name: label, bytes: await bytesOf(sha256), program: isProgramFile(label) }) }
    }
  }
}
