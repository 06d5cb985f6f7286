import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Pool, PoolClient } from 'pg'
import { formatHlc } from '../../shared/hlc'
import { inChangeOrder } from '../assets'
import { appendEvents, setTicketFields } from '../ticket-records'

/**
 * "How did we do?" from the resolution mail: a link with a signed, single-use token opens a small page
 * the desk server serves, with no sign-in. The signature (HMAC under the server's key) turns away a
 * made-up token before any database work; the stored hash makes it good once; it lapses after 30 days.
 * The answer lands on the ticket as a satisfaction entry and its score, as if a desk had recorded it.
 */

const lifetimeMs = 30 * 24 * 3600_000

export async function issueToken(db: PoolClient, key: Buffer, ticketId: string, now: number): Promise<string> {
  // Short enough for a mail line and a URL path: 18 random bytes and 16 of their signature.
  const payload = randomBytes(18).toString('base64url')
  const token = `${payload}.${sign(key, payload)}`
  await db.query('INSERT INTO satisfaction_tokens (token_hash, ticket_id, expires_at) VALUES ($1, $2, $3)', [hash(token), ticketId, new Date(now + lifetimeMs).toISOString()])
  return token
}

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(`satisfaction:${payload}`).digest().subarray(0, 16).toString('base64url')
const hash = (token: string) => createHash('sha256').update(token).digest()

export type TokenCheck = { ok: true; ticketId: string; number: string; subject: string } | { ok: false; why: string }

/** What the token opens, if it is ours, unspent and in date. */
export async function checkToken(pool: Pool | PoolClient, key: Buffer, token: string, now: number): Promise<TokenCheck> {
  const [payload, signature] = token.split('.')
  const expected = payload ? sign(key, payload) : ''
  if (!payload || !signature || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return { ok: false, why: 'This link is not one of ours.' }
  const row = (
    await pool.query<{ ticket_id: string; used_at: Date | null; expires_at: Date; number: string; subject: string }>(
      "SELECT s.ticket_id, s.used_at, s.expires_at, t.number, t.fields->>'subject' AS subject FROM satisfaction_tokens s JOIN tickets t ON t.id = s.ticket_id WHERE s.token_hash = $1",
      [hash(token)]
    )
  ).rows[0]
  if (!row) return { ok: false, why: 'This link is not one of ours.' }
  if (row.used_at) return { ok: false, why: 'Thank you: this answer has been given already.' }
  if (row.expires_at.getTime() < now) return { ok: false, why: 'This link has expired.' }
  return { ok: true, ticketId: row.ticket_id, number: row.number, subject: row.subject }
}

/** Records the answer once: the ticket's score and comment, and a satisfaction entry on its timeline. */
export async function recordAnswer(pool: Pool, key: Buffer, token: string, score: number, comment: string, now: number): Promise<TokenCheck> {
  const first = await checkToken(pool, key, token, now)
  if (!first.ok) return first
  return inChangeOrder(pool, async (db) => {
    const check = await checkToken(db, key, token, now)
    if (!check.ok) return { value: check, changed: false }
    const spent = await db.query('UPDATE satisfaction_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL', [hash(token), new Date(now).toISOString()])
    if (!spent.rowCount) return { value: { ok: false, why: 'Thank you: this answer has been given already.' } as TokenCheck, changed: false }
    const at = new Date(now).toISOString()
    const stamp = formatHlc({ wall: now, counter: 0, node: 'requester' })
    await setTicketFields(db, check.ticketId, { satisfaction_score: score, satisfaction_comment: comment, updated_at: at }, stamp)
    await appendEvents(db, check.ticketId, at, [{ kind: 'satisfaction', score, comment }])
    return { value: check, changed: true }
  }, { tickets: [first.ticketId] })
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The page itself: plain HTML, no script, everything escaped; the server sends it with a CSP that allows only its own form. */
export function satisfactionPage(check: TokenCheck, token: string, done = false): string {
  const body = !check.ok
    ? `<p>${escape(check.why)}</p>`
    : done
      ? `<h1>Thank you</h1><p>Your answer is on ${escape(check.number)}.</p>`
      : `<h1>How did we do?</h1><p>${escape(check.number)}: ${escape(check.subject)}</p>
<form method="post" action="/satisfaction/${escape(token)}">
<fieldset><legend>Your rating</legend>
${[5, 4, 3, 2, 1].map((n) => `<label><input type="radio" name="score" value="${n}" required> ${n} – ${['', 'Very poor', 'Poor', 'All right', 'Good', 'Very good'][n]}</label>`).join('\n')}
</fieldset>
<label>Anything to add? <textarea name="comment" rows="4" maxlength="2000"></textarea></label>
<button type="submit">Send</button>
</form>`
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>How did we do?</title>
<style>body{font:16px system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.4rem 0}textarea{width:100%}fieldset{border:1px solid #ccc;border-radius:6px}button{margin-top:1rem;padding:.5rem 1.2rem}</style>
</head><body>${body}</body></html>`
}
