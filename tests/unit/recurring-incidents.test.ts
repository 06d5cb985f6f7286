import { describe, expect, it } from 'vitest'
import { defaultDetector, RecurringIncidents } from '../../src/main/core/problems/recurring-incidents'
import { corpus, plantedClusters } from '../fixtures/recurring-incidents'

/**
 * The recurring-incident detector on a labelled corpus: six groups of incidents with one cause each,
 * worded as differently as people word them, among noise that shares their vocabulary but not their
 * cause. A detected group counts as finding a planted one when most of its members are that one's and
 * it holds most of that one's members; anything else it proposes is a false group.
 */
describe('the recurring-incident detector', () => {
  const start = Date.parse('2026-11-23T07:00:00Z')
  const incidents = corpus.map((c) => ({ id: c.key, subject: c.subject, description: c.description, category: c.category, model: c.model, createdAt: new Date(start + c.hoursAfterStart * 3_600_000).toISOString() }))
  const label = new Map(corpus.map((c) => [c.key, c.cluster]))

  it('finds at least five of the six planted groups with at most one false group, and says how well', () => {
    const detected = new RecurringIncidents([], defaultDetector).detect(incidents)
    const found = new Map<string, { members: number; correct: number }>()
    let falseGroups = 0
    for (const group of detected) {
      const counts = new Map<string, number>()
      for (const id of group.incidentIds) {
        const cluster = label.get(id)
        if (cluster) counts.set(cluster, (counts.get(cluster) ?? 0) + 1)
      }
      const [best, correct] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0]
      const plantedSize = corpus.filter((c) => c.cluster === best).length
      if (best && correct * 2 > group.incidentIds.length && correct * 2 >= plantedSize && !found.has(best)) found.set(best, { members: group.incidentIds.length, correct })
      else falseGroups += 1
    }
    const precision = detected.length ? found.size / detected.length : 0
    const recall = found.size / plantedClusters.length
    const members = [...found.entries()].map(([name, f]) => `${name} ${f.correct}/${corpus.filter((c) => c.cluster === name).length} (${f.members - f.correct} stray)`)
    console.log(
      `recurring incidents: ${corpus.length} incidents, ${plantedClusters.length} planted groups; ${detected.length} proposed, ${found.size} found, ${falseGroups} false; precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}\n  ${members.join('\n  ')}\n  missed: ${plantedClusters.filter((c) => !found.has(c)).join(', ') || 'none'}`
    )
    expect(found.size).toBeGreaterThanOrEqual(5)
    expect(falseGroups).toBeLessThanOrEqual(1)
  })

  it('proposes nothing from incidents that each happen once or twice', () => {
    const noise = incidents.filter((i) => label.get(i.id) === null)
    expect(new RecurringIncidents().detect(noise)).toEqual([])
  })

  it('finds a group on a desk that has hardly anything else: words all five share are not common for that', () => {
    const subjects = ['Teams meeting has no audio', 'No sound in Teams calls', 'Teams audio missing in meetings', 'Cannot hear anyone in Teams meeting', 'Teams meeting audio not working']
    const few = subjects.map((subject, k) => ({ id: `t${k}`, subject, description: '', category: null, model: null, createdAt: new Date(start + k * 3_600_000).toISOString() }))
    expect(new RecurringIncidents().detect(few).map((c) => c.incidentIds)).toEqual([['t0', 't1', 't2', 't3', 't4']])
  })

  it('needs the group within the window: the same five incidents a week apart each are not a pattern', () => {
    const spread = Array.from({ length: 5 }, (_, k) => ({ id: `s${k}`, subject: 'VPN fails with error 809', description: 'Since the update', category: 'Network', model: null, createdAt: new Date(start + k * 8 * 86_400_000).toISOString() }))
    expect(new RecurringIncidents().detect(spread)).toEqual([])
    const close = spread.map((s, k) => ({ ...s, createdAt: new Date(start + k * 86_400_000).toISOString() }))
    expect(new RecurringIncidents().detect(close)).toMatchObject([{ inWindow: 5, title: 'VPN fails with error 809' }])
  })
})
