import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { freePort } from './free-port'

/**
 * A real OAuth2 token service on a loopback port, as Microsoft's and Google's behave for mail: the
 * refresh-token grant (the refresh token rotates on each use, and a used one is refused) and the
 * client-credentials grant, plus the introspection endpoint a mail server asks whether a bearer
 * token is live and whose it is.
 */
export interface TokenService {
  url: string
  tokenUrl: string
  introspectionUrl: string
  clientId: string
  clientSecret: string
  /** The refresh token that works now (each use replaces it). */
  refreshToken(): string
  /** Grants answered, by type, and refusals. */
  granted: Array<'refresh_token' | 'client_credentials'>
  refused: string[]
  /** Whose a live access token is (the introspection answer), or null. */
  holder(accessToken: string): string | null
  /** Ends every access token issued so far (as a revoked consent or an expiry would). */
  revokeAll(): void
  stop(): Promise<void>
}

export async function startTokenService(user: string): Promise<TokenService> {
  const clientId = 'frontline-desk-server'
  const clientSecret = `secret-${randomBytes(8).toString('hex')}`
  let refresh = `refresh-${randomBytes(12).toString('hex')}`
  const live = new Set<string>()
  const granted: TokenService['granted'] = []
  const refused: string[] = []
  const port = await freePort()

  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      const form = new URLSearchParams(body)
      const answer = (status: number, json: object) => {
        response.writeHead(status, { 'content-type': 'application/json' })
        response.end(JSON.stringify(json))
      }
      if (request.method === 'POST' && request.url === '/introspect') return answer(200, live.has(form.get('token') ?? '') ? { active: true, username: user } : { active: false })
      if (request.method !== 'POST' || request.url !== '/token') return answer(404, { error: 'not_found' })
      const refuse = (status: number, error: string, description: string) => {
        refused.push(error)
        answer(status, { error, error_description: description })
      }
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return refuse(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.')
      const grant = form.get('grant_type')
      if (grant === 'refresh_token' && form.get('refresh_token') !== refresh) return refuse(400, 'invalid_grant', 'AADSTS70000: The provided refresh token is expired, revoked or already used.')
      if (grant !== 'refresh_token' && grant !== 'client_credentials') return refuse(400, 'unsupported_grant_type', `${grant} is not supported.`)
      const token = `access-${randomBytes(16).toString('hex')}`
      live.add(token)
      granted.push(grant)
      const rotated = grant === 'refresh_token' ? (refresh = `refresh-${randomBytes(12).toString('hex')}`) : undefined
      answer(200, { token_type: 'Bearer', access_token: token, expires_in: 3600, scope: form.get('scope') ?? '', ...(rotated ? { refresh_token: rotated } : {}) })
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    tokenUrl: `${url}/token`,
    introspectionUrl: `${url}/introspect`,
    clientId,
    clientSecret,
    refreshToken: () => refresh,
    granted,
    refused,
    holder: (token) => (live.has(token) ? user : null),
    revokeAll: () => live.clear(),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
