import type { Pool } from 'pg'
import { aheadReason, runsAhead } from '../shared/hlc'
import type { VersionPage, VersionPushAnswer, VersionRecord } from '../shared/knowledge'
import type { Caller } from './accounts'
import { inChangeOrder } from './assets'
import { changeHorizon } from './change-horizon'

/** Stores each version once (a resend is harmless), signed with the account that sent it; one stamped from the future is refused. */
export async function pushVersions(pool: Pool, caller: Caller, versions: VersionRecord[], now: number): Promise<VersionPushAnswer> {
  return inChangeOrder(pool, async (client) => {
    let stored = 0
    const refused: VersionPushAnswer['refused'] = []
    for (const version of versions) {
      if (runsAhead(version.stamp, now)) {
        refused.push({ id: version.id, reason: aheadReason })
        continue
      }
      const signed = { ...version, authorId: caller.account.id }
      const result = await client.query(
        `INSERT INTO kb_versions (id, article_id, stamp, author_id, status, version, change_seq)
         VALUES ($1, $2, $3, $4, $5, $6, change_seq_next()) ON CONFLICT (id) DO NOTHING`,
        [version.id, version.articleId, version.stamp, caller.account.id, version.status, JSON.stringify(signed)]
      )
      stored += result.rowCount ?? 0
    }
    return { value: { stored, refused }, changed: stored > 0 }
  })
}

/** Versions after the cursor that the caller may see: everything but other people's drafts, unless a supervisor or admin asks. */
export async function pullVersions(pool: Pool, caller: Caller, cursor: number, limit: number): Promise<VersionPage> {
  const everything = caller.account.role === 'supervisor' || caller.account.role === 'admin'
  // The cursor moves past hidden rows too: it is the last change_seq looked at, not the last one sent.
  const horizon = await changeHorizon(pool)
  const rows = (
    await pool.query<{ version: VersionRecord; change_seq: string; visible: boolean }>(
      `SELECT version, change_seq, (status <> 'draft' OR author_id = $3 OR $4) AS visible
       FROM kb_versions WHERE change_seq > $1 AND change_seq <= $5 ORDER BY change_seq LIMIT $2`,
      [cursor, limit, caller.account.id, everything, horizon]
    )
  ).rows
  return {
    cursor: rows.length ? Number(rows.at(-1)!.change_seq) : cursor,
    more: rows.length === limit,
    versions: rows.filter((r) => r.visible).map((r) => r.version)
  }
}
