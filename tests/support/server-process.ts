import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'

/**
 * The built desk server (out/main/server.js) as its own process on an existing PostgreSQL, as it runs
 * in production: the desks a benchmark simulates in this process then do not share its event loop.
 */
export async function serverProcess(databaseUrl: string): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [resolve('out/main/server.js'), '--port', '0'], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const found = /^Frontline desk server: (\S+)$/.exec(l)
      if (found) ok(found[1]!)
    })
    child.once('exit', (code) => fail(new Error(`desk server exited ${code}`)))
  })
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  }
}
