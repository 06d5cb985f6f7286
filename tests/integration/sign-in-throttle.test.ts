import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDeskServer } from '../../src/server/app'
import { accountFailureLimit } from '../../src/server/sign-in-guard'
import { startTestServer, type TestServer } from '../support/desk-server'

describe('sign-in is throttled per account and per address, and a flood cannot starve a real one', () => {
  let server: TestServer
  let app: FastifyInstance
  beforeAll(async () => {
    server = await startTestServer()
    // The same server on the same database, called in-process so each request can come from its own address.
    app = createDeskServer({ pool: server.pool, onChange: () => () => undefined })
  }, 60_000)
  afterAll(async () => {
    await app?.close()
    await server?.close()
  })

  const signIn = (email: string, password: string, from: string) =>
    app.inject({ method: 'POST', url: '/api/session', remoteAddress: from, payload: { email, password, deviceName: 'laptop' } })

  it('stops an account after 10 failures in 15 minutes, even with the right password, until the window has passed', async () => {
    const { email } = await server.agent('agent')
    for (let i = 0; i < accountFailureLimit; i++) expect((await signIn(email, `guess ${i}`, '10.0.0.7')).statusCode).toBe(401)
    const blocked = await signIn(email, 'correct horse battery', '10.0.0.7')
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json()).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringContaining('wait 15 minutes') } })
    // From another address too: the account is what is being guessed.
    expect((await signIn(email, 'correct horse battery', '10.0.0.8')).statusCode).toBe(429)
    expect(Number((await server.pool.query('SELECT count(*) FROM sign_in_failures WHERE email = $1', [email])).rows[0].count)).toBe(accountFailureLimit)

    // Fifteen minutes later (the failures aged in the database), the right password works again.
    await server.pool.query("UPDATE sign_in_failures SET at = at - interval '16 minutes' WHERE email = $1", [email])
    expect((await signIn(email, 'correct horse battery', '10.0.0.7')).statusCode).toBe(201)
    // And the next failure anywhere clears the aged ones out: the table holds the window, not the history.
    expect((await signIn('nobody@corp.example', 'guess', '10.0.0.9')).statusCode).toBe(401)
    expect(Number((await server.pool.query('SELECT count(*) FROM sign_in_failures WHERE email = $1', [email])).rows[0].count)).toBe(0)
  })

  it('refuses most of 200 concurrent bogus sign-ins from one address without hashing them, and a real one from elsewhere still gets in', async () => {
    const { email } = await server.agent('agent')
    const flood = Array.from({ length: 200 }, (_, i) => signIn(`nobody-${i}@corp.example`, 'password123', '203.0.113.9'))
    const real = signIn(email, 'correct horse battery', '198.51.100.4')
    const [answers, mine] = await Promise.all([Promise.all(flood), real])
    expect(mine.statusCode).toBe(201)
    const codes = answers.map((a) => a.statusCode)
    expect(codes.every((c) => c === 401 || c === 429)).toBe(true)
    // Only the few let through to hashing were checked (and recorded); the rest were answered at once.
    const hashed = Number((await server.pool.query("SELECT count(*) FROM sign_in_failures WHERE address = '203.0.113.9'").then((r) => r.rows[0].count)))
    expect(hashed).toBe(codes.filter((c) => c === 401).length)
    expect(hashed).toBeLessThanOrEqual(20)
    console.log(`sign-in flood: 200 bogus attempts, ${hashed} hashed, ${codes.filter((c) => c === 429).length} refused unhashed; the real sign-in got in`)
  })

  it('puts security headers on every answer and never lets one be cached', async () => {
    const answer = await app.inject({ method: 'GET', url: '/api/health', remoteAddress: '10.0.0.9' })
    expect(answer.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'strict-transport-security': expect.any(String) })
    expect(String(answer.headers['content-security-policy'])).toContain("default-src 'none'")
  })
})
