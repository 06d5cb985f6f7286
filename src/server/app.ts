import helmet from '@fastify/helmet'
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Pool } from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import { DeskError, issuesFrom, type AppError, type ErrorCode } from '../shared/errors'
import { AssetPush } from '../shared/asset-sync'
import { PostedSnapshot } from '../shared/inventory'
import { VersionPush } from '../shared/knowledge'
import { NewAccount, PushEnvelope, SignIn, type Role } from '../shared/sync'
import { authenticate, createAccount, listAccounts, revokeDevice, signIn, type Caller } from './accounts'
import { pullAssets, pushAssets } from './assets'
import { pullVersions, pushVersions } from './knowledge'
import { routeRoles, type Route } from './routes'
import { checkEnrollment, createEnrollment, decideReview, listEnrollments, listReviews, pullSnapshots, recordSnapshot, revokeEnrollment } from './inventory'
import { SignInGuard } from './sign-in-guard'
import { pull, push } from './sync-service'

const statusOf: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNKNOWN_METHOD: 404,
  NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNAVAILABLE: 503,
  RATE_LIMITED: 429,
  INTERNAL: 500
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller
    enrollmentId?: string
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new DeskError('INVALID_INPUT', 'The request is not valid.', issuesFrom(parsed.error))
  return parsed.data
}

/** `?cursor=&limit=` of a pull: the cursor is the last change_seq the caller has. */
const pageQuery = (max: number, byDefault: number) =>
  z.object({ cursor: z.coerce.number().int().nonnegative().default(0), limit: z.coerce.number().int().min(1).max(max).default(byDefault) }).strict()

export interface DeskServerOptions {
  pool: Pool
  /** Waits for the next change notification (LISTEN/NOTIFY), for the live channel. */
  onChange(listener: () => void): () => void
  logger?: boolean
  /** PEM certificate and key: the server speaks HTTPS itself. */
  https?: { cert: Buffer; key: Buffer }
  /** Addresses of a TLS-terminating proxy in front: request.ip (sign-in throttling, logs) then comes from X-Forwarded-For. */
  trustProxy?: string[]
}

