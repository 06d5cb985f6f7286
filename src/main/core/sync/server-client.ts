import { z } from 'zod'
import { DeskError } from '../../../shared/errors'
import { routeMethod, routePath, serverRoutes, type RouteOutput, type RouteRequest, type ServerRoute } from '../../../shared/server-contract'
import type { DeskClock } from '../store/desk-clock'

/** Codes the desk passes on as the server said them; anything else means the server could not be used just now. */
const passedOn = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED'])

/**
 * The server did not answer at all (refused, reset, timed out, cut off mid-answer), as opposed to
 * answering with a refusal: only this moves a desk to another of its team's servers.
 */
export class ServerUnreachable extends DeskError {
  constructor(readonly url: string, message = `The desk server at ${url} cannot be reached; your changes are kept on this machine.`) {
    super('UNAVAILABLE', message)
  }
}

/**
 * The desk's transport to the desk server, typed from `shared/server-contract.ts`: the route names the
 * method, path and answer, the answer is checked against the contract, and every answer's Date header
 * tells the desk's clock the server's time. Requests time out after 30 s (or the route's own `timeoutMs`) and are
 * aborted when the desk closes.
 */
export class ServerClient {
  private heardTime = false

  constructor(
    private readonly fetch: typeof globalThis.fetch,
    private readonly clock: DeskClock,
    private readonly now: () => Date,
    private readonly closing: AbortSignal
  ) {}

  /** Whether the server has told this desk its time yet. */
  get knowsServerTime(): boolean {
    return this.heardTime
  }

  async call<R extends ServerRoute>(url: string, token: string | null, route: R, request: Partial<RouteRequest<R>> = {}): Promise<RouteOutput<R>> {
    const { body } = request as { body?: unknown }
    const response = await this.send(url, token, route, request, body === undefined ? {} : { 'content-type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body))
    return this.answer(url, route, response)
  }

  /** Sends a file's bytes to a route that takes them (an upload). */
  async sendBytes<R extends ServerRoute>(url: string, token: string, route: R, request: Partial<RouteRequest<R>>, bytes: Buffer): Promise<RouteOutput<R>> {
    return this.answer(url, route, await this.send(url, token, route, request, { 'content-type': 'application/octet-stream' }, new Uint8Array(bytes)))
  }

  /** A route's answer as bytes (a download); an error still arrives in the envelope. */
  async fetchBytes<R extends ServerRoute>(url: string, token: string, route: R, request: Partial<RouteRequest<R>>): Promise<Buffer> {
    const response = await this.send(url, token, route, request, {})
    if (!response.ok) return this.answer(url, route, response) as never
    try {
      return Buffer.from(await response.arrayBuffer())
    } catch {
      throw new ServerUnreachable(url, `The download from the desk server at ${url} was cut off; try again.`)
    }
  }

  private async send(url: string, token: string | null, route: ServerRoute, request: object, headers: Record<string, string>, body?: string | Uint8Array<ArrayBuffer>): Promise<Response> {
    let response: Response
    try {
      response = await this.fetch(`${url}${routePath(route, request as { query?: Record<string, unknown>; params?: Record<string, unknown> })}`, {
        method: routeMethod(route),
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.any([AbortSignal.timeout((serverRoutes[route] as { timeoutMs?: number }).timeoutMs ?? 30_000), this.closing])
      })
    } catch {
      throw new ServerUnreachable(url)
    }
    const date = Date.parse(response.headers.get('date') ?? '')
    // A second's resolution is plenty against a five-minute allowance.
    if (Number.isFinite(date)) {
      this.clock.followServerClock(date - this.now().getTime())
      this.heardTime = true
    }
    return response
  }

  private async answer<R extends ServerRoute>(url: string, route: R, response: Response): Promise<RouteOutput<R>> {
    let text: string
    try {
      text = await response.text()
    } catch {
      // The connection dropped mid-answer (the server died while writing it): not an answer at all.
      throw new ServerUnreachable(url)
    }
    let envelope: { ok: boolean; value?: unknown; error?: { code: string; message: string; issues?: unknown } } | null
    try {
      envelope = JSON.parse(text) as typeof envelope
    } catch {
      envelope = null
    }
    if (envelope?.ok) {
      const output = (serverRoutes[route] as { output?: { safeParse(v: unknown): { success: boolean; data?: unknown } } }).output
      const parsed = output?.safeParse(envelope.value)
      if (parsed && !parsed.success) throw new DeskError('UNAVAILABLE', `The desk server's answer to ${route} is not what this version of Frontline expects; is the server up to date?`)
      return (parsed ? parsed.data : envelope.value) as RouteOutput<R>
    }
    const code = envelope?.error?.code ?? ''
    const message = envelope?.error?.message ?? `The desk server answered HTTP ${response.status}.`
    // The server's per-field issues come along (checked), so a form can show them by its fields.
    const issues = z.array(z.object({ path: z.string(), message: z.string() })).max(50).safeParse(envelope?.error?.issues)
    throw new DeskError(passedOn.has(code) ? (code as 'UNAUTHORIZED') : 'UNAVAILABLE', message, issues.success ? issues.data : undefined)
  }
}
