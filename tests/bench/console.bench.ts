/// <reference lib="dom" />
import { chromium, type Browser, type Page } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, normalize } from 'node:path'
import { build } from 'vite'
import { it } from 'vitest'
import { seedDesk } from '../../src/main/core/sample/seed-desk'
import { openDesk } from '../../src/main/core/store/database'
import { Directory } from '../../src/main/core/store/directory'
import { tempDir } from '../support/temp-dir'
import { startHostProcess, type HostProcess } from '../support/web-host-process'
import { figures, interleaved } from './figures'

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000)
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 50_000)
const SCROLL_ROWS = Math.min(10_000, TICKETS)
const rowHeight = 56

function seeded(tickets: number, people: number): ReturnType<typeof tempDir> {
  const dir = tempDir('frontline-console-bench-')
  const db = openDesk(join(dir.path, 'desk.sqlite')).db
  const directory = new Directory(db)
  directory.ensureDefaults('Europe/Berlin')
  seedDesk(db, directory, { tickets, people, now: new Date() })
  db.close()
  return dir
}

async function launch(): Promise<Browser> {
  const own = (() => {
    try {
      return existsSync(chromium.executablePath())
    } catch {
      return false
    }
  })()
  return chromium.launch({
    ...(own ? {} : { executablePath: '/usr/bin/chromium' }),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
}

/** The bare page (bare-rows/), built by Vite as the console is and served from loopback; the first-rows floor. */
async function bareRows(): Promise<{ url: string; close(): Promise<void> }> {
  const out = tempDir('frontline-bare-rows-')
  await build({ configFile: false, logLevel: 'silent', root: join(__dirname, 'bare-rows'), base: './', build: { outDir: out.path, emptyOutDir: true } })
  const server = createServer((request, response) => {
    const file = normalize(join(out.path, (request.url ?? '/').split('?')[0] === '/' ? 'index.html' : (request.url ?? '').split('?')[0]!))
    if (!file.startsWith(out.path) || !existsSync(file)) return void response.writeHead(404).end()
    response.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' }).end(readFileSync(file))
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      await new Promise((closed) => server.close(closed))
      out.remove()
    }
  }
}

/** Milliseconds from navigation start until the first screen of queue rows has been painted. */
async function firstRows(page: Page, url: string): Promise<number> {
  await page.addInitScript(() => {
    const check = () => {
      if (document.querySelectorAll('[role=option]').length >= 10) {
        // The frame after the rows exist is the one that shows them.
        requestAnimationFrame(() => ((globalThis as unknown as { firstRows: number }).firstRows = performance.now()))
      } else requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  })
  await page.goto(url)
  await page.waitForFunction(() => (globalThis as unknown as { firstRows?: number }).firstRows !== undefined, undefined, { timeout: 60_000 })
  return page.evaluate(() => (globalThis as unknown as { firstRows: number }).firstRows)
}

/** JS heap in use after a full garbage collection, in MB. */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('Performance.enable')
  const { metrics } = await cdp.send('Performance.getMetrics')
  await cdp.detach()
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1_048_576
}

/** Scrolls the queue down through `rows` rows at ten rows a frame, as a fast trackpad fling would; returns frame gaps and long tasks. */
async function scrollQueue(page: Page, rows: number): Promise<{ frames: number[]; longTasks: number[]; loaded: number }> {
  return page.evaluate(
    async ({ rows, rowHeight }) => {
      const longTasks: number[] = []
      // Only the fling's own: buffered entries would count the page's opening too.
      new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: 'longtask' })
      const list = document.getElementById('queue-list')!
      const target = rows * rowHeight
      const frames: number[] = []
      let last = performance.now()
      const started = last
      await new Promise<void>((done) => {
        const step = (now: number) => {
          frames.push(now - last)
          last = now
          list.scrollTop = Math.min(list.scrollTop + 10 * rowHeight, target)
          // Waiting at the bottom for the next page is part of what is measured.
          if (list.scrollTop >= target - list.clientHeight || now - started > 180_000) done()
          else requestAnimationFrame(step)
        }
        requestAnimationFrame(step)
      })
      // Long tasks are reported after they end: the fling's last ones arrive once the page has a moment.
      await new Promise((settled) => setTimeout(settled, 100))
      return { frames: frames.slice(1), longTasks, loaded: Math.round(list.scrollHeight / rowHeight) }
    },
    { rows, rowHeight }
  )
}

