import type { z } from 'zod'
import type { NewAccount } from '../../../shared/sync'
import type { LifecyclePolicy } from '../../../shared/inventory'
import type { AccountChange, CannedList, GroupInput, SynonymGroups, TeamOverview, TeamPolicies } from '../../../shared/team'
import { v7 as uuidv7 } from 'uuid'
import type { DeskSession } from './desk-session'
import type { ServerClient } from './server-client'

/**
 * The Administration view's calls: accounts, groups and policies are the server's, so every change is
 * made online and the server decides who may (the role matrix). After each, the desk pulls at once,
 * so its own copy of the directory (and its due times) follow.
 */
export class TeamAdminCalls {
  constructor(
    private readonly server: ServerClient,
    private readonly session: DeskSession,
    private readonly syncSoon: () => void
  ) {}

  async overview(): Promise<TeamOverview> {
    const { url, token } = this.online()
    const admin = this.session.account()?.role === 'admin'
    const [directory, accounts, audit] = await Promise.all([
      this.server.call(url, token, 'GET /api/team'),
      this.server.call(url, token, 'GET /api/accounts'),
      admin ? this.server.call(url, token, 'GET /api/audit', { query: { limit: 200 } }) : Promise.resolve(null)
    ])
    return { directory, accounts, audit }
  }

  createAccount(input: z.output<typeof NewAccount>): Promise<TeamOverview> {
    return this.change((url, token) => this.server.call(url, token, 'POST /api/accounts', { body: input }))
  }

  changeAccount(id: string, change: z.output<typeof AccountChange>): Promise<TeamOverview> {
    return this.change((url, token) => this.server.call(url, token, 'PATCH /api/accounts/:id', { params: { id }, body: change }))
  }

  /** The one-time password, to show once; the person's next sign-in chooses their own. */
  async resetPassword(id: string): Promise<{ password: string; overview: TeamOverview }> {
    const { url, token } = this.online()
    const { password } = await this.server.call(url, token, 'POST /api/accounts/:id/password', { params: { id } })
    return { password, overview: await this.overview() }
  }

  revokeDevice(id: string): Promise<TeamOverview> {
    return this.change((url, token) => this.server.call(url, token, 'DELETE /api/devices/:id', { params: { id } }))
  }

  saveGroup(id: string | undefined, group: z.output<typeof GroupInput>): Promise<TeamOverview> {
    return this.change((url, token) => this.server.call(url, token, 'PUT /api/groups/:id', { params: { id: id ?? uuidv7() }, body: group }))
  }

  removeGroup(id: string, moveTo: string | undefined): Promise<TeamOverview> {
    return this.change((url, token) => this.server.call(url, token, 'DELETE /api/groups/:id', { params: { id }, query: moveTo ? { moveTo } : {} }))
  }

  savePolicies(policies: TeamPolicies): Promise<TeamOverview> {
    return this.change((url, token) => this.server.call(url, token, 'PUT /api/team/policies', { body: policies }))
  }

  saveCanned(list: CannedList): Promise<TeamOverview> {
    return this.change((url, token) => this.server.call(url, token, 'PUT /api/team/canned', { body: list }))
  }

  saveSynonyms(groups: SynonymGroups): Promise<TeamOverview> {
    return this.change((url, token) => this.server.call(url, token, 'PUT /api/team/synonyms', { body: groups }))
  }

  /** The refresh policy is the team's once the desk is signed in; null when it is not (the desk keeps its own). */
  async saveRefresh(policy: LifecyclePolicy): Promise<LifecyclePolicy | null> {
    if (!this.session.token()) return null
    await this.change((url, token) => this.server.call(url, token, 'PUT /api/team/refresh', { body: policy }))
    return policy
  }

  private async change(work: (url: string, token: string) => Promise<unknown>): Promise<TeamOverview> {
    const { url, token } = this.online()
    await work(url, token)
    this.syncSoon()
    return this.overview()
  }

  private online(): { url: string; token: string } {
    return this.session.signedIn('The team’s accounts, groups and policies are kept by the desk server: sign in to one to change them.')
  }
}
