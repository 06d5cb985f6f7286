import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
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
})
