/// <reference lib="dom" />
import { chromium } from '@playwright/test'
import { join } from 'node:path'
import { it } from 'vitest'
import { seedDesk } from '../../src/main/core/sample/seed-desk'
import { openDesk } from '../../src/main/core/store/database'
import { Directory } from '../../src/main/core/store/directory'
import { tempDir } from '../support/temp-dir'
import { startHostProcess } from '../support/web-host-process'

it('waterfall', { timeout: 300_000 }, async () => {
  const dir = tempDir('wf-')
  const db = openDesk(join(dir.path, 'desk.sqlite')).db
  const directory = new Directory(db)
  directory.ensureDefaults('Europe/Berlin')
  seedDesk(db, directory, { tickets: Number(process.env.N ?? 36), people: 10, now: new Date() })
  db.close()
  const host = await startHostProcess(dir.path)
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
  for (let i = 0; i < 4; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    await page.addInitScript(() => {
      const check = () => {
        if (document.querySelectorAll('[role=option]').length >= 10) requestAnimationFrame(() => ((globalThis as any).firstRows = performance.now()))
        else requestAnimationFrame(check)
      }
      requestAnimationFrame(check)
    })
    const cdp = await context.newCDPSession(page)
    await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start')
    await page.goto(host.url)
    await page.waitForFunction(() => (globalThis as any).firstRows !== undefined, undefined, { timeout: 60_000 })
    const out = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
      const res = performance.getEntriesByType('resource').map((r) => { const x = r as PerformanceResourceTiming; return `${x.startTime.toFixed(0)}-${x.responseEnd.toFixed(0)} ${x.name.replace(location.origin, '').slice(0, 80)} ${x.transferSize}` })
      const paint = performance.getEntriesByType('paint').map((p) => `${p.name} ${p.startTime.toFixed(0)}`)
      return { dcl: nav.domContentLoadedEventEnd.toFixed(0), load: nav.loadEventEnd.toFixed(0), resp: nav.responseEnd.toFixed(0), first: (globalThis as any).firstRows.toFixed(0), paint, res }
    })
    console.log(JSON.stringify(out, null, 1))
    const { profile } = await cdp.send('Profiler.stop')
    const { readFileSync, readdirSync } = await import('node:fs')
    const { SourceMapConsumer } = await import('source-map')
    const maps: Record<string, any> = {}
    for (const f of readdirSync('out/renderer/assets').filter((x) => x.endsWith('.js.map'))) maps[f.replace('.map', '')] = await new SourceMapConsumer(JSON.parse(readFileSync('out/renderer/assets/' + f, 'utf8')))
    const bySrc: Record<string, number> = {}
    const byFn: Record<string, number> = {}
    const byId0 = new Map(profile.nodes.map((n: any) => [n.id, n]))
    profile.samples!.forEach((id: number, i: number) => {
      const n: any = byId0.get(id); const u = (n.callFrame.url || '').replace(/.*\//, '')
      let k = u ? u : n.callFrame.functionName || '(native)'
      let fk = k
      if (maps[u]) { const o = maps[u].originalPositionFor({ line: n.callFrame.lineNumber + 1, column: n.callFrame.columnNumber }); k = (o.source || '?').replace(/.*node_modules\//, 'nm:').replace(/^(nm:(@[^/]+\/)?[^/]+).*/, '$1').replace(/.*src\//, ''); fk = k + ':' + (o.name || '') + ':' + o.line }
      bySrc[k] = (bySrc[k] ?? 0) + (profile.timeDeltas![i] ?? 0) / 1000
      byFn[fk] = (byFn[fk] ?? 0) + (profile.timeDeltas![i] ?? 0) / 1000
    })
    console.log('SRC\n' + Object.entries(bySrc).sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => `${v.toFixed(1)} ${k}`).join('\n'))
    console.log('FN\n' + Object.entries(byFn).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(1)} ${k}`).join('\n'))
    const self: Record<string, number> = {}
    const byId = new Map(profile.nodes.map((n: any) => [n.id, n]))
    const dt = profile.timeDeltas!
    profile.samples!.forEach((id: number, i: number) => { const n: any = byId.get(id); const u = (n.callFrame.url || '').replace(/.*\//, ''); const k = u + ' ' + n.callFrame.functionName; self[k] = (self[k] ?? 0) + (dt[i] ?? 0) / 1000 })
    const byUrl: Record<string, number> = {}
    for (const [k, v] of Object.entries(self)) { const u = k.split(' ')[0] || '(native)'; byUrl[u] = (byUrl[u] ?? 0) + v }
    console.log(Object.entries(byUrl).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${v.toFixed(0)} ${k}`).join('\n'))
    console.log(Object.entries(self).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(1)} ${k}`).join('\n'))
    await context.close()
  }
  await browser.close()
  await host.stop()
  dir.remove()
})
