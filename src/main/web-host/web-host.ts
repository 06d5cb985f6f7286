import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { eventNames, isMethod } from '../../shared/contract'
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


export function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

function refuse(reply: FastifyReply, status: number, error: AppError): FastifyReply {
  return reply.code(status).send({ ok: false, error })
}

/**
 * Serves the console to a browser and implements window.frontline over HTTP + SSE, with the same
 * contract and validation as the Electron ipc. Loopback only; every API call needs the start token.
 */
export function createWebHost({ core, rendererDir, token = randomBytes(32).toString('hex') }: WebHostOptions): WebHost {
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 })
  const expected = Buffer.from(token)
  const closers = new Set<() => void>()

  const tokenMatches = (presented: string | undefined): boolean => {
    if (!presented) return false
    const given = Buffer.from(presented)
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  const allowedHost = (request: FastifyRequest): boolean => {
    const address = app.server.address()
    if (!address || typeof address === 'string') return false
    const host = request.headers.host ?? ''
    // A DNS-rebinding page would arrive with its own host name: only our literal loopback names pass.
    return [`127.0.0.1:${address.port}`, `localhost:${address.port}`].includes(host)
  }

  app.addHook('onRequest', async (request, reply) => {
    if (!isLoopback(request.socket.remoteAddress)) {
      return refuse(reply, 403, { code: 'FORBIDDEN', message: 'The Frontline browser host answers this machine only.' })
    }
    if (!allowedHost(request)) {
      return refuse(reply, 403, { code: 'FORBIDDEN', message: 'Unexpected Host header.' })
    }
    if (request.url.startsWith('/api/')) {
      const bearer = request.headers.authorization?.replace(/^Bearer /, '')
      const query = (request.query as { token?: string } | undefined)?.token
      if (!tokenMatches(bearer ?? query)) {
        return refuse(reply, 401, { code: 'UNAUTHORIZED', message: 'Missing or wrong session token.' })
      }
    }
  })

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
    return refuse(reply, status, { code: 'INVALID_INPUT', message: `The request could not be read: ${error.message}` })
  })
  app.setNotFoundHandler((request, reply) =>
    refuse(reply, 404, { code: 'NOT_FOUND', message: `Nothing at ${request.method} ${request.url.split('?')[0]}` })
  )

  app.register(fastifyStatic, { root: rendererDir, index: 'index.html' })

  app.post<{ Params: { method: string } }>('/api/invoke/:method', async (request, reply) => {
    const { method } = request.params
    if (!isMethod(method)) {
      return refuse(reply, 404, { code: 'UNKNOWN_METHOD', message: `Unknown method: ${method.slice(0, 80)}` })
    }
    return core.dispatch(method, request.body)
  })

  app.get('/api/events', (request, reply) => {
    reply.hijack()
    const res = reply.raw
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
      for (const close of [...closers]) close()
      await app.close()
    }
  }
}
