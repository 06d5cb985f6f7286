import type { RouteOutput } from '../../../shared/server-contract'
import type { DeskSession } from './desk-session'
import type { ServerClient } from './server-client'

type Enrollments = { tokens: RouteOutput<'GET /api/enrollments'>; reviews: RouteOutput<'GET /api/inventory/reviews'> }

/**
 * The Fleet view's calls about headless machines: enrollment tokens for `frontline-probe`, and the
 * snapshots waiting for a person's review. The server decides who may (supervisors and admins).
 */
export class EnrollmentCalls {
  constructor(
    private readonly server: ServerClient,
    private readonly session: DeskSession,
    /** An accepted snapshot reaches this desk with the next sync. */
    private readonly syncSoon: () => void
  ) {}

  async create(label: string): Promise<{ token: string; label: string; serverUrl: string }> {
    const { url, token } = this.session.signedIn('Sign in to a desk server first: enrollment tokens come from the server.')
    const made = await this.server.call(url, token, 'POST /api/enrollments', { body: { label } })
    return { token: made.token, label: made.label, serverUrl: url }
  }

  async list(): Promise<Enrollments> {
    const { url, token } = this.session.signedIn('Sign in to a desk server first: enrollment tokens are the server’s.')
    const [tokens, reviews] = await Promise.all([this.server.call(url, token, 'GET /api/enrollments'), this.server.call(url, token, 'GET /api/inventory/reviews')])
    return { tokens, reviews }
  }

  async revoke(id: string): Promise<Enrollments> {
    const { url, token } = this.session.signedIn('Sign in to a desk server first.')
    await this.server.call(url, token, 'DELETE /api/enrollments/:id', { params: { id } })
    return this.list()
  }

  /** Accepted, the snapshot reaches every desk with the next sync; refused, the server drops it. */
  async decide(id: string, accept: boolean): Promise<Enrollments> {
    const { url, token } = this.session.signedIn('Sign in to a desk server first.')
    await this.server.call(url, token, 'POST /api/inventory/reviews/:id', { params: { id }, body: { accept } })
    if (accept) this.syncSoon()
    return this.list()
  }
}
