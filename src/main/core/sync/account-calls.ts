import type { z } from 'zod'
import type { AccountActionInput, AccountActionResult, AccountLookup, AccountPolicy, ConnectionTest, DirectoryInfo, DirectoryInput, SyncReport } from '../../../shared/directory'
import { v7 as uuidv7 } from 'uuid'
import type { DeskSession } from './desk-session'
import type { ServerClient } from './server-client'

/**
 * Account help and the directories behind it. The desk holds no directory credentials: every read
 * and action goes to the desk server, live, so offline it is unavailable by design. Before an
 * action, the desk pushes what it has (the ticket it is written to must be on the server); after,
 * it pulls, so the timeline shows the server's entry.
 */
export class AccountCalls {
  constructor(
    private readonly server: ServerClient,
    private readonly session: DeskSession,
    private readonly syncNow: () => Promise<unknown>
  ) {}

  lookup(personId: string): Promise<AccountLookup> {
    const { url, token } = this.online()
    return this.server.call(url, token, 'GET /api/people/:id/account', { params: { id: personId } })
  }

  async act(personId: string, input: z.output<typeof AccountActionInput>): Promise<AccountActionResult> {
    const { url, token } = this.online()
    await this.syncNow()
    const result = await this.server.call(url, token, 'POST /api/people/:id/account', { params: { id: personId }, body: input })
    void this.syncNow()
    return result
  }

  directories(): Promise<{ directories: DirectoryInfo[]; policy: AccountPolicy }> {
    const { url, token } = this.online()
    return this.server.call(url, token, 'GET /api/directories')
  }

  saveDirectory(id: string | undefined, input: z.output<typeof DirectoryInput>): Promise<DirectoryInfo> {
    const { url, token } = this.online()
    return this.server.call(url, token, 'PUT /api/directories/:id', { params: { id: id ?? uuidv7() }, body: input })
  }

  testDirectory(id: string | undefined, input: z.output<typeof DirectoryInput>): Promise<ConnectionTest> {
    const { url, token } = this.online()
    return this.server.call(url, token, 'POST /api/directories/:id/test', { params: { id: id ?? uuidv7() }, body: input })
  }

  async syncDirectory(id: string, full: boolean): Promise<SyncReport> {
    const { url, token } = this.online()
    const report = await this.server.call(url, token, 'POST /api/directories/:id/sync', { params: { id }, query: { full: String(full) as 'true' | 'false' } })
    void this.syncNow()
    return report
  }

  savePolicy(policy: AccountPolicy): Promise<AccountPolicy> {
    const { url, token } = this.online()
    return this.server.call(url, token, 'PUT /api/team/account-policy', { body: policy })
  }

  private online(): { url: string; token: string } {
    return this.session.signedIn('Directory accounts are reached through the desk server: unavailable offline or before signing in.')
  }
}
