import { join } from 'node:path'
import { z } from 'zod'
import { maxServerAddresses } from '../../../shared/server-address'
import { Account } from '../../../shared/sync'
import { PrivateJsonFile } from './secret-store'

/** What the file may hold under `servers`: written by this class from checked addresses, read back defensively. */
const Servers = z.array(z.string().min(1).max(500)).max(maxServerAddresses + 3)

/**
 * Which desk server this desk belongs to, and as whom: kept beside the desk file (0600), not only in
 * it, so a damaged desk file never costs a signed-in technician their link. The token itself is the
 * secret store's. `serverUrl` is the server the desk works with now; `servers` every address it may
 * move to (the one signed in at first, then the peers the servers named), in the order it tries them.
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

  /** Every known address, the current one included (a link written before failover knew only that one). */
  servers(): string[] {
    const values = this.file.read()
    const current = values.serverUrl
    if (!current) return []
    let saved: string[] = []
    try {
      const parsed = Servers.safeParse(JSON.parse(values.servers ?? '[]'))
      if (parsed.success) saved = parsed.data
    } catch {
      // Unreadable: the current server alone, as before there were peers.
    }
    return saved.includes(current) ? saved : [current, ...saved]
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
    this.file.write({ serverUrl, account: JSON.stringify(account), servers: JSON.stringify([serverUrl]) })
  }

  /** Works with `serverUrl` from now on (one of `servers()`), after the current one stopped answering. */
  moveTo(serverUrl: string): void {
    const values = this.file.read()
    if (!values.serverUrl || !this.servers().includes(serverUrl)) return
    this.file.write({ ...values, serverUrl })
  }

  /**
   * The peers server `from` named (already checked): the list becomes the address signed in at first,
   * the current one, `from` (the desk may be about to move there), then these. A peer an admin removed
   * is forgotten; the others never are.
   */
  learnPeers(from: string, peers: string[]): void {
    const values = this.file.read()
    const current = values.serverUrl
    if (!current) return
    const first = this.servers()[0] ?? current
    const servers = [...new Set([first, current, from, ...peers])].slice(0, maxServerAddresses + 3)
    this.file.write({ ...values, servers: JSON.stringify(servers) })
  }

  forget(): void {
    this.file.write({})
  }
}
