import type { Pool } from 'pg'
import { DeskError } from '../shared/errors'

/** Failures in this window count against an account or an address. */
export const failureWindowMinutes = 15
/** Failures before an account's sign-ins wait out the window. */
export const accountFailureLimit = 10
/** Failures before an address's sign-ins wait (higher: an office behind one NAT shares it). */
const addressFailureLimit = 50
/** Sign-ins one address may have being checked at once; more are answered at once, unhashed. */
const inFlightPerAddress = 4
/** Password hashes computed at once (scrypt is 32 MiB and ~60 ms each), and how many may wait for one. */
const hashing = { concurrent: 2, waiting: 32 }

const busy = () => new DeskError('RATE_LIMITED', 'Too many sign-ins at once; try again in a few seconds.')

/**
 * Keeps password guessing slow and cheap to refuse: per account and per address, failures in the last
 * 15 minutes (kept in PostgreSQL, so every server instance sees them) stop further attempts before any
 * hashing; hashing itself runs a bounded number at a time, so a flood of bogus sign-ins is refused
 * rather than queued ahead of a real one.
 */
export class SignInGuard {
  private readonly inFlight = new Map<string, number>()
  private running = 0
  private readonly queue: Array<() => void> = []

  constructor(private readonly pool: Pool) {}

  /** Runs one sign-in attempt for `email` from `address`: `attempt` checks the password (in a hashing slot) and says how it went. */
  async check<T>(email: string, address: string, attempt: () => Promise<{ ok: true; value: T } | { ok: false; error: DeskError }>): Promise<T> {
    const key = email.toLowerCase()
    const current = this.inFlight.get(address) ?? 0
    if (current >= inFlightPerAddress) throw busy()
    this.inFlight.set(address, current + 1)
    try {
      const { rows } = await this.pool.query<{ account: number; address: number }>(
        `SELECT count(*) FILTER (WHERE email = $1)::int AS account, count(*) FILTER (WHERE address = $2)::int AS address
         FROM sign_in_failures WHERE at > now() - make_interval(mins => $3) AND (email = $1 OR address = $2)`,
        [key, address, failureWindowMinutes]
      )
      const failures = rows[0] ?? { account: 0, address: 0 }
      if (failures.account >= accountFailureLimit || failures.address >= addressFailureLimit) {
        throw new DeskError('RATE_LIMITED', `Too many failed sign-ins; wait ${failureWindowMinutes} minutes and try again, or ask an admin to reset the password.`)
      }
      const outcome = await this.hashSlot(attempt)
      if (outcome.ok) return outcome.value
      // Failures older than the window count for nothing: they go as new ones come, so the table stays small.
      await this.pool.query(
        `WITH gone AS (DELETE FROM sign_in_failures WHERE at < now() - make_interval(mins => $3)) INSERT INTO sign_in_failures (email, address) VALUES ($1, $2)`,
        [key, address, failureWindowMinutes]
      )
      throw outcome.error
    } finally {
      const left = (this.inFlight.get(address) ?? 1) - 1
      if (left > 0) this.inFlight.set(address, left)
      else this.inFlight.delete(address)
    }
  }

  private async hashSlot<R>(work: () => Promise<R>): Promise<R> {
    if (this.running >= hashing.concurrent) {
      if (this.queue.length >= hashing.waiting) throw busy()
      await new Promise<void>((resolve) => this.queue.push(resolve))
    } else {
      this.running++
    }
    try {
      return await work()
    } finally {
      const next = this.queue.shift()
      if (next) next()
      else this.running--
    }
  }
}
