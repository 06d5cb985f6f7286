import type { Pool } from 'pg'
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import { defaultPullWindow, pullPageSize } from '../shared/sync'
import { changeHorizon } from './change-horizon'
import { pull } from './sync-service'

const gzipped = promisify(gzip)

/** A window's pages from cursor 0, each the whole answer as sent, gzipped; keyed by the cursor it starts at. */
interface Chain {
  pages: Map<number, Buffer>
  /** Where the last prepared page ends: pulls from there on are answered as asked. */
  end: number
  builtAt: number
}

/** The windows prepared: the desks' default and the whole history. */
const windows = [defaultPullWindow, 0]

/**
 * A new desk's first sync, ready before it is asked: the pull pages from cursor 0 for the windows most desks
 * use, made and compressed once, then sent as they are. A first sync otherwise had the server and PostgreSQL
 * build every page on the same cores the desk writes with (4.1 s of server work for 30,000 tickets here).
 *
 * A prepared page is the history as it stood when it was made. That is still a correct page: a row changed
 * since has a later sequence and comes again in a later page, as it would to a desk that pulled then. Only
 * full pages are kept; the last one and all that follow are made as asked, so nothing newer is missed. The
 * pages are made again once the team has changed a tenth of its history, or a day on.
 */
export class PreparedPages {
  private readonly chains = new Map<number, Chain>()
  private building: Promise<void> | null = null
  private timer: NodeJS.Timeout | null = null
  private stopped = false

  /** `budgetBytes`: compressed bytes kept for each window; a chain stops at it (its first pages still serve). */
  constructor(
    private readonly pool: Pool,
    private readonly budgetBytes: number
  ) {}

  /** The prepared answer to exactly this pull, or undefined: then the page is made as asked. */
  find(cursor: number, limit: number, window: number): Buffer | undefined {
    return limit === pullPageSize ? this.chains.get(window)?.pages.get(cursor) : undefined
  }

  /** Whether every window's pages have been made once (health says so, for whoever waits on it). */
  ready(): boolean {
    return windows.every((w) => this.chains.has(w))
  }

  /** Makes the pages now, and again whenever they have aged, checked every `checkMs`. */
  start(checkMs = 60_000): void {
    void this.refresh()
    this.timer = setInterval(() => void this.refresh(), checkMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    await this.building
  }

  /** Makes again any window's pages that are missing or aged; one making at a time. */
  refresh(): Promise<void> {
    this.building ??= this.remake().finally(() => (this.building = null))
    return this.building
  }

  private async remake(): Promise<void> {
    try {
      for (const window of windows) if (!this.stopped && (await this.aged(window))) await this.build(window)
    } catch (error) {
      // A failed making leaves the last pages serving; the next check tries again.
      if (!this.stopped) console.error(`prepared first-sync pages: ${(error as Error).message}`)
    }
  }

  private async aged(window: number): Promise<boolean> {
    const chain = this.chains.get(window)
    if (!chain) return true
    // A page's worth of changes at least, or every check would remake a small desk's (empty) chain.
    const since = (await changeHorizon(this.pool)) - chain.end
    return since >= pullPageSize && (since > chain.end / 10 || Date.now() - chain.builtAt > 86_400_000)
  }

  private async build(window: number): Promise<void> {
    const pages = new Map<number, Buffer>()
    let bytes = 0
    let cursor = 0
    const builtAt = Date.now()
    while (!this.stopped && bytes < this.budgetBytes) {
      const page = await pull(this.pool, cursor, pullPageSize, window, builtAt)
      if (!page.more) break
      // Exactly what the route would send: the envelope, as JSON, gzipped (off the event loop).
      const body = await gzipped(JSON.stringify({ ok: true, value: page }))
      pages.set(cursor, body)
      bytes += body.length
      cursor = page.cursor
    }
    if (!this.stopped) this.chains.set(window, { pages, end: cursor, builtAt })
  }
}

/** Whether a request's Accept-Encoding takes gzip (q above 0, by name or by `*`). */
export function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
    return (name === 'gzip' || name === '*') && (q === undefined || Number(q) > 0)
  })
}
