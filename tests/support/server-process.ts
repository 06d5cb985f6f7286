import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** SIGTERM and wait: the server closes its connections and its pool. */
  stop(): Promise<void>
  /** kill -9: no goodbye to the desks, no clean close of anything. */
  kill(): Promise<void>
}

/**
 * The built desk server (out/main/server.js) as its own process on an existing PostgreSQL, as it runs
 * in production: the desks a benchmark simulates in this process then do not share its event loop.
 * `args` replaces `--port 0` (a fixed port, `--peers`, …); `env` adds to the environment.
 */
export async function serverProcess(databaseUrl: string, { args = ['--port', '0'], env = {} }: { args?: string[]; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [resolve('out/main/server.js'), ...args], { env: { ...process.env, ...env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const found = /^Frontline desk server: (\S+)$/.exec(l)
      if (found) ok(found[1]!)
    })
    child.once('exit', (code) => fail(new Error(`desk server exited ${code}`)))
  })
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill(signal)
    await exited
  }
  return { url, child, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') }
}

/** Waits until a started server has made its first-sync pages ahead (its health says so); the seconds it took. */
export async function untilPrepared(url: string): Promise<number> {
  const started = performance.now()
  for (;;) {
    const health = (await (await fetch(`${url}/api/health`)).json()) as { value: { preparedPages?: string } }
    if (health.value.preparedPages === 'ready') return (performance.now() - started) / 1000
    if (health.value.preparedPages === undefined) throw new Error(`${url} makes no first-sync pages ahead`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
