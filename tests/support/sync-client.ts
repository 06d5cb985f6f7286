import { openFrontlineCore } from '../../src/main/core/frontline-core'

/**
 * Child process for the sync fault test: a technician's desk that signs in through the fault proxy,
 * makes `count` changes at `rate` a second (new tickets, notes, urgency edits on any ticket it knows,
 * its own or pulled) and syncs as it goes. Prints "ack <marker>" once each note is saved locally.
 * Started again on the same folder after a SIGKILL, it runs again under a new `run` label.
 */
const [dataDir, serverUrl, email, password, count, rate, run, skew] = process.argv.slice(2)
const skewMs = Number(skew)
const core = openFrontlineCore({ dataDir: dataDir!, now: () => new Date(Date.now() + skewMs), sync: { background: false } })
const call = async (method: string, input: object): Promise<unknown> => {
  const result = await core.dispatch(method as never, input as never)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const status = async () => (await call('sync.status', {})) as { state: string; account: unknown; pending: number; refused: unknown[] }

// Sign in through the faults: a lost answer just means trying again.
while (!(await status()).account) {
  await call('sync.signIn', { serverUrl, email, password }).catch(() => undefined)
  if (!(await status()).account) await sleep(100)
}

const mine: string[] = []
let n = 0
let lastSync = 0
for (; n < Number(count); n++) {
  const marker = `${email}#${run}-${String(n).padStart(5, '0')}`
  if (mine.length === 0 || n % 5 === 0) {
    const ticket = (await call('tickets.create', { subject: `Fault test ${marker}`, channel: 'phone', requester: { name: `Caller ${n % 7}` } })) as { id: string }
    mine.push(ticket.id)
  }
  const list = (await call('tickets.list', { limit: 50, sort: 'updated' })) as { tickets: Array<{ id: string; status: string }> }
  if (n % 3 === 1 && list.tickets.length) {
    const any = list.tickets[n % list.tickets.length]!
    await call('tickets.update', { id: any.id, urgency: (['high', 'medium', 'low'] as const)[n % 3] })
  }
  await call('tickets.comment', { id: mine[n % mine.length]!, visibility: 'internal', body: `note ${marker}` })
  process.stdout.write(`ack ${marker}\n`)
  if (Date.now() - lastSync > 250) {
    lastSync = Date.now()
    await call('sync.now', {})
  }
  await sleep(1000 / Number(rate))
}
// Done changing: sync until everything is acknowledged, then report.
for (;;) {
  const s = (await call('sync.now', {})) as { state: string; pending: number; refused: unknown[] }
  if (s.state === 'online' && s.pending === 0) break
  await sleep(200)
}
process.stdout.write('done\n')
core.close()
