import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openFrontlineCore, type FrontlineCore } from '../../src/main/core/frontline-core'
import { createWebHost, isLoopback, type WebHost } from '../../src/main/web-host/web-host'
import { tempDir } from '../support/temp-dir'

describe('the browser host', () => {
  let dir: ReturnType<typeof tempDir>
  let core: FrontlineCore
  let host: WebHost
  let origin: string
  let token: string

  beforeEach(async () => {
    dir = tempDir()
    const rendererDir = join(dir.path, 'renderer')
    mkdirSync(rendererDir)
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Frontline</title>')
    core = openFrontlineCore({ dataDir: join(dir.path, 'data') })
    host = createWebHost({ core, rendererDir })
    const url = new URL(await host.listen(0))
    origin = url.origin
    token = url.hash.replace('#token=', '')
  })
  afterEach(async () => {
    await host.close()
    await core.close()
    dir.remove()
  })

  const invoke = (method: string, body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${token}` }) =>
    fetch(`${origin}/api/invoke/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body)
    })

  it('prints a loopback URL carrying a fresh random token', async () => {
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    const other = createWebHost({ core, rendererDir: dir.path })
    expect(other.token).not.toBe(token)
  })

  it('answers a call that carries the token', async () => {
    const response = await invoke('desk.status', {})
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ ok: true, value: { ticketCount: 0 } })
  })

  it('refuses calls without the token, or with a wrong one', async () => {
    for (const headers of [{}, { Authorization: 'Bearer nope' }, { Authorization: `Bearer ${token}x` }]) {
      const response = await invoke('desk.status', {}, headers)
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
    }
  })

  it('refuses a caller that is not on this machine', async () => {
    const response = await host.app.inject({
      method: 'POST',
      url: '/api/invoke/desk.status',
      remoteAddress: '10.1.2.3',
      headers: { host: new URL(origin).host, authorization: `Bearer ${token}` },
      payload: {}
    })
    expect(response.statusCode).toBe(403)
    expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } })
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true)
    expect(['10.1.2.3', '192.168.1.1', '::ffff:10.0.0.1', undefined].some(isLoopback)).toBe(false)
  })

  it('refuses a page reached through another host name (DNS rebinding)', async () => {
    const response = await host.app.inject({
      method: 'POST',
      url: '/api/invoke/desk.status',
      remoteAddress: '127.0.0.1',
      headers: { host: `attacker.example:${new URL(origin).port}`, authorization: `Bearer ${token}` },
      payload: {}
    })
    expect(response.statusCode).toBe(403)
  })

  it('refuses an unknown method by name', async () => {
    const response = await invoke('tickets.delete', {})
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
  })

  it('answers unreadable bodies and bad input with typed errors', async () => {
    const broken = await invoke('tickets.create', '{"subject":')
    expect(broken.status).toBe(400)
    expect(await broken.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })

    const invalid = await invoke('tickets.create', { subject: 'VPN', channel: 'pigeon', requester: { name: 'Sam' } })
    expect(await invalid.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'channel' }] } })
  })

  it('streams events to the console over SSE', async () => {
    const controller = new AbortController()
    const stream = await fetch(`${origin}/api/events?token=${token}`, { signal: controller.signal })
    expect(stream.headers.get('content-type')).toBe('text/event-stream')
    const reader = stream.body!.getReader()
    await reader.read() // ": connected"
    const created = (await (await invoke('tickets.create', { subject: 'VPN', channel: 'chat', requester: { name: 'Sam' } })).json()) as {
      value: { id: string }
    }
    const { value } = await reader.read()
    expect(new TextDecoder().decode(value)).toBe(`event: tickets.changed\ndata: ${JSON.stringify({ ids: [created.value.id] })}\n\n`)
    controller.abort()
  })

  it('refuses the event stream without the token', async () => {
    expect((await fetch(`${origin}/api/events`)).status).toBe(401)
  })

  it('serves the console with a strict content security policy', async () => {
    const response = await fetch(`${origin}/`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'")
  })
})
