import { Attribute, Change } from 'ldapts'
import { v7 as uuidv7 } from 'uuid'
import { expect, it } from 'vitest'
import type { SyncReport } from '../../src/shared/directory'
import { startTestServer } from '../support/desk-server'
import { startSlapd, withClient } from '../support/slapd'
import { figures, percentiles } from './figures'

const PEOPLE = Number(process.env.BENCH_DIRECTORY_PEOPLE ?? 10_000)
const RUNS = Number(process.env.BENCH_DIRECTORY_RUNS ?? 3)
/** 1% of the people change between two syncs. */
const CHANGED = Math.max(1, Math.round(PEOPLE / 100))

/**
 * The desk server's people sync from a real OpenLDAP, through its HTTP API: the first import, a full
 * re-read with nothing changed (the baseline), and an incremental sync after 1% of the people changed.
 * The incremental one reads the changed entries plus everyone's bare key (to notice who left), so its
 * rate is counted as the whole directory kept current per second.
 */
it(`directory people sync: ${PEOPLE.toLocaleString('en')} people`, { timeout: 600_000 }, async () => {
  const { lines, report, baseline } = figures()
  const line = (name: string, value: number | string, unit: string) => lines.push(`${name.padEnd(62)} ${String(value).padStart(10)} ${unit}`)
  const rate = (people: number, ms: number) => Math.round(people / (ms / 1000)).toLocaleString('en')
  const started = await Promise.allSettled([startTestServer(), startSlapd({ people: PEOPLE })] as const)
  const [serverStart, ldapStart] = started
  if (serverStart.status === 'rejected' || ldapStart.status === 'rejected') {
    if (serverStart.status === 'fulfilled') await serverStart.value.close()
    if (ldapStart.status === 'fulfilled') await ldapStart.value.stop()
    throw serverStart.status === 'rejected' ? serverStart.reason : (ldapStart as PromiseRejectedResult).reason
  }
  const server = serverStart.value
  const ldap = ldapStart.value
  try {
    const admin = await server.agent('admin')
    const id = uuidv7()
    const saved = await server.call('PUT', `/api/directories/${id}`, admin.token, {
      name: 'Bench LDAP',
      flavour: 'openldap',
      url: ldap.url,
      bindDn: ldap.bindDn,
      bindPassword: ldap.bindPassword,
      baseDns: [`ou=people,${ldap.baseDn}`],
      syncMinutes: 0
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)

    // Everyone the sync should see: the N generated people and the few named ones slapd.ts seeds besides.
    const inDirectory = await withClient(ldap.url, ldap.adminDn, ldap.adminPassword, async (client) => {
      let n = 0
      for await (const page of client.searchPaginated(`ou=people,${ldap.baseDn}`, { scope: 'sub', filter: '(objectClass=inetOrgPerson)', attributes: ['1.1'], paged: { pageSize: 1_000 } })) n += page.searchEntries.length
      return n
    })
    expect(inDirectory).toBeGreaterThanOrEqual(PEOPLE)

    const sync = async (full: boolean): Promise<{ ms: number; report: SyncReport }> => {
      const start = performance.now()
      const answer = await server.call('POST', `/api/directories/${id}/sync${full ? '?full=true' : ''}`, admin.token)
      const ms = performance.now() - start
      expect(answer.status, JSON.stringify(answer.body)).toBe(200)
      const value = answer.body.value as SyncReport
      expect(value.error).toBeNull()
      return { ms, report: value }
    }
    // Each phase starts from a settled database, not paying for the checkpoint and autovacuum the one before owes.
    const settle = async () => {
      await server.pool.query('CHECKPOINT')
      await server.pool.query('VACUUM ANALYZE')
    }
    // Run r changes CHANGED people spread over the directory, a different set each run, to a title they never had.
    const stride = Math.max(1, Math.floor(PEOPLE / CHANGED))
    const changePeople = (r: number) =>
      withClient(ldap.url, ldap.adminDn, ldap.adminPassword, async (client) => {
        for (let k = 0; k < CHANGED; k++) {
          const uid = `user${String(1 + ((k * stride + r) % PEOPLE)).padStart(5, '0')}`
          await client.modify(ldap.dn(uid), new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: [`Bench title ${r}.${k}`] }) }))
        }
      })

    // 1. The first import: everyone created.
    const first = await sync(false)
    expect(first.report).toMatchObject({ full: true, counts: { read: inDirectory, created: inDirectory, updated: 0, removed: 0 } })
    await settle()
    // A warm-up round, untimed: an incremental sync re-reads every entry stamped in the last second it saw
    // (modifyTimestamp has one-second steps), which after the import is however much of slapd's bulk load
    // shares that second. After this round it is the round before's changes, the same in every timed run.
    await changePeople(0)
    expect((await sync(false)).report).toMatchObject({ full: false, counts: { created: 0, updated: CHANGED, removed: 0 } })
    await settle()

    const full: number[] = []
    const incremental: number[] = []
    const incrementalRead: number[] = []
    // 2. The baseline: a full re-read with nothing changed.
    const fullRead = async () => {
      const again = await sync(true)
      expect(again.report).toMatchObject({ full: true, counts: { read: inDirectory, created: 0, updated: 0, removed: 0, unchanged: inDirectory } })
      full.push(again.ms)
      await settle()
    }
    // 3. 1% changed in the directory, then an incremental sync.
    const changedRead = async (r: number) => {
      await changePeople(r)
      const changed = await sync(false)
      expect(changed.report).toMatchObject({ full: false, counts: { created: 0, updated: CHANGED, removed: 0, disabled: 0 } })
      incremental.push(changed.ms)
      incrementalRead.push(changed.report.counts.read)
      await settle()
    }
    // Which goes first turns round every run, so neither always meets the database fresher.
    for (let r = 1; r <= RUNS; r++) {
      if (r % 2 === 1) {
        await fullRead()
        await changedRead(r)
      } else {
        await changedRead(r)
        await fullRead()
      }
    }

    const median = (xs: number[]) => percentiles(xs).p50
    line(`first import of ${inDirectory.toLocaleString('en')} directory people (all created, absolute): time`, (first.ms / 1000).toFixed(2), 's')
    line('  rate', rate(inDirectory, first.ms), 'people/s')
    baseline(`full re-read, nothing changed, ${RUNS} runs`, full)
    line('  rate (median)', rate(inDirectory, median(full)), 'people/s')
    report(`incremental after ${CHANGED.toLocaleString('en')} changed (1%), ${RUNS} runs`, incremental, full)
    line('  entries read in full (median; the rest as bare keys)', median(incrementalRead), 'entries')
    line('  each run: time / entries read', incremental.map((ms, i) => `${ms.toFixed(0)}/${incrementalRead[i]}`).join(', '), 'ms/entries')
    line('  people kept current per second (median)', rate(inDirectory, median(incremental)), 'people/s')
  } finally {
    await server.close()
    await ldap.stop()
  }
  console.log(`\n${lines.join('\n')}\n`)
})
