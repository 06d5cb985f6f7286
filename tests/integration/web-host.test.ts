import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openFrontlineCore, type FrontlineCore } from '../../src/main/core/frontline-core'
import { connect } from 'node:net'
import { bodyLimit, createWebHost, isLoopback, type WebHost } from '../../src/main/web-host/web-host'
import { pathSpellings, rawLookAlikes } from '../fixtures/security/path-spellings'
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

  it('stops at once while a console is still connected: its event stream and a call still being answered do not hold it open', async () => {
    // A call that never answers stands for a long import: the host must still be able to stop (SIGTERM, Ctrl+C).
    const stuck = createWebHost({ core: { ...core, dispatch: () => new Promise(() => undefined) }, rendererDir: dir.path })
    const at = new URL(await stuck.listen(0))
    const key = at.hash.replace('#token=', '')
    const stream = await fetch(`${at.origin}/api/events?token=${key}`)
    await stream.body!.getReader().read()
    const call = fetch(`${at.origin}/api/invoke/desk.status`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: '{}' })
    const pending = call.then(() => 'answered', () => 'cut off')
    await new Promise((resolve) => setTimeout(resolve, 100))
    await stuck.close()
    expect(await pending).toBe('cut off')
  })

  it('refuses the event stream without the token', async () => {
    expect((await fetch(`${origin}/api/events`)).status).toBe(401)
  })

  /** Sends the request line exactly as written, bytes and all (fetch and node:http would normalise or refuse it first), as curl --path-as-is does. */
  const raw = (method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const { hostname, port } = new URL(origin)
      const socket = connect(Number(port), hostname)
      const body = method === 'POST' ? '{}' : ''
      const head = Object.entries({ host: `${hostname}:${port}`, 'content-type': 'application/json', 'content-length': String(body.length), connection: 'close', ...headers })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')
      let answer = ''
      socket.on('data', (chunk) => {
        answer += chunk.toString('latin1')
        const match = /^HTTP\/1\.1 (\d{3})/.exec(answer)
        if (match) {
          resolve(Number(match[1]))
          socket.destroy()
        }
      })
      socket.on('error', reject)
      socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)))
      socket.write(Buffer.concat([Buffer.from(`${method} `), Buffer.from(path, 'utf8'), Buffer.from(` HTTP/1.1\r\n${head}\r\n${body}`)]))
    })

  it('decides the token on the route that matched: no spelling of an API path gets in without it', async () => {
    const mutated = await invoke('tickets.create', { subject: 'Canary', channel: 'phone', requester: { name: 'Sam' } })
    expect(mutated.status).toBe(200)
    const before = ((await (await invoke('desk.status', {})).json()) as { value: { ticketCount: number } }).value.ticketCount
    const spellings = pathSpellings('desk.status')
    expect(spellings.length).toBeGreaterThanOrEqual(25)
    for (const path of spellings) {
      const status = await raw('POST', path)
      expect([401, 403, 404], `${path} answered ${status}`).toContain(status)
    }
    for (const path of ['/%61pi/events', '/a%70i/events', '//api/events', '/api/./events', '/api/events/', '/API/events', '/api;x/events']) {
      const status = await raw('GET', path)
      expect([401, 403, 404], `${path} answered ${status}`).toContain(status)
    }
    for (const path of rawLookAlikes('desk.status')) expect(await raw('POST', path), path).toBe(400)
    // The same call, spelled plainly and with the token, still works: the host was alive all along.
    expect(await raw('POST', '/api/invoke/desk.status', { authorization: `Bearer ${token}` })).toBe(200)
    expect(((await (await invoke('desk.status', {})).json()) as { value: { ticketCount: number } }).value.ticketCount).toBe(before)
  })

  it('takes the token for calls in the Authorization header only, and for the event stream in the query only', async () => {
    const inQuery = await fetch(`${origin}/api/invoke/desk.status?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(inQuery.status).toBe(401)
    const controller = new AbortController()
    const streamByHeader = await fetch(`${origin}/api/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal })
    expect(streamByHeader.status).toBe(401)
    controller.abort()
  })

  it('refuses calls from another origin, even with the token', async () => {
    const port = new URL(origin).port
    for (const headers of [
      { origin: 'http://127.0.0.1:1' },
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${port}.evil.example` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin, 'sec-fetch-site': 'same-site' }
    ]) {
      const response = await invoke('sync.signOut', {}, { Authorization: `Bearer ${token}`, ...headers })
      expect(response.status, JSON.stringify(headers)).toBe(403)
    }
    const own = await invoke('desk.status', {}, { Authorization: `Bearer ${token}`, origin, 'sec-fetch-site': 'same-origin' })
    expect(own.status).toBe(200)
  })

  it('takes an import as large as the contract allows, and says the limit when a body is larger', async () => {
    const article = (i: number) => `---\ntitle: Article number ${i}\n---\n${'Restart the spooler and clear the queue. '.repeat(1_000)}`
    const files = Array.from({ length: 40 }, (_, i) => ({ name: `a${i}.md`, text: article(i) }))
    const size = files.reduce((n, f) => n + f.text.length, 0)
    expect(size).toBeGreaterThan(1_048_576)
    const preview = await invoke('kb.importPreview', { files })
    expect(preview.status).toBe(200)
    expect(((await preview.json()) as { value: { articles: unknown[] } }).value.articles).toHaveLength(40)

    const tooMuch = await invoke('kb.importPreview', { files: [{ name: 'huge.md', text: 'x'.repeat(bodyLimit + 10) }] })
    expect(tooMuch.status).toBe(413)
    expect(((await tooMuch.json()) as { error: { message: string } }).error.message).toMatch(/at most 32 MiB/)
  })

  it('serves the console with a strict content security policy', async () => {
    const response = await fetch(`${origin}/`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'")
  })
})
