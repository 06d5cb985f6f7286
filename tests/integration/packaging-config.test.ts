import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

// electron-builder's own loader and schema check: the first steps of `electron-builder`, without
// packaging (which needs the Electron binary, and would rebuild better-sqlite3 in node_modules).
const require = createRequire(import.meta.url)
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(dir: string, file: string | null, options: unknown): Promise<Record<string, unknown>>
  validateConfiguration(config: unknown, logger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

type Config = {
  files: string[]
  npmRebuild: boolean
  asarUnpack: string[]
  win: { target: Array<{ target: string }>; signtoolOptions: { publisherName: string[] }; verifyUpdateCodeSignature: boolean; icon: string }
  nsis: { oneClick: boolean; perMachine: boolean }
  mac: { target: string[]; hardenedRuntime: boolean; notarize: boolean; entitlements: string; entitlementsInherit: string; icon: string }
  linux: { target: string[]; icon: string }
  publish: { provider: string; url: string }
}

describe('packaging configuration', () => {
  it('passes electron-builder’s own schema check, and a wrong key would not', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null)
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    await expect(validateConfiguration({ ...config, win: { publisherName: ['x'] } }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/)
  })

  it('builds a per-user NSIS installer, a hardened and notarized dmg, AppImage and deb, with better-sqlite3 rebuilt and unpacked', () => {
    const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Config
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis'])
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false })
    expect(config.mac).toMatchObject({ target: ['dmg', 'zip'], hardenedRuntime: true, notarize: true })
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.npmRebuild).toBe(true)
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**')
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'resources/icon.png']))
    // Updates: signature checks on, a generic feed.
    expect(config.win.verifyUpdateCodeSignature).toBe(true)
    expect(config.win.signtoolOptions.publisherName.length).toBeGreaterThan(0)
    expect(config.publish).toMatchObject({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) })
    // No secret in the file: signing and notarization credentials come from the environment.
    expect(readFileSync('electron-builder.yml', 'utf8')).not.toMatch(/password:|CSC_KEY_PASSWORD:|APPLE_ID:/)
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit, config.mac.icon, config.win.icon, config.linux.icon]) expect(existsSync(file), file).toBe(true)
    const entitlements = readFileSync(config.mac.entitlements, 'utf8')
    expect(entitlements.match(/<key>[^<]+<\/key>/g)).toEqual(['<key>com.apple.security.cs.allow-jit</key>'])
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; scripts: Record<string, string>; dependencies: Record<string, string> }
    expect(pkg.main).toBe('out/main/index.js')
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder')
    expect(pkg.dependencies['electron-updater']).toBeDefined()
  })
})