it(`console at scale: ${TICKETS.toLocaleString('en')} tickets`, async () => {
  const { report, baseline, lines } = figures()
  const big = seeded(TICKETS, PEOPLE)
  const small = seeded(36, 10)
  const browser = await launch()
  const hosts: HostProcess[] = []
  const bare = await bareRows()
  try {
    const bigHost = await startHostProcess(big.path)
    const smallHost = await startHostProcess(small.path)
    hosts.push(bigHost, smallHost)

    // Each sample a fresh browser context, the big desk and the 36-ticket one in alternating rounds. The
    // figure is the page's own time from navigation to rows painted, so the sample ends that long after it began.
    const cold = (url: string) => async () => {
      const began = performance.now()
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
      const painted = await firstRows(await context.newPage(), url)
      await context.close()
      return began + painted
    }
    const [bigOpen, smallOpen, bareOpen] = await interleaved(5, { runs: 5, fn: cold(bigHost.url) }, { runs: 5, fn: cold(smallHost.url) }, { runs: 5, fn: cold(bare.url) })
    report(`open console → first rows painted (${TICKETS.toLocaleString('en')} tickets; goal p50 < 400, p95 < 600)`, bigOpen, bareOpen)
    baseline('  a bare page drawing 50 rows with React alone (goal: above within 2x, ratio ≥ 0.5x)', bareOpen)
    report('  same console, 36-ticket desk', smallOpen, bareOpen)

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    await firstRows(page, smallHost.url)
    const smallHeap = await heapMb(page)
    await firstRows(page, bigHost.url)
    const openHeap = await heapMb(page)
    const { frames, longTasks, loaded } = await scrollQueue(page, SCROLL_ROWS)
    const scrolledHeap = await heapMb(page)
    await context.close()

    // The Monday review as a supervisor sees it: Reports clicked, last week's figures computed and drawn.
    // Both desks open in their own page, Reports clicked on each in alternating rounds.
    const reviewPage = async (url: string) => {
      const reviewContext = await browser.newContext({ viewport: { width: 1440, height: 900 } })
      const page = await reviewContext.newPage()
      await firstRows(page, url)
      return { page, close: () => reviewContext.close() }
    }
    // Timed in the page, from the click to the frame that shows the figures and the charts on screen
    // (the rest are drawn as the page idles): the harness's own polling neither adds to it nor slows it.
    const review = (page: Page) => async () => {
      const began = performance.now()
      const elapsed = await page
        .evaluate(async () => {
          const start = performance.now()
          ;Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Reports')!.click()
          await new Promise<void>((drawn, failed) => {
            const check = () => {
              const figures = document.querySelector('[aria-labelledby="figure-volume"] .report-headline') && document.getElementById('figure-howTo')
              const onScreen = Array.from(document.querySelectorAll('.report-chart')).filter((chart) => chart.getBoundingClientRect().top < innerHeight)
              if (figures && onScreen.length > 0 && onScreen.every((chart) => chart.querySelector('.recharts-surface'))) requestAnimationFrame(() => drawn())
              else if (performance.now() - start > 60_000) failed(new Error('Reports not drawn within a minute'))
              else requestAnimationFrame(check)
            }
            requestAnimationFrame(check)
          })
          return performance.now() - start
        })
        .catch(async (error: unknown) => {
          await page.screenshot({ path: 'test-results/screenshots/bench-reports-failed.png' })
          throw error
        })
      await page.getByRole('button', { name: 'Back to the queue' }).click()
      return began + elapsed
    }
    const bigReview = await reviewPage(bigHost.url)
    const smallReview = await reviewPage(smallHost.url)
    const [bigReports, smallReports] = await interleaved(5, { runs: 5, fn: review(bigReview.page) }, { runs: 5, fn: review(smallReview.page) })
    await bigReview.close()
    await smallReview.close()
    report(`open Reports → last week's figures and the charts on screen drawn (${TICKETS.toLocaleString('en')} tickets)`, bigReports, smallReports)
    baseline('  same, 36-ticket desk', smallReports)

    report(`scroll ${SCROLL_ROWS.toLocaleString('en')} rows: frame interval`, frames)
    const dropped = frames.filter((f) => f > 1000 / 30).length
    lines.push(
      `  ${frames.length} frames, ${dropped} over 33 ms (${((100 * dropped) / frames.length).toFixed(1)}%), ` +
        `longest ${Math.round(Math.max(0, ...frames))} ms (goal ≤ 50), ${longTasks.length} long tasks totalling ${Math.round(longTasks.reduce((a, b) => a + b, 0))} ms, ` +
        `longest ${Math.round(Math.max(0, ...longTasks))} ms (goal ≤ 100), ${loaded.toLocaleString('en')} rows loaded`
    )
    const mb = (v: number) => `${v.toFixed(1)} MB`
    lines.push(`renderer JS heap (absolute): 36-ticket desk ${mb(smallHeap)} · big desk opened ${mb(openHeap)} · after scrolling ${mb(scrolledHeap)} (goal < 150 MB)`)
  } finally {
    for (const host of hosts) await host.stop()
    await bare.close()
    await browser.close()
    big.remove()
    small.remove()
  }
  console.log(`\n${lines.join('\n')}\n`)
})
