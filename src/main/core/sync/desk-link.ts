import { join } from 'node:path'
import { Account } from '../../../shared/sync'
import { PrivateJsonFile } from './secret-store'

/**
 * Which desk server this desk belongs to, and as whom: kept beside the desk file (0600), not only in
 * it, so a damaged desk file never costs a signed-in technician their link. The token itself is the
 * secret store's.
 */
export class DeskLink {
  private readonly file: PrivateJsonFile

  constructor(dir: string) {
    this.file = new PrivateJsonFile(join(dir, 'desk-link.json'))
  }

  get path(): string {
    return this.file.path
  }

  serverUrl(): string | null {
    return this.file.read().serverUrl ?? null
  }

  account(): Account | null {
    const saved = this.file.read().account
    if (!saved) return null
    try {
      const parsed = Account.safeParse(JSON.parse(saved))
      return parsed.success ? parsed.data : null
    } catch {
      return null
    }
  }

  save(serverUrl: string, account: Account): void {
    this.file.write({ serverUrl, account: JSON.stringify(account) })
  }

  forget(): void {
    this.file.write({})
  }
}
