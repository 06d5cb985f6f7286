import { createHash } from 'node:crypto'
import { DeskError } from '../../../shared/errors'
import type { FileStore } from '../store/file-store'
import type { DeskSession } from './desk-session'
import type { ServerClient } from './server-client'

/**
 * Files between this desk and the desk server: before each push, every file an unsent change
 * attaches goes up (unless the server has it already, by hash), so the entry that names it is
 * accepted; a file on a ticket comes down when it is first opened here, checked against its hash.
 */
export class FileTransfer {
  constructor(
    private readonly files: FileStore,
    private readonly server: ServerClient,
    private readonly session: DeskSession
  ) {}

  async upload(url: string, token: string): Promise<void> {
    const pending = this.files.pendingUploads()
    for (let i = 0; i < pending.length; i += 200) {
      const chunk = pending.slice(i, i + 200)
      const { missing, limitBytes } = await this.server.call(url, token, 'POST /api/files/missing', { body: { hashes: chunk.map((f) => f.sha256) } })
      const wanted = new Set(missing)
      for (const file of chunk) {
        // Over a limit the team lowered since it was attached: the entry naming it is refused with the reason, for Retry or Discard.
        if (wanted.has(file.sha256) && file.size > limitBytes) continue
        const bytes = wanted.has(file.sha256) ? this.files.get(file.sha256) : null
        if (bytes) {
          try {
            await this.server.sendBytes(url, token, 'PUT /api/files/:sha256', { params: { sha256: file.sha256 } }, bytes)
          } catch (error) {
            if (error instanceof DeskError && error.code === 'INVALID_INPUT') continue
            throw error
          }
        }
        this.files.uploaded(file.sha256)
      }
    }
  }

  async download(sha256: string): Promise<Buffer> {
    const { url, token } = this.session.signedIn('This file is kept on the desk server and not yet on this machine: sign in (or reconnect) to open it.')
    const bytes = await this.server.fetchBytes(url, token, 'GET /api/files/:sha256', { params: { sha256 } })
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new DeskError('UNAVAILABLE', 'The file arrived damaged (it does not match its SHA-256); try again.')
    this.files.keep(sha256, bytes)
    return bytes
  }
}
