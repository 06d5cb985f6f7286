import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'

export interface HostProcess {
  url: string
  /** What the process printed on stdout besides the URL line. */
  banner: string[]
  origin: string
  token: string
  child: ChildProcess
  stop(): Promise<void>
}

/**
 * Starts a built entry (the browser host by default, or the `npm start` launcher) as a real child
 * process on a free loopback port, and waits for the URL it prints.
 */
export async function startHostProcess(
  dataDir: string,
  { entry = 'out/main/web-host.js', env = process.env, args = [] }: { entry?: string; env?: NodeJS.ProcessEnv; args?: string[] } = {}
): Promise<HostProcess> {
  const child = spawn(process.execPath, [resolve(entry), '--data-dir', dataDir, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env
  })
  const banner: string[] = []
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start: ${stderr}`)), 20_000)
    lines.on('line', (line) => {
      const match = /^Frontline console: (\S+)$/.exec(line)
      if (match) {
        clearTimeout(timer)
        resolveUrl(match[1]!)
      } else {
        banner.push(line)
      }
    })
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${stderr}`)))
  })
  const parsed = new URL(url)
  return {
    url,
    banner,
    origin: parsed.origin,
    token: parsed.hash.replace('#token=', ''),
    child,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  }
}
