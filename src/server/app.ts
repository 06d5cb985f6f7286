import compress from '@fastify/compress'
import helmet from '@fastify/helmet'
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Pool } from 'pg'
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import { DeskError, issuesFrom, type AppError, type ErrorCode } from '../shared/errors'
import { routeMethod, routePath, routeTemplate, serverRoutes, type RouteInput, type RouteOutput, type ServerRoute } from '../shared/server-contract'
import { maxServerAddresses, ServerAddress } from '../shared/server-address'
import type { PullResponse, Role } from '../shared/sync'
import { authenticate, createAccount, listAccounts, resetPassword, revokeDevice, signIn, type Caller } from './accounts'
import { pullAssets, pushAssets } from './assets'
import { pullVersions, pushVersions } from './knowledge'
import { checkEnrollment, createEnrollment, decideReview, listEnrollments, listReviews, pullSnapshots, recordSnapshot, revokeEnrollment } from './inventory'
import { SignInGuard } from './sign-in-guard'
import { actOnAccount, lookupAccount } from './directory/account-help'
import { accountPolicy, saveAccountPolicy } from './directory/directory-store'
import { DirectoryService } from './directory/directory-service'
import { SecretBox } from './secret-box'
import { closeResolvedTickets } from './auto-close'
import { acceptUpload, missingFiles, readFile } from './files'
import { MailService } from './mail/mail-service'
import { defaultDispatch, mailTemplates } from './mail/mail-dispatch'
import { checkToken, recordAnswer, satisfactionPage } from './mail/satisfaction'
import { saveMailTemplates } from './mail/mail-templates'
import { auditLog, changeAccount, putGroup, removeGroup, setPolicies, setShared, teamDirectory, teamVersion } from './team'
import { pull, push } from './sync-service'
import { acceptsGzip, PreparedPages } from './prepared-pages'
import { searchOlderTickets, ticketById } from './ticket-lookup'

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

const SatisfactionForm = z.object({ score: z.coerce.number().int().min(1).max(5), comment: z.string().max(2_000).default('') }).strict()

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new DeskError('INVALID_INPUT', 'The request is not valid.', issuesFrom(parsed.error))
  return parsed.data
}

export interface DeskServerOptions {
  pool: Pool
  /** Waits for the next change notification (LISTEN/NOTIFY), for the live channel. */
  onChange(listener: () => void): () => void
  /** Hears devices revoked on any instance, to close their live channels. */
  onRevoke?(listener: (deviceIds: string[]) => void): () => void
  logger?: boolean
  /** PEM certificate and key: the server speaks HTTPS itself. */
  https?: { cert: Buffer; key: Buffer }
  /** Addresses of a TLS-terminating proxy in front: request.ip (sign-in throttling, logs) then comes from X-Forwarded-For. */
  trustProxy?: string[]
  /** 32 bytes sealing the secrets kept in the database (a directory's bind password); without it, directories are unavailable. */
  secretKey?: Buffer
  /** Syncs each directory on its interval (off in tests that drive syncs themselves). */
  scheduleDirectorySync?: boolean
  /** Watches the support mailboxes (off where another instance or a test drives the intake). */
  watchMail?: boolean
  /** How requesters reach this server (the satisfaction links in mail). */
  publicUrl?: string
  /** Closes resolved tickets left alone for the team's business days, every ten minutes. */
  housekeeping?: boolean
  /** The other desk servers on this PostgreSQL (checked addresses): signed-in desks move to them when this one stops answering. */
  peers?: string[]
  /** Compressed bytes kept per window of first-sync pages made ahead (`prepared-pages.ts`); none without it. */
  preparedPagesBytes?: number
}

const gunzipped = promisify(gunzip)

/** An answer already serialised and gzipped, envelope and all: sent as it is. */
class Gzipped {
  constructor(readonly body: Buffer) {}
}

