import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDeskServer } from '../../src/server/app'
import { startTestServer, type TestServer } from '../support/desk-server'
import { tempDir } from '../support/temp-dir'

describe('the desk server over TLS, and behind a trusted proxy', () => {
  let server: TestServer
  const dir = tempDir('frontline-tls-')
  beforeAll(async () => {
    server = await startTestServer()
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    dir.remove()
  })

  it('serves HTTPS with the certificate it is given, and nothing in plain HTTP', async () => {
    const cert = join(dir.path, 'cert.pem')
    const key = join(dir.path, 'key.pem')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' })
    const child = spawn(process.execPath, [resolve('out/main/server.js'), '--port', '0', '--tls-cert', cert, '--tls-key', key], { env: { ...process.env, DATABASE_URL: server.databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const match = /^Frontline desk server: (\S+)$/.exec(line)
          if (match) resolveUrl(match[1]!)
        })
        child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
      })
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
      const answer = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((done, fail) => {
        const req = request(`${url}/api/health`, { ca: readFileSync(cert) }, (response) => {
          let body = ''
          response.on('data', (chunk: Buffer) => (body += chunk.toString()))
          response.on('end', () => done({ status: response.statusCode ?? 0, headers: response.headers, body }))
        })
        req.on('error', fail)
        req.end()
      })
      expect(answer).toMatchObject({ status: 200, headers: { 'cache-control': 'no-store', 'strict-transport-security': expect.any(String) } })
      expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { status: 'ok' } })
      await expect(fetch(url.replace('https:', 'http:') + '/api/health')).rejects.toThrow()
    } finally {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  })

  it('takes the caller’s address from X-Forwarded-For only when the proxy is trusted, for throttling and the log', async () => {
    const behind = createDeskServer({ pool: server.pool, onChange: () => () => undefined, trustProxy: ['127.0.0.1'] })
    const open = createDeskServer({ pool: server.pool, onChange: () => () => undefined })
    const email = `ghost-${Date.now()}@corp.example`
    const attempt = (app: typeof behind) => app.inject({ method: 'POST', url: '/api/session', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.77' }, payload: { email, password: 'wrong', deviceName: 'x' } })
    expect((await attempt(behind)).statusCode).toBe(401)
    expect((await attempt(open)).statusCode).toBe(401)
    const addresses = (await server.pool.query<{ address: string }>('SELECT address FROM sign_in_failures WHERE email = $1 ORDER BY at', [email])).rows.map((r) => r.address)
    expect(addresses).toEqual(['203.0.113.77', '127.0.0.1'])
    await behind.close()
    await open.close()
  })
})
