import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { installedElectron } from '../../src/main/electron-binary'
import { tempDir } from '../support/temp-dir'
import { startHostProcess, type HostProcess } from '../support/web-host-process'

describe('npm start without the Electron binary', () => {
  let host: HostProcess | undefined
  const dir = tempDir()
  afterEach(async () => {
    await host?.stop()
  })
  afterAll(() => dir.remove())

  it('says so in one line and serves the console through the browser host', async () => {
    host = await startHostProcess(join(dir.path, 'desk'), {
      entry: 'out/main/start.js',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }
    })
    expect(host.banner[0]).toBe(
      'Electron is not available here (ELECTRON_SKIP_BINARY_DOWNLOAD is set): serving the Frontline console through the browser host instead.'
    )
    const response = await fetch(`${host.origin}/api/invoke/desk.status`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: '{}'
    })
    expect(await response.json()).toMatchObject({ ok: true, value: { dataFile: join(dir.path, 'desk', 'desk.sqlite') } })
  })
})

describe('finding the Electron binary', () => {
  it('uses the binary the electron package recorded, and only if it is really there', () => {
    const dir = tempDir()
    const pkg = join(dir.path, 'electron')
    mkdirSync(join(pkg, 'dist'), { recursive: true })
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ version: '45.4.1' }))
    expect(installedElectron(pkg)).toBeNull()

    writeFileSync(join(pkg, 'path.txt'), 'electron')
    expect(installedElectron(pkg)).toBeNull()

    writeFileSync(join(pkg, 'dist', 'electron'), '')
    expect(installedElectron(pkg)).toEqual({ binary: join(pkg, 'dist', 'electron'), version: '45.4.1' })
    dir.remove()
  })
})
