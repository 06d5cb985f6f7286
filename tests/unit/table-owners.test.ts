import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const core = join(__dirname, '..', '..', 'src', 'main', 'core')

/**
 * Which store writes each desk table. The first file is the table's owner, whose methods everyone
 * else calls. After it come at most its replica halves: they write the same rows as the desk
 * server ruled them (a pulled page applies people, technicians and tickets in one transaction).
 */
const owners: Record<string, string[]> = {
  tickets: ['store/ticket-writes.ts', 'store/pulled-changes.ts'],
  ticket_events: ['store/ticket-writes.ts', 'store/pulled-changes.ts'],
  ticket_links: ['store/ticket-writes.ts', 'store/pulled-changes.ts'],
  ticket_assets: ['store/ticket-writes.ts'],
  ticket_seen: ['store/ticket-writes.ts'],
  ticket_drafts: ['store/drafts.ts'],
  people: ['store/directory.ts', 'store/person-writes.ts', 'store/pulled-changes.ts'],
  agents: ['store/directory.ts', 'store/team-copy.ts', 'store/pulled-changes.ts'],
  agent_groups: ['store/directory.ts', 'store/team-copy.ts'],
  desk_groups: ['store/directory.ts', 'store/team-copy.ts', 'store/pulled-changes.ts'],
  calendars: ['store/directory.ts', 'store/team-copy.ts'],
  holidays: ['store/team-copy.ts'],
  sla_policies: ['store/directory.ts', 'store/team-copy.ts'],
  canned_responses: ['store/directory.ts', 'store/team-copy.ts'],
  kb_synonyms: ['store/team-copy.ts'],
  desk_meta: ['store/directory.ts'],
  outbox: ['store/outbox.ts'],
  sync_state: ['store/sync-state.ts'],
  sync_notices: ['store/sync-notices.ts'],
  sync_quarantine: ['store/quarantine.ts'],
  files: ['store/file-store.ts'],
  assets: ['inventory/asset-store.ts', 'inventory/asset-replica.ts'],
  asset_macs: ['inventory/asset-store.ts', 'inventory/asset-replica.ts'],
  asset_snapshots: ['inventory/asset-store.ts', 'inventory/asset-replica.ts'],
  kb_articles: ['knowledge/article-store.ts'],
  kb_versions: ['knowledge/article-store.ts'],
  kb_searches: ['knowledge/knowledge-search.ts'],
  // Kept by triggers as rows are written; rebuilt whole only during a first sync (people once the directory has landed).
  tickets_fts: ['store/search-deferral.ts'],
  events_fts: ['store/search-deferral.ts'],
  people_fts: ['store/search-deferral.ts']
}

/** Writers outside the table's store, each for a reason the store cannot serve. */
const exceptions: Record<string, { tables: string[]; why: string }> = {
  'store/database.ts': { tables: ['people', 'agents'], why: 'a recovery copies rows into a fresh file and names the people and technicians it lost' },
  'sample/seed-desk.ts': { tables: ['people', 'tickets', 'ticket_events'], why: 'the seeded load-test desk writes 100,000 tickets as rows, once, into an empty desk' }
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sources(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

/** Every file in core that writes each table: SQL write statements, and the update builder's table. */
function writers(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>()
  for (const path of sources(core)) {
    const text = readFileSync(path, 'utf8')
    const file = relative(core, path).replaceAll('\\', '/')
    const tables = [...text.matchAll(/\b(?:INSERT(?:\s+OR\s+[A-Z]+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_]+)\b/g), ...text.matchAll(/\bupdater\(\s*'([a-z_]+)'/g)].map((m) => m[1]!)
    for (const table of tables) found.set(table, new Set([...(found.get(table) ?? []), file]))
  }
  return found
}

describe('desk tables', () => {
  it('are each written only by their own store (and the named exceptions), never by handlers, sync, samples or areas', () => {
    const strays: string[] = []
    for (const [table, files] of writers()) {
      for (const file of files) {
        const allowed = owners[table]?.includes(file) || exceptions[file]?.tables.includes(table)
        if (!allowed) strays.push(`${file} writes ${table}${owners[table] ? `; its store is ${owners[table]![0]}` : ', a table with no store named here'}`)
      }
    }
    expect(strays).toEqual([])
  })

  it('are all named: every table the desk schema makes has a store', () => {
    const schema = sources(join(core, 'store', 'migrations'))
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n')
    const made = new Set([...schema.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)\s*\(/g)].map((m) => m[1]!))
    expect([...made].filter((table) => !owners[table]).sort()).toEqual([])
  })
})