/** The desk server's HTTP face: typed envelopes, role checks from one table, a request id on every log line. */
export function createDeskServer({ pool, onChange, logger = false, https, trustProxy }: DeskServerOptions): FastifyInstance {
  // Errors and refusals are logged with their request id; a line per successful request would cost more than the push itself.
  const signInGuard = new SignInGuard(pool)
  const app = Fastify({
    logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 8 * 1024 * 1024,
    genReqId: () => uuidv7(),
    ...(https ? { https } : {}),
    ...(trustProxy ? { trustProxy } : {})
  }) as unknown as FastifyInstance
  // A route the role table does not name would answer nobody knows whom: the server refuses to start with one.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && !(`${method} ${route.url}` in routeRoles)) throw new Error(`${method} ${route.url} has no entry in the role table (server/routes.ts).`)
    }
  })

  // Security headers on every answer (no framing, no sniffing, no referrer), and nothing that carries a token is cached.
  void app.register(helmet, { contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }, crossOriginResourcePolicy: { policy: 'same-origin' } })
  app.addHook('onSend', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store')
  })

  app.setErrorHandler((error: unknown, request, reply) => {
    const appError: AppError =
      error instanceof DeskError
        ? error.toAppError()
        : (error as { statusCode?: number }).statusCode === 413
          ? { code: 'INVALID_INPUT', message: 'The request is too large.' }
          : (error as { validation?: unknown }).validation || (error as { statusCode?: number }).statusCode === 400
            ? { code: 'INVALID_INPUT', message: 'The request body is not valid JSON.' }
            : { code: 'INTERNAL', message: 'The desk server hit an error; nothing was changed by this request.' }
    if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'request failed')
    else request.log.warn({ code: appError.code }, appError.message)
    void reply.status(statusOf[appError.code]).header('x-request-id', request.id).send({ ok: false, error: appError })
  })
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `No such endpoint: ${request.method} ${request.url}` } })
  })

  const guard = (route: Route) => async (request: FastifyRequest) => {
    const roles = routeRoles[route]
    if (roles === 'public') return
    const header = request.headers.authorization ?? ''
    const enrollment = /^Enroll (\S+)$/.exec(header)?.[1]
    if (enrollment) {
      if (route !== 'POST /api/inventory/snapshots') throw new DeskError('FORBIDDEN', 'An enrollment token can only send inventory snapshots.')
      request.enrollmentId = await checkEnrollment(pool, enrollment)
      return
    }
    const token = /^Bearer (\S+)$/.exec(header)?.[1] ?? (route === 'GET /api/events' ? (request.query as { token?: string }).token : undefined)
    if (!token) throw new DeskError('UNAUTHORIZED', 'Sign in first: this endpoint needs a device token.')
    request.caller = await authenticate(pool, token)
    if (!(roles as readonly Role[]).includes(request.caller.account.role)) {
      throw new DeskError('FORBIDDEN', `${/^[aeiou]/.test(request.caller.account.role) ? 'An' : 'A'} ${request.caller.account.role} may not call ${route}.`)
    }
  }
  const ok = (reply: FastifyReply, value: unknown, status = 200) => reply.status(status).header('x-request-id', reply.request.id).send({ ok: true, value })

  app.get('/api/health', { preHandler: guard('GET /api/health') }, async (_request, reply) => {
    await pool.query('SELECT 1')
    return ok(reply, { status: 'ok' })
  })

  app.post('/api/session', { preHandler: guard('POST /api/session') }, async (request, reply) => {
    const input = parse(SignIn, request.body)
    try {
      return ok(reply, await signIn(pool, signInGuard, request.ip, input.email, input.password, input.deviceName), 201)
    } catch (error) {
      // Who tried, from where: what an admin needs to see a guessing attack.
      if (error instanceof DeskError && error.code !== 'INTERNAL') request.log.warn({ email: input.email, address: request.ip, code: error.code }, 'sign-in failed')
      throw error
    }
  })

  app.delete('/api/session', { preHandler: guard('DELETE /api/session') }, async (request, reply) => {
    await revokeDevice(pool, request.caller!.deviceId)
    return ok(reply, { signedOut: true })
  })

  app.post('/api/sync/push', { preHandler: guard('POST /api/sync/push') }, async (request, reply) => {
    const input = parse(PushEnvelope, request.body)
    return ok(reply, await push(pool, request.caller!, input.clientId, input.mutations))
  })

  app.get('/api/sync/pull', { preHandler: guard('GET /api/sync/pull') }, async (request, reply) => {
    const query = parse(pageQuery(5000, 1000), request.query)
    return ok(reply, await pull(pool, query.cursor, query.limit))
  })

  app.get('/api/accounts', { preHandler: guard('GET /api/accounts') }, async (_request, reply) => ok(reply, await listAccounts(pool)))

  app.post('/api/accounts', { preHandler: guard('POST /api/accounts') }, async (request, reply) => ok(reply, await createAccount(pool, parse(NewAccount, request.body)), 201))

  app.delete('/api/devices/:id', { preHandler: guard('DELETE /api/devices/:id') }, async (request, reply) => {
    const { id } = parse(z.object({ id: z.uuid() }), request.params)
    await revokeDevice(pool, id)
    return ok(reply, { revoked: true })
  })

  app.post('/api/enrollments', { preHandler: guard('POST /api/enrollments') }, async (request, reply) => {
    const { label, days } = parse(z.object({ label: z.string().trim().min(1).max(120), days: z.number().int().min(1).max(365).default(90) }).strict(), request.body)
    return ok(reply, await createEnrollment(pool, label, request.caller!.account.id, days), 201)
  })

  app.get('/api/enrollments', { preHandler: guard('GET /api/enrollments') }, async (_request, reply) => ok(reply, await listEnrollments(pool)))

  app.delete('/api/enrollments/:id', { preHandler: guard('DELETE /api/enrollments/:id') }, async (request, reply) => {
    const { id } = parse(z.object({ id: z.uuid() }), request.params)
    return ok(reply, await revokeEnrollment(pool, id))
  })

  app.post('/api/inventory/snapshots', { preHandler: guard('POST /api/inventory/snapshots') }, async (request, reply) => {
    const { id, snapshot } = parse(PostedSnapshot, request.body)
    const from = request.enrollmentId ? { enrollmentId: request.enrollmentId } : { deviceId: request.caller!.deviceId }
    return ok(reply, await recordSnapshot(pool, id, snapshot, from), 201)
  })

  app.get('/api/inventory/snapshots', { preHandler: guard('GET /api/inventory/snapshots') }, async (request, reply) => {
    const query = parse(pageQuery(500, 100), request.query)
    return ok(reply, await pullSnapshots(pool, query.cursor, query.limit))
  })

  app.get('/api/inventory/reviews', { preHandler: guard('GET /api/inventory/reviews') }, async (_request, reply) => ok(reply, await listReviews(pool)))

  app.post('/api/inventory/reviews/:id', { preHandler: guard('POST /api/inventory/reviews/:id') }, async (request, reply) => {
    const { id } = parse(z.object({ id: z.uuid() }), request.params)
    const { accept } = parse(z.object({ accept: z.boolean() }).strict(), request.body)
    return ok(reply, await decideReview(pool, id, accept))
  })

  app.post('/api/assets', { preHandler: guard('POST /api/assets') }, async (request, reply) => {
    const { changes } = parse(AssetPush, request.body)
    return ok(reply, await pushAssets(pool, changes, { mayMerge: ['supervisor', 'admin'].includes(request.caller!.account.role) }))
  })

  app.get('/api/assets', { preHandler: guard('GET /api/assets') }, async (request, reply) => {
    const query = parse(pageQuery(500, 200), request.query)
    return ok(reply, await pullAssets(pool, query.cursor, query.limit))
  })

  app.post('/api/kb/versions', { preHandler: guard('POST /api/kb/versions') }, async (request, reply) => {
    const { versions } = parse(VersionPush, request.body)
    return ok(reply, await pushVersions(pool, request.caller!, versions))
  })

  app.get('/api/kb/versions', { preHandler: guard('GET /api/kb/versions') }, async (request, reply) => {
    const query = parse(pageQuery(500, 100), request.query)
    return ok(reply, await pullVersions(pool, request.caller!, query.cursor, query.limit))
  })

  // Live channel: a bare "changed" nudge; clients pull to learn what. Any server instance can serve it (LISTEN/NOTIFY).
  app.get('/api/events', { preHandler: guard('GET /api/events') }, (request, reply) => {
    reply.hijack()
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    reply.raw.write(': connected\n\n')
    const stop = onChange(() => reply.raw.write('event: changed\ndata: {}\n\n'))
    const ping = setInterval(() => reply.raw.write(': ping\n\n'), 25_000)
    request.raw.on('close', () => {
      clearInterval(ping)
      stop()
    })
  })

  return app
}
