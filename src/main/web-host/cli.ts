import { join } from 'node:path'
import { z } from 'zod'
import { parseArgs } from '../cli/args'
import { openFrontlineCore } from '../core/frontline-core'
import { defaultDataDir } from '../core/paths'
import { createWebHost } from './web-host'

const Args = z
  .object({
    port: z.coerce.number().int().min(0).max(65_535).default(0),
    'data-dir': z.string().min(1).optional()
  })
  .strict()

/** `node out/main/web-host.js [--port N] [--data-dir DIR]`: the console in a browser, on loopback. */
export async function runWebHost(argv: string[], rendererDir: string): Promise<void> {
  const parsed = parseArgs(Args, argv)
  if (!parsed.ok) {
    console.error(`frontline web host: ${parsed.message}`)
    console.error('usage: web-host [--port N] [--data-dir DIR]')
    process.exitCode = 2
    return
  }
  const args = parsed.value

  const core = openFrontlineCore({ dataDir: args['data-dir'] ?? defaultDataDir() })
  const host = createWebHost({ core, rendererDir })
  const url = await host.listen(args.port)
  console.log(`Frontline console: ${url}`)
  console.log(`Desk file: ${core.dataFile}`)

  const stop = () => {
    void host.close().finally(() => {
      core.close()
      process.exit(0)
    })
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

export const builtRendererDir = (mainOutDir: string) => join(mainOutDir, '..', 'renderer')
