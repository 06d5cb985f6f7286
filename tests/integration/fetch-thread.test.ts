import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterEach, expect, it } from 'vitest'
import { FetchThread } from '../../src/main/core/sync/fetch-thread'

const open: Array<{ close(): unknown }> = []
afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close()
})

/** A real HTTP server on a free local port; `handle` answers each request. */
async function serve(handle: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  open.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function thread(): FetchThread {
  const pages = new FetchThread()
  open.push(pages)
  return pages
}

it('brings a gzipped page whole, decoded, with its status and Date, and sends the token it was given', async () => {
  const page = { cursor: 7, more: true, tickets: Array.from({ length: 2000 }, (_, i) => ({ id: i, subject: `Printer ${i} jams on tray 2` })) }
  let authorization: string | undefined
  const url = await serve((request, response) => {
    authorization = request.headers.authorization
    response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', date: 'Thu, 03 Dec 2026 17:00:00 GMT' })
    response.end(gzipSync(JSON.stringify({ ok: true, value: page })))
  })
  const answer = await thread().fetch(`${url}/api/sync/pull?cursor=0`, { method: 'GET', headers: { authorization: 'Bearer desk-token' } })
  expect(answer.status).toBe(200)
  expect(answer.headers.get('date')).toBe('Thu, 03 Dec 2026 17:00:00 GMT')
  // Decoded already: what described the bytes on the wire is not passed on.
  expect(answer.headers.get('content-encoding')).toBeNull()
  expect(await answer.json()).toEqual({ ok: true, value: page })
  expect(authorization).toBe('Bearer desk-token')
})

it('passes on a refusal as the server answered it', async () => {
  const url = await serve((_request, response) => {
    response.writeHead(401, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ ok: false, error: { code: 'UNAUTHORIZED', message: 'Sign in again.' } }))
  })
  const answer = await thread().fetch(`${url}/api/sync/pull`, { method: 'GET' })
  expect(answer.status).toBe(401)
  expect(await answer.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
})

it('fails as fetch does when no server answers, and stops waiting when the desk closes', async () => {
  const pages = thread()
  // Nothing listens here any more.
  const gone = await serve(() => undefined)
  await open.pop()!.close()
  await expect(pages.fetch(`${gone}/api/sync/pull`, { method: 'GET' })).rejects.toThrow(TypeError)

  // A server that never answers: the abort (the desk closing, the request's time out) ends the wait at once.
  let asked = 0
  const silent = await serve(() => void asked++)
  const closing = new AbortController()
  const waiting = pages.fetch(`${silent}/api/sync/pull`, { method: 'GET', signal: closing.signal })
  await expect.poll(() => asked).toBe(1)
  closing.abort(new Error('the desk is closing'))
  await expect(waiting).rejects.toThrow('the desk is closing')

  // Closed under a request: it fails rather than hangs.
  const under = pages.fetch(`${silent}/api/sync/pull`, { method: 'GET' })
  await expect.poll(() => asked).toBe(2)
  await pages.close()
  await expect(under).rejects.toThrow(TypeError)
})
