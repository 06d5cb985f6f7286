import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const entry = resolve('out/main/web-host.js')

describe('the browser host command line (built output)', () => {
  beforeAll(() => {
    if (!existsSync(entry)) throw new Error('out/main/web-host.js is missing: run `npm run build` first (npm test does).')
  })

  it.each([
    [['--port', 'eighty'], /--port: /],
    [['--port', '70000'], /--port: /],
    [['--colour', 'blue'], /Unrecognized key/],
    [['stray'], /Unexpected argument: stray/],
    [['--clock-start', 'next tuesday'], /--clock-start: Give an ISO date-time/]
  ])('refuses %j with a clear message and exit code 2', async (args, message) => {
    const failure = await run(process.execPath, [entry, ...args]).then(
      () => null,
      (error: { code: number; stderr: string }) => error
    )
    expect(failure?.code).toBe(2)
    expect(failure?.stderr).toMatch(message)
    expect(failure?.stderr).toContain('usage: web-host')
  })

  it('says in one line, not a stack trace, that its port is taken', async () => {
    const blocker = createServer()
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done))
    const { port } = blocker.address() as { port: number }
    const dir = mkdtempSync(join(tmpdir(), 'frontline-port-'))
    try {
      const failure = await run(process.execPath, [entry, '--port', String(port), '--data-dir', dir]).then(
        () => null,
        (error: { code: number; stderr: string }) => error
      )
      expect(failure?.code).toBe(1)
      expect(failure?.stderr.trim()).toBe(`frontline web host: port ${port} on 127.0.0.1 is already in use (another copy running?); stop it, or start with --port N (0 picks a free port).`)
    } finally {
      blocker.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
