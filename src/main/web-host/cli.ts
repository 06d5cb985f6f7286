import { join } from 'node:path'
import { z } from 'zod'
import { parseArgs } from '../cli/args'
import { listenFailure } from '../cli/listen-failure'
import { startCoreThread } from '../core-thread/core-thread'
import type { FrontlineCore } from '../core/frontline-core'
import { defaultDataDir } from '../core/platform/paths'

const Args = z
  .object({
    port: z.coerce.number().int().min(0).max(65_535).default(0),
    'data-dir': z.string().min(1).optional(),
    // Training and tests: the desk's clock starts at this instant and runs at normal speed from there.
    // Tests and a developer's own machine: lets the console save the desk's own remote tool, which the app confirms natively.
    'allow-custom-tool': z.literal('true').optional(),
    'clock-start': z.iso.datetime({ offset: true, error: 'Give an ISO date-time, e.g. 2026-11-24T10:00:00+01:00.' }).optional()
  })
  .strict()

/** `node out/main/web-host.js [--port N] [--data-dir DIR] [--clock-start ISO] [--allow-custom-tool]`: the console in a browser, on loopback. */
export async function runWebHost(argv: string[], mainOutDir: string): Promise<void> {
  const parsed = parseArgs(Args, argv, ['allow-custom-tool'])
  if (!parsed.ok) {
    console.error(`frontline web host: ${parsed.message}`)
    console.error('usage: web-host [--port N] [--data-dir DIR] [--clock-start ISO-DATE-TIME] [--allow-custom-tool]')
    process.exitCode = 2
    return
  }
  const args = parsed.value

  // Core on its own thread: a first sync or a large import never holds up the page's server. Started before
  // the page's server is loaded, so the two load side by side (one after the other, a start took 1.4 s, not 0.8).
  const starting = startCoreThread({
    entry: join(mainOutDir, 'core-thread.js'),
    dataDir: args['data-dir'] ?? defaultDataDir(),
    clockOffsetMs: args['clock-start'] ? Date.parse(args['clock-start']) - Date.now() : 0,
    ...(args['allow-custom-tool'] ? { confirmCustomTool: 'always' as const } : {}),
    // A host whose core has stopped answers nothing useful: it says why and leaves, to be started again.
    onGone: (reason) => {
      console.error(`frontline web host: ${reason}`)
      process.exit(1)
    }
  })
  const loading = import('./web-host')
  let core: FrontlineCore
  try {
    core = await starting
  } catch (error) {
    console.error(`frontline web host: the desk could not be opened: ${(error as Error).message}`)
    process.exitCode = 1
    return
  }
  const { createWebHost } = await loading
  const host = createWebHost({ core, rendererDir: builtRendererDir(mainOutDir) })
  let url: string
  try {
    url = await host.listen(args.port)
  } catch (error) {
    await host.close().catch(() => undefined)
    await core.close()
    const line = listenFailure(error, '127.0.0.1', args.port, 'frontline web host')
    if (!line) throw error
    console.error(line)
    process.exitCode = 1
    return
  }
  console.log(`Frontline console: ${url}`)
  console.log(`Desk file: ${core.dataFile}`)

  const stop = () => {
    // Whatever happens to the closing, the process goes: a host that ignores SIGTERM is worse than one that stops mid-answer.
    setTimeout(() => process.exit(0), 10_000).unref()
    void host
      .close()
      .then(() => core.close())
      .finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

export const builtRendererDir = (mainOutDir: string) => join(mainOutDir, '..', 'renderer')
