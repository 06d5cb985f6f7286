import type { Database } from 'better-sqlite3'
import { schemaV1 } from './migrations/001-desk-schema'
import { ticketSeenV2 } from './migrations/002-ticket-seen'
import { syncV3 } from './migrations/003-sync'
import { inventoryV4 } from './migrations/004-inventory'
import { assetRecordsV5 } from './migrations/005-asset-records'
import { knowledgeV6 } from './migrations/006-knowledge'
import { quarantineV7 } from './migrations/007-quarantine'
import { teamV8 } from './migrations/008-team'
import { directoryPeopleV9 } from './migrations/009-directory-people'
import { filesV10 } from './migrations/010-files'
import { reportIndexesV11 } from './migrations/011-report-indexes'
import { problemRecordsV12 } from './migrations/012-problem-records'
import { changeRecordsV13 } from './migrations/013-change-records'
import { draftsV14 } from './migrations/014-drafts'
import { slaRiskV15 } from './migrations/015-sla-risk'
import { searchTermsV16 } from './migrations/016-search-terms'
import { articleUsesV17 } from './migrations/017-article-uses'
import { queueViewsV18 } from './migrations/018-queue-views'
import { dismissalsV19 } from './migrations/019-dismissals'
import { heldVersionsV20 } from './migrations/020-held-versions'
import { deferredSearchV21 } from './migrations/021-deferred-search'
import { deferredPeopleSearchV22 } from './migrations/022-deferred-people-search'

export interface Migration {
  version: number
  name: string
  sql: string
}

/** Forward only: a shipped migration is never edited; a change is a new, higher-numbered entry. */
export const migrations: Migration[] = [
  { version: 1, name: 'desk schema', sql: schemaV1 },
  { version: 2, name: 'ticket seen marks, number lookup', sql: ticketSeenV2 },
  { version: 3, name: 'refused changes kept in the outbox, superseded-edit notices', sql: syncV3 },
  { version: 4, name: 'assets, their snapshots, tickets linked to assets', sql: inventoryV4 },
  { version: 5, name: 'asset record fields stamped and owed to the desk server', sql: assetRecordsV5 },
  { version: 6, name: 'knowledge base: articles, versions, search index, synonyms, gaps', sql: knowledgeV6 },
  { version: 7, name: 'rows from the server this desk could not apply, set aside', sql: quarantineV7 },
  { version: 8, name: 'the team directory: several groups per technician, disabled accounts, retired groups', sql: teamV8 },
  { version: 9, name: 'requesters from the organisation’s directory: title, account name, state there', sql: directoryPeopleV9 },
  { version: 10, name: 'files attached on this desk or kept from the desk server', sql: filesV10 },
  { version: 11, name: 'indexes for the reports: tickets by resolution time, time logged by when', sql: reportIndexesV11 },
  { version: 12, name: 'problem records: root cause, workaround, known error', sql: problemRecordsV12 },
  { version: 13, name: 'change records: kind, risk, planned window, back-out plan, approval', sql: changeRecordsV13 },
  { version: 14, name: 'reply and note drafts kept per ticket on this desk', sql: draftsV14 },
  { version: 15, name: 'when each open ticket turns at risk, for Breaching soon', sql: slaRiskV15 },
  { version: 16, name: 'the terms the ticket search indexes hold, for hyphenated and joined forms', sql: searchTermsV16 },
  { version: 17, name: 'the timeline events naming each knowledge article, for its solved count', sql: articleUsesV17 },
  { version: 18, name: 'follow-ups by when they are due, and risk times leading their index, for two saved views', sql: queueViewsV18 },
  { version: 19, name: 'dismissed recurring incidents, for the candidate problems', sql: dismissalsV19 },
  { version: 20, name: 'knowledge versions an import holds back until its last article is written', sql: heldVersionsV20 },
  { version: 21, name: 'ticket and timeline search indexed once at the end of a first sync, not slice by slice', sql: deferredSearchV21 },
  { version: 22, name: 'requester search indexed once a first sync has written the directory, not row by row', sql: deferredPeopleSearchV22 }
]

/** Applies every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: Database, list: Migration[] = migrations): number {
  const current = db.pragma('user_version', { simple: true }) as number
  const newest = list.reduce((max, m) => Math.max(max, m.version), 0)
  if (current > newest) {
    throw new Error(`This desk file was written by a newer Frontline (schema ${current}, this build knows ${newest}).`)
  }
  for (const migration of [...list].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
  return db.pragma('user_version', { simple: true }) as number
}
