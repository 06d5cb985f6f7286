import type { Pool } from 'pg'
import type { SecretBox } from '../secret-box'

/** What is sealed in a token-signing mailbox's `secret`. */
export interface OAuth2Secrets {
  clientSecret: string
  refreshToken: string | null
}

/**
 * OAuth2 access tokens for mailboxes that sign in with XOAUTH2 (Microsoft 365, Gmail): one from the
 * provider's token endpoint, kept until a minute before it expires or a server refuses it. A refresh
 * token the provider rotates is saved at once (the used one may stop working), under a row lock, so
 * two server instances refreshing together do not each spend the same one.
 */
export class AccessTokens {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>()
  private readonly pending = new Map<string, Promise<string>>()

  constructor(
    private readonly pool: Pool,
    private readonly box: SecretBox,
    private readonly now: () => number = Date.now
  ) {}

  token(mailboxId: string): Promise<string> {
    const cached = this.cache.get(mailboxId)
    if (cached && cached.expiresAt - 60_000 > this.now()) return Promise.resolve(cached.token)
    let request = this.pending.get(mailboxId)
    if (!request) {
      request = this.request(mailboxId).finally(() => this.pending.delete(mailboxId))
      this.pending.set(mailboxId, request)
    }
    return request
  }

  /** Not to be offered again: a server refused it, or the mailbox's token source changed. */
  forget(mailboxId: string): void {
    this.cache.delete(mailboxId)
  }

  private async request(mailboxId: string): Promise<string> {
    const db = await this.pool.connect()
    try {
      await db.query('BEGIN')
      const row = (
        await db.query<{ oauth_token_url: string; oauth_grant: 'refresh_token' | 'client_credentials'; oauth_client_id: string; oauth_scope: string | null; secret: Buffer }>(
          "SELECT oauth_token_url, oauth_grant, oauth_client_id, oauth_scope, secret FROM mailboxes WHERE id = $1 AND auth = 'oauth2' FOR UPDATE",
          [mailboxId]
        )
      ).rows[0]
      if (!row) throw new Error('This mailbox does not sign in with OAuth2.')
      const secrets = JSON.parse(this.box.open(row.secret)) as OAuth2Secrets
      const host = new URL(row.oauth_token_url).host
      const form = new URLSearchParams({ grant_type: row.oauth_grant, client_id: row.oauth_client_id, client_secret: secrets.clientSecret })
      if (row.oauth_scope) form.set('scope', row.oauth_scope)
      if (row.oauth_grant === 'refresh_token' && secrets.refreshToken) form.set('refresh_token', secrets.refreshToken)
      let response: Response
      try {
        response = await fetch(row.oauth_token_url, { method: 'POST', headers: { accept: 'application/json' }, body: form, redirect: 'error', signal: AbortSignal.timeout(15_000) })
      } catch {
        throw new Error(`The token service at ${host} cannot be reached.`)
      }
      const body = (await response.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown; error?: unknown; error_description?: unknown } | null
      if (!response.ok || typeof body?.access_token !== 'string' || body.access_token === '') {
        const why = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`
        const detail = typeof body?.error_description === 'string' ? ` (${body.error_description.split('\n')[0]!.slice(0, 200)})` : ''
        throw new Error(`The token service at ${host} refused: ${why}${detail}.`)
      }
      if (typeof body.refresh_token === 'string' && body.refresh_token && body.refresh_token !== secrets.refreshToken) {
        await db.query('UPDATE mailboxes SET secret = $2 WHERE id = $1', [mailboxId, this.box.seal(JSON.stringify({ ...secrets, refreshToken: body.refresh_token } satisfies OAuth2Secrets))])
      }
      await db.query('COMMIT')
      const seconds = Number(body.expires_in)
      this.cache.set(mailboxId, { token: body.access_token, expiresAt: this.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 3_600) * 1_000 })
      return body.access_token
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      db.release()
    }
  }
}