/** The desk server's HTTP face: typed envelopes, role checks from one table, a request id on every log line. */
export function createDeskServer({ pool, onChange, onRevoke, logger = false, https, trustProxy, secretKey, scheduleDirectorySync = false, watchMail = false, publicUrl, housekeeping = false, peers = [], preparedPagesBytes }: DeskServerOptions): FastifyInstance {
  // Desks send their token to these unasked: an address that is not one a desk would accept is a configuration error, found at start.
  const checked = z.array(ServerAddress).max(maxServerAddresses).safeParse(peers)
  if (!checked.success) throw new DeskError('INVALID_INPUT', 'The desk server addresses given as peers are not ones a desk would use.', issuesFrom(checked.error))
  const advertised = checked.data
  // Errors and refusals are logged with their request id; a line per successful request would cost more than the push itself.
  const signInGuard = new SignInGuard(pool)
  const app = Fastify({
    logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 8 * 1024 * 1024,
    genReqId: () => uuidv7(),
    // Stopping ends the live channels too (desks reconnect to another instance) rather than wait on them.
    forceCloseConnections: true,
    ...(https ? { https } : {}),
    ...(trustProxy ? { trustProxy } : {})
  }) as unknown as FastifyInstance
  // A route the role table does not name would answer nobody knows whom: the server refuses to start with one.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && !(`${method} ${route.url}` in serverRoutes)) throw new Error(`${method} ${route.url} has no entry in the server contract (shared/server-contract.ts).`)
    }
  })

  // Security headers on every answer (no framing, no sniffing, no referrer), and nothing that carries a token is cached.
  void app.register(helmet, { contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }, crossOriginResourcePolicy: { policy: 'same-origin' } })
  app.addHook('onSend', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store')
  })
  // A pull page is megabytes of JSON: gzip at its fastest level costs the server little and cuts what a
  // desk on a VPN waits for several times over. Request bodies are never inflated (a small compressed
  // body could unpack past the body limit): desks send plain JSON.
  void app.register(compress, { global: true, globalDecompression: false, threshold: 64 * 1024, encodings: ['gzip'], zlibOptions: { level: 1 } })

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

  const guard = (route: ServerRoute) => async (request: FastifyRequest) => {
    const roles: readonly Role[] | 'public' = serverRoutes[route].roles
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
    if (!roles.includes(request.caller.account.role)) {
      throw new DeskError('FORBIDDEN', `${/^[aeiou]/.test(request.caller.account.role) ? 'An' : 'A'} ${request.caller.account.role} may not call ${route}.`)
    }
  }
  const ok = (reply: FastifyReply, value: unknown, status = 200) => reply.status(status).header('x-request-id', reply.request.id).send({ ok: true, value })

  /** Registers a route from the server contract: guarded by its roles, its input parsed by its schemas, answered in the envelope. */
  const handle = <R extends ServerRoute>(route: R, handler: (input: RouteInput<R>, request: FastifyRequest) => Promise<RouteOutput<R> | Gzipped>) => {
    const spec = serverRoutes[route] as { body?: z.ZodType; query?: z.ZodType; params?: z.ZodType; created?: true; bytes?: number }
    // Added once the plugins above have loaded: compression sets a route up as the route is added.
    void app.after((error) => {
      if (error) throw error
      app.route({
        method: routeMethod(route),
        url: routeTemplate(route),
        preHandler: guard(route),
        ...(spec.bytes ? { bodyLimit: spec.bytes } : {}),
        handler: async (request, reply) => {
          if (spec.bytes && !Buffer.isBuffer(request.body)) throw new DeskError('INVALID_INPUT', 'Send the file itself, as application/octet-stream.')
          const input = {
            body: spec.bytes ? request.body : spec.body ? parse(spec.body, request.body) : undefined,
            query: spec.query ? parse(spec.query, request.query) : undefined,
            params: spec.params ? parse(spec.params, request.params) : undefined
          } as RouteInput<R>
          const value = await handler(input, request)
          if (value instanceof Gzipped) return reply.header('x-request-id', request.id).type('application/json; charset=utf-8').header('content-encoding', 'gzip').header('vary', 'accept-encoding').send(value.body)
          return ok(reply, value, spec.created ? 201 : 200)
        }
      })
    })
  }
  const caller = (request: FastifyRequest) => request.caller!

  const prepared = preparedPagesBytes ? new PreparedPages(pool, preparedPagesBytes) : null
  if (prepared) {
    // Made once the server listens, so a start is not held for it.
    app.addHook('onListen', async () => prepared.start())
    app.addHook('onClose', async () => prepared.stop())
  }

  handle('GET /api/health', async () => {
    await pool.query('SELECT 1')
    return { status: 'ok' as const, ...(prepared ? { preparedPages: prepared.ready() ? ('ready' as const) : ('preparing' as const) } : {}) }
  })

  handle('POST /api/session', async ({ body }, request) => {
    try {
      return await signIn(pool, signInGuard, request.ip, body.email, body.password, body.deviceName, body.newPassword)
    } catch (error) {
      // Who tried, from where: what an admin needs to see a guessing attack.
      if (error instanceof DeskError && error.code !== 'INTERNAL') request.log.warn({ email: body.email, address: request.ip, code: error.code }, 'sign-in failed')
      throw error
    }
  })

  handle('DELETE /api/session', async (_input, request) => {
    await revokeDevice(pool, caller(request).deviceId)
    return { signedOut: true as const }
  })

  handle('GET /api/servers', async () => ({ peers: advertised }))
  handle('POST /api/sync/push', async ({ body }, request) => push(pool, caller(request), body.clientId, body.mutations))
  handle('GET /api/sync/pull', async ({ query }, request) => {
    // The team's directory rides along, whole, when it is newer than the one the desk holds.
    const withTeam = query.team !== undefined && (await teamVersion(pool)) > query.team
    const ready = prepared?.find(query.cursor, query.limit, query.window ?? 0)
    if (ready && !withTeam && acceptsGzip(request.headers['accept-encoding'])) return new Gzipped(ready)
    // A first sync's first page needs the directory: the prepared page is opened for it, so the pages after it are the prepared ones too.
    const page = ready ? (JSON.parse((await gunzipped(ready)).toString()) as { value: PullResponse }).value : await pull(pool, query.cursor, query.limit, query.window ?? 0)
    return withTeam ? { ...page, team: await teamDirectory(pool) } : page
  })
  handle('GET /api/tickets/search', async ({ query }) => searchOlderTickets(pool, query.q, query.window, query.limit))
  handle('GET /api/tickets/:id', async ({ params }) => ticketById(pool, params.id))
  handle('GET /api/team', async () => teamDirectory(pool))
  handle('GET /api/accounts', async () => listAccounts(pool))
  handle('POST /api/accounts', async ({ body }, request) => createAccount(pool, body, caller(request)))
  handle('PATCH /api/accounts/:id', async ({ params, body }, request) => ({ revokedDevices: (await changeAccount(pool, caller(request), params.id, body)).revoked.length }))
  handle('POST /api/accounts/:id/password', async ({ params }, request) => ({ password: (await resetPassword(pool, caller(request), params.id)).password }))
  handle('PUT /api/groups/:id', async ({ params, body }, request) => putGroup(pool, caller(request), params.id, body))
  handle('DELETE /api/groups/:id', async ({ params, query }, request) => removeGroup(pool, caller(request), params.id, query.moveTo, Date.now()))
  handle('PUT /api/team/policies', async ({ body }, request) => setPolicies(pool, caller(request), body))
  handle('PUT /api/team/canned', async ({ body }, request) => setShared(pool, caller(request), 'canned', body))
  handle('PUT /api/team/synonyms', async ({ body }, request) => setShared(pool, caller(request), 'synonyms', body))
  handle('PUT /api/team/refresh', async ({ body }, request) => setShared(pool, caller(request), 'refresh', body))
  handle('GET /api/audit', async ({ query }) => auditLog(pool, query.limit))
  const box = secretKey ? new SecretBox(secretKey) : null
  const directories = box ? new DirectoryService(pool, box) : null
  const mail = box && secretKey ? new MailService(pool, box, { dispatch: { ...defaultDispatch, ...(publicUrl ? { satisfaction: { publicUrl, key: secretKey } } : {}) } }) : null
  const sealing = () => {
    if (!box || !directories || !mail) throw new DeskError('UNAVAILABLE', 'This desk server was started without a secret key, so it keeps no directory or mailbox passwords (set FRONTLINE_SECRET_KEY).')
    return { box, directories, mail }
  }
  if (housekeeping) {
    const timer = setInterval(() => void closeResolvedTickets(pool, Date.now()).catch((error: unknown) => app.log.error({ err: error }, 'auto-close failed')), 10 * 60_000)
    timer.unref()
    app.addHook('onClose', async () => clearInterval(timer))
  }
  if (mail && watchMail) {
    mail.start()
    app.addHook('onClose', async () => mail.stop())
  }
  if (directories && scheduleDirectorySync) {
    directories.startSchedule()
    app.addHook('onClose', async () => directories.stop())
  }
  handle('GET /api/directories', async () => ({ directories: await sealing().directories.list(), policy: await accountPolicy(pool) }))
  handle('PUT /api/directories/:id', async ({ params, body }, request) => sealing().directories.save(caller(request), params.id, body))
  handle('POST /api/directories/:id/test', async ({ params, body }) => sealing().directories.test(params.id, body))
  handle('POST /api/directories/:id/sync', async ({ params, query }) => sealing().directories.sync(params.id, query.full === 'true'))
  handle('PUT /api/team/account-policy', async ({ body }, request) => saveAccountPolicy(pool, caller(request), body))
  handle('GET /api/people/:id/account', async ({ params }, request) => lookupAccount(pool, sealing().box, caller(request), params.id, Date.now()))
  handle('POST /api/people/:id/account', async ({ params, body }, request) => actOnAccount(pool, sealing().box, caller(request), params.id, body, Date.now()))
  handle('GET /api/mailboxes', async () => sealing().mail.list())
  handle('PUT /api/mailboxes/:id', async ({ params, body }, request) => sealing().mail.save(caller(request), params.id, body))
  handle('GET /api/mail/quarantine', async () => sealing().mail.quarantine())
  handle('GET /api/team/mail-templates', async () => mailTemplates(pool))
  handle('PUT /api/team/mail-templates', async ({ body }, request) => saveMailTemplates(pool, caller(request), body))

  // The satisfaction page: HTML for a person in a browser, its own tight CSP (its form, its inline style, nothing else).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body))))
  )
  const page = (reply: FastifyReply, html: string, status = 200) =>
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
      .send(html)
  const token = (request: FastifyRequest) => parse(serverRoutes['GET /satisfaction/:token'].params, request.params).token
  app.get(routeTemplate('GET /satisfaction/:token'), async (request, reply) => {
    if (!secretKey) return page(reply, satisfactionPage({ ok: false, why: 'This link is not one of ours.' }, ''), 404)
    const check = await checkToken(pool, secretKey, token(request), Date.now())
    return page(reply, satisfactionPage(check, token(request)), check.ok ? 200 : 410)
  })
  app.post(routeTemplate('POST /satisfaction/:token'), async (request, reply) => {
    const form = SatisfactionForm.safeParse(request.body)
    if (!secretKey) return page(reply, satisfactionPage({ ok: false, why: 'This link is not one of ours.' }, ''), 404)
    if (!form.success) {
      const check = await checkToken(pool, secretKey, token(request), Date.now())
      return page(reply, satisfactionPage(check, token(request)), 400)
    }
    const done = await recordAnswer(pool, secretKey, token(request), form.data.score, form.data.comment, Date.now())
    return page(reply, satisfactionPage(done, token(request), done.ok), done.ok ? 200 : 410)
  })

  // A file's bytes, as they are: parsed only on the routes that take a file, whose own limit applies.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: serverRoutes['PUT /api/files/:sha256'].bytes }, (_request, body, done) => done(null, body))
  handle('POST /api/files/missing', async ({ body }) => missingFiles(pool, body.hashes))
  handle('PUT /api/files/:sha256', async ({ params, body }) => acceptUpload(pool, params.sha256, body as unknown as Buffer))
  app.get(routeTemplate('GET /api/files/:sha256'), { preHandler: guard('GET /api/files/:sha256') }, async (request, reply) => {
    const { sha256 } = parse(serverRoutes['GET /api/files/:sha256'].params, request.params)
    const bytes = await readFile(pool, sha256)
    // Bytes to save, never a page to render: whatever the sender said it was.
    return reply.header('content-type', 'application/octet-stream').header('content-disposition', 'attachment').header('x-request-id', request.id).send(bytes)
  })

  handle('DELETE /api/devices/:id', async ({ params }) => {
    await revokeDevice(pool, params.id)
    return { revoked: true as const }
  })
  handle('POST /api/enrollments', async ({ body }, request) => createEnrollment(pool, body.label, caller(request).account.id, body.days))
  handle('GET /api/enrollments', async () => listEnrollments(pool))
  handle('DELETE /api/enrollments/:id', async ({ params }) => revokeEnrollment(pool, params.id))
  handle('POST /api/inventory/snapshots', async ({ body }, request) =>
    recordSnapshot(pool, body.id, body.snapshot, request.enrollmentId ? { enrollmentId: request.enrollmentId } : { deviceId: caller(request).deviceId })
  )
  handle('GET /api/inventory/snapshots', async ({ query }) => pullSnapshots(pool, query.cursor, query.limit))
  handle('GET /api/inventory/reviews', async () => listReviews(pool))
  handle('POST /api/inventory/reviews/:id', async ({ params, body }) => decideReview(pool, params.id, body.accept))
  handle('POST /api/assets', async ({ body }, request) => pushAssets(pool, body.changes, { mayMerge: ['supervisor', 'admin'].includes(caller(request).account.role), now: Date.now() }))
  handle('GET /api/assets', async ({ query }) => pullAssets(pool, query.cursor, query.limit))
  handle('POST /api/kb/versions', async ({ body }, request) => pushVersions(pool, caller(request), body.versions, Date.now()))
  handle('GET /api/kb/versions', async ({ query }, request) => pullVersions(pool, caller(request), query.cursor, query.limit))

  // Live channel: a bare "changed" nudge; clients pull to learn what. Any server instance can serve it (LISTEN/NOTIFY).
  app.get(routePath('GET /api/events'), { preHandler: guard('GET /api/events') }, (request, reply) => {
    reply.hijack()
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    reply.raw.write(': connected\n\n')
    const stop = onChange(() => reply.raw.write('event: changed\ndata: {}\n\n'))
    const ping = setInterval(() => reply.raw.write(': ping\n\n'), 25_000)
    const { deviceId } = caller(request)
    const unrevoke = onRevoke?.((ids) => {
      if (!ids.includes(deviceId)) return
      // A revoked device (a disabled account's too) loses its channel at once, on whichever instance holds it.
      done()
      reply.raw.end()
    })
    const done = () => {
      clearInterval(ping)
      stop()
      unrevoke?.()
    }
    request.raw.on('close', done)
  })

  return app
}
