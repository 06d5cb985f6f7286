import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { openFrontlineCore } from '../../src/main/core/frontline-core'
import type { Method, MethodInput, MethodOutput } from '../../src/shared/contract'
import { seededRandom } from './seeded-random'
import { machine } from './snapshot'

/**
 * Child process for the kill test: makes every kind of write the desk has (a ticket, a note, a status
 * change, a merge, a machine's snapshot, inventory attached to a ticket, a knowledge article) through
 * the real core as fast as it can, in an order drawn from the seed it is sent, printing
 * "ack <kind> <a> <b>" after each write returns. It first makes two tickets and a machine, so any kind
 * can come next, then says "ready"; the parent kills it at a random moment after that.
 */
const dataDir = process.argv[2]!
// Started ahead of its turn, so the core loads while the writer before it runs: its seed, on stdin, says go.
const [seedLine] = (await once(createInterface({ input: process.stdin }), 'line')) as [string]
const random = seededRandom(Number(seedLine))
const core = openFrontlineCore({ dataDir })

async function call<M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await core.dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value as MethodOutput<M>
}
const ack = (...words: string[]) => process.stdout.write(`ack ${words.join(' ')}\n`)

const kinds = ['ticket', 'note', 'status', 'merge', 'record', 'attach', 'article'] as const
// Open tickets this run made (oldest first), the machine recorded but not yet attached (attach records one first if none), the article last saved.
const open: Array<{ id: string; fresh: boolean }> = []
let machineId: string | null = null
let articleId: string | null = null

for (let n = 0; ; n++) {
  const marker = `${process.pid}-${n}`
  if (n === 3) process.stdout.write('ready\n')
  let kind: (typeof kinds)[number] = n < 2 ? 'ticket' : n === 2 ? 'record' : kinds[Math.floor(random() * kinds.length)]!
  if (open.length === 0 || (kind === 'merge' && open.length < 2)) kind = 'ticket'
  if (kind === 'status' && !open.some((t) => t.fresh)) kind = 'note'
  const latest = open.at(-1)!
  switch (kind) {
    case 'ticket': {
      const ticket = await call('tickets.create', { subject: `Kill test ${marker}`, channel: 'walk-in', requester: { name: 'Crash Dummy' } })
      open.push({ id: ticket.id, fresh: true })
      ack('ticket', ticket.id, marker)
      break
    }
    case 'note':
      await call('tickets.comment', { id: latest.id, visibility: 'internal', body: `note ${marker}`, minutes: 1 })
      ack('note', latest.id, marker)
      break
    case 'status': {
      const target = open.find((t) => t.fresh)!
      await call('tickets.setStatus', { id: target.id, status: 'in_progress' })
      target.fresh = false
      ack('status', target.id, 'in_progress')
      break
    }
    case 'merge': {
      const from = open.shift()!
      await call('tickets.merge', { id: from.id, intoId: latest.id })
      ack('merge', from.id, latest.id)
      break
    }
    case 'record':
    case 'attach': {
      if (!machineId) {
        // A machine of its own each time (serial and MAC from the marker), so every record is a new asset.
        const mac = `02:${[process.pid >> 8, process.pid, n >> 16, n >> 8, n].map((b) => (b & 0xff).toString(16).padStart(2, '0')).join(':')}`
        const { asset } = await call('inventory.record', { snapshot: machine({ serial: `KILL-${marker}`, hostname: `KILL-${n}`, macs: [mac] }) })
        machineId = asset.id
        ack('record', asset.id, `KILL-${marker}`)
      }
      if (kind === 'attach') {
        await call('tickets.attachInventory', { id: latest.id, assetId: machineId })
        ack('attach', latest.id, machineId)
        machineId = null
      }
      break
    }
    case 'article': {
      const article: MethodOutput<'kb.save'> = await call('kb.save', { ...(articleId && random() < 0.5 ? { id: articleId } : {}), title: `Kill article ${marker}`, body: `Written by the kill test, ${marker}.` })
      articleId = article.id
      ack('article', article.id, marker)
      break
    }
  }
}
