import type { Database } from 'better-sqlite3'
import { DeskError } from '../../../shared/errors'
import { Account, type SignedIn } from '../../../shared/sync'
import type { Directory } from '../store/directory'
import type { SyncState } from '../store/sync-state'
import type { DeskLink } from './desk-link'
import type { SecretStore } from './secret-store'

/**
 * Who this desk works as on the desk server: the device token (in the secret store), the server and
 * account (in the link beside the desk file), and the account's row in the desk's own directory, so
 * this desk's work is signed with the same id on every desk.
 */
export class DeskSession {
  constructor(
    private readonly deps: { db: Database; directory: Directory; secrets: SecretStore; link: DeskLink },
    state: SyncState
  ) {
    // A token written into the desk file by an earlier version moves to the secret store, once;
    // overwritten, not just unlinked: the old token must not linger in the file's free pages.
    const legacy = state.get('token')
    if (legacy) {
      deps.secrets.set('token', legacy)
      state.delete('token', { secure: true })
    }
    // A link an earlier version kept only in the desk file moves beside it.
    const legacyUrl = state.get('server_url')
    const legacyAccount = state.get('account')
    if (legacyUrl && legacyAccount && !deps.link.serverUrl()) deps.link.save(legacyUrl, Account.parse(JSON.parse(legacyAccount)))
    state.delete('server_url')
    state.delete('account')
    const account = deps.link.account()
    // A recovered desk file may have lost who this desk works as: the link says it again.
    if (this.token() && account) this.adopt(account)
  }

  token(): string | null {
    return this.deps.secrets.get('token')
  }

  serverUrl(): string | null {
    return this.deps.link.serverUrl()
  }

  account(): Account | null {
    return this.deps.link.account()
  }

  /** Every address of the team's servers this desk knows, the current one included. */
  servers(): string[] {
    return this.deps.link.servers()
  }

  /** Same token, another server: they share one PostgreSQL, so the device is known there too. */
  moveTo(url: string): void {
    this.deps.link.moveTo(url)
  }

  learnPeers(from: string, peers: string[]): void {
    this.deps.link.learnPeers(from, peers)
  }

  /** Where the token is kept, in words, for the status. */
  get tokenKeptIn(): string {
    return this.deps.secrets.where
  }

  /** The server and token, or a typed refusal saying `why` this needs them. */
  signedIn(why: string): { url: string; token: string } {
    const url = this.serverUrl()
    const token = this.token()
    if (!url || !token) throw new DeskError('UNAVAILABLE', why)
    return { url, token }
  }

  begin(url: string, signedIn: SignedIn): void {
    this.deps.link.save(url, signedIn.account)
    this.deps.secrets.set('token', signedIn.token)
    this.adopt(signedIn.account)
  }

  end(): void {
    this.deps.secrets.delete('token')
  }

  private adopt(account: Account): void {
    this.deps.directory.adoptAccount(account)
  }
}
