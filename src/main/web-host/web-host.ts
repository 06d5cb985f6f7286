import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { eventNames, isMethod } from '../../shared/contract'
import { importTextLimit } from '../../shared/limits'
import { contentSecurityPolicy } from '../../shared/csp'
import type { AppError } from '../../shared/errors'
import type { FrontlineCore } from '../core/frontline-core'

export interface WebHostOptions {
  core: FrontlineCore
  /** Built renderer (out/renderer). */
  rendererDir: string
  /** Random per start when omitted. */
  token?: string
}

export interface WebHost {
  app: FastifyInstance
  token: string
  /** Listens on 127.0.0.1 only; port 0 picks a free one. Returns the URL to open, token included. */
  listen(port?: number): Promise<string>
  close(): Promise<void>
}

/** JSON carries an import's text with some growth (UTF-8, escapes); the contract itself says the limit in characters. */
export const bodyLimit = 4 * importTextLimit + 1_048_576

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

/**
 * A path spelled so that it means something else once decoded or normalised: percent escapes of any
 * kind (none of our paths needs one), dot segments, doubled slashes, backslashes, `;` parameters and
 * anything outside printable ASCII. Refused before routing, so no check can be fooled by a second spelling.
 */
export function oddPathSpelling(url: string): boolean {
  const path = url.split('?')[0] ?? ''
  return !/^\/[\x21-\x7e]*$/.test(path) || /[%;\\]|\/\/|(?:^|\/)\.\.?(?:\/|$)/.test(path)
}

function refuse(reply: FastifyReply, status: number, error: AppError): FastifyReply {
  return reply.code(status).send({ ok: false, error })
}

/**
 * Serves the console to a browser and implements window.frontline over HTTP + SSE, with the same
 * contract and validation as the Electron ipc. Loopback only; every API call needs the start token,
 * decided on the route that matched, never on how the URL was spelled.
 */
export function createWebHost({ core, rendererDir, token = randomBytes(32).toString('hex') }: WebHostOptions): WebHost {
  const app = Fastify({
    logger: false,
    bodyLimit,
    // An open console keeps its event stream (and keep-alive calls) open: closing must not wait for the page to leave.
    forceCloseConnections: true,
    // A URL the router cannot decode is answered like any other path that leads nowhere.
    frameworkErrors: (_error, _request, reply) => void refuse(reply, 404, { code: 'NOT_FOUND', message: 'Nothing at that address.' })
  })
  const expected = Buffer.from(token)
  const closers = new Set<() => void>()
  let closing = false

  const tokenMatches = (presented: string | undefined): boolean => {
    if (!presented) return false
    const given = Buffer.from(presented)
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  const ownOrigins = (): string[] => {
    const address = app.server.address()
    if (!address || typeof address === 'string') return []
    return [`127.0.0.1:${address.port}`, `localhost:${address.port}`]
  }

  app.addHook('onRequest', async (request, reply) => {
    if (!isLoopback(request.socket.remoteAddress)) {
      return refuse(reply, 403, { code: 'FORBIDDEN', message: 'The Frontline browser host answers this machine only.' })
    }
    // A DNS-rebinding page would arrive with its own host name: only our literal loopback names pass.
    if (!ownOrigins().includes(request.headers.host ?? '')) {
      return refuse(reply, 403, { code: 'FORBIDDEN', message: 'Unexpected Host header.' })
    }
    if (oddPathSpelling(request.url)) {
      return refuse(reply, 404, { code: 'NOT_FOUND', message: 'Nothing at that address: write the path plainly, without escapes or dot segments.' })
    }
  })

  /**
   * The API's own guard, attached to each API route, so it runs for exactly the routes that matched
   * whatever the URL looked like. Another origin's page is refused even when it cannot read the answer
   * (a blind no-cors POST still has effects).
   */
  const apiGuard = (tokenFrom: 'header' | 'query') => async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin
    const site = request.headers['sec-fetch-site']
    if ((origin !== undefined && !ownOrigins().some((o) => origin === `http://${o}`)) || (site !== undefined && site !== 'same-origin')) {
      return refuse(reply, 403, { code: 'FORBIDDEN', message: 'Calls are accepted from the Frontline console page only.' })
    }
    const presented =
      tokenFrom === 'header'
        ? /^Bearer ([0-9a-f]+)$/.exec(request.headers.authorization ?? '')?.[1]
        : (request.query as { token?: unknown } | undefined)?.token
    if (!tokenMatches(typeof presented === 'string' ? presented : undefined)) {
      return refuse(reply, 401, { code: 'UNAUTHORIZED', message: 'Missing or wrong session token.' })
    }
  }

  app.addHook('onSend', async (_request, reply) => {
    reply.header('Content-Security-Policy', contentSecurityPolicy)
    reply.header('X-Content-Type-Options', 'nosniff')
    reply.header('Referrer-Policy', 'no-referrer')
    reply.header('Cache-Control', 'no-store')
  })

  // Framework-level failures (unreadable JSON, oversize body, unknown route) get the same typed envelope.
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500
    if (status >= 500) return refuse(reply, 500, { code: 'INTERNAL', message: 'The browser host failed to answer.' })
    if (status === 413) {
      return refuse(reply, 413, { code: 'INVALID_INPUT', message: `The request is larger than the browser host takes (${bodyLimit / 1_048_576} MiB); an import takes at most ${importTextLimit / 1_048_576} MiB of text at a time.` })
    }
    return refuse(reply, status, { code: 'INVALID_INPUT', message: `The request could not be read: ${error.message}` })
  })
  app.setNotFoundHandler((request, reply) =>
    refuse(reply, 404, { code: 'NOT_FOUND', message: `Nothing at ${request.method} ${request.url.split('?')[0]}` })
  )

  app.register(fastifyStatic, { root: rendererDir, index: 'index.html' })

  app.post<{ Params: { method: string } }>('/api/invoke/:method', { onRequest: apiGuard('header') }, async (request, reply) => {
    const { method } = request.params
    if (!isMethod(method)) {
      return refuse(reply, 404, { code: 'UNKNOWN_METHOD', message: `Unknown method: ${method.slice(0, 80)}` })
    }
    return core.dispatch(method, request.body)
  })

  // EventSource cannot send headers: the event stream alone takes the token in its query string.
  app.get('/api/events', { onRequest: apiGuard('query') }, (request, reply) => {
    reply.hijack()
    const res = reply.raw
    // A page reconnecting while the host shuts down would hold the server open with a stream nobody ends.
    if (closing) return void res.writeHead(503).end()
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'Content-Security-Policy': contentSecurityPolicy
    })
    res.write(': connected\n\n')
    const disposers = eventNames.map((name) =>
      core.events.on(name, (payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`))
    )
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000)
    const close = () => {
      clearInterval(heartbeat)
      disposers.forEach((dispose) => dispose())
      closers.delete(close)
      res.end()
    }
    closers.add(close)
    request.raw.on('close', close)
  })

  return {
    app,
    token,
    async listen(port = 0) {
      await app.listen({ host: '127.0.0.1', port })
      const address = app.server.address()
      if (!address || typeof address === 'string') throw new Error('The browser host did not bind a port.')
      return `http://127.0.0.1:${address.port}/#token=${token}`
    },
    async close() {
      closing = true
      for (const close of [...closers]) close()
      await app.close()
    }
  }
}
