import { execFile } from 'node:child_process'
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { CustomTool, Platform, RemoteClient } from '../../../shared/remote'
import { clientCatalog, type Locator } from './client-catalog'

/** A client found on this machine, with what launching it needs beyond its own executable. */
export interface FoundClient extends RemoteClient {
  /** macOS `open`, for apps started with a file or URL. */
  open?: string
  /** The ssh a terminal runs. */
  ssh?: string
  /** The app bundle `open -a` is given. */
  app?: string
  custom?: CustomTool
}

export interface DetectContext {
  platform: Platform
  env: Record<string, string | undefined>
  /** macOS: where app bundles are looked for. */
  appDirs?: string[]
  /** Windows: the App Paths registry entry's default value, or null. */
  registryAppPath?: (exe: string) => Promise<string | null>
  customTool?: CustomTool | null
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false)
}

/** The first of `names` on PATH. The list separator is the target platform's; the path join is this machine's. */
async function onPath(names: string[], ctx: DetectContext): Promise<{ path: string; name: string } | null> {
  const dirs = (ctx.env.PATH ?? ctx.env.Path ?? '').split(ctx.platform === 'win32' ? ';' : ':').filter(Boolean)
  for (const name of names) {
    for (const dir of dirs) {
      const path = join(dir, name)
      if (await isExecutable(path)) return { path, name }
    }
  }
  return null
}

function expand(segments: string[], env: DetectContext['env']): string | null {
  const parts: string[] = []
  for (const segment of segments) {
    const variable = /^%([^%]+)%$/.exec(segment)?.[1]
    const value = variable ? env[variable] : segment
    if (!value) return null
    parts.push(value)
  }
  return join(...parts)
}

const defaultAppDirs = () => ['/Applications', join(homedir(), 'Applications'), '/System/Applications', '/System/Applications/Utilities', '/System/Library/CoreServices/Applications']

async function locate(locator: Locator, ctx: DetectContext): Promise<{ executable: string; name: string; app?: string } | null> {
  if (locator.apps) {
    for (const dir of ctx.appDirs ?? defaultAppDirs()) {
      for (const app of locator.apps) {
        const bundle = join(dir, app)
        if (!(await isDirectory(bundle))) continue
        if (!locator.binary) return { executable: bundle, name: app, app: bundle }
        const binary = join(bundle, locator.binary)
        if (await isExecutable(binary)) return { executable: binary, name: app, app: bundle }
      }
    }
  }
  if (locator.names) {
    const hit = await onPath(locator.names, ctx)
    if (hit) return { executable: hit.path, name: hit.name }
  }
  for (const segments of locator.known ?? []) {
    const path = expand(segments, ctx.env)
    if (path && (await isExecutable(path))) return { executable: path, name: segments.at(-1)! }
  }
  if (locator.registry && ctx.registryAppPath) {
    const path = await ctx.registryAppPath(locator.registry)
    if (path && (await isExecutable(path))) return { executable: path, name: locator.registry }
  }
  return null
}

/** Which clients this machine has, best first per protocol, with the helpers each needs (`open`, `ssh`). */
export async function detectClients(ctx: DetectContext): Promise<FoundClient[]> {
  const found: FoundClient[] = []
  const open = ctx.platform === 'darwin' ? await onPath(['open'], ctx) : null
  const ssh = await onPath([ctx.platform === 'win32' ? 'ssh.exe' : 'ssh'], ctx)
  const sshKnown = ctx.platform === 'win32' && !ssh ? expand(['%SystemRoot%', 'System32', 'OpenSSH', 'ssh.exe'], ctx.env) : null
  const sshPath = ssh?.path ?? (sshKnown && (await isExecutable(sshKnown)) ? sshKnown : null)
  for (const spec of clientCatalog) {
    const locator = spec.on[ctx.platform]
    if (!locator) continue
    const hit = await locate(locator, ctx)
    if (!hit) continue
    if (locator.needs?.includes('open') && !open) continue
    if (locator.needs?.includes('ssh') && !sshPath) continue
    found.push({
      id: spec.id,
      protocol: spec.protocol,
      vendor: spec.vendor ?? null,
      // A Linux terminal is named for the one found ("Terminal (konsole)").
      label: spec.id === 'linux-terminal' ? `${spec.label} (${hit.name})` : spec.label,
      executable: hit.executable,
      ...(open ? { open: open.path } : {}),
      ...(locator.needs?.includes('ssh') && sshPath ? { ssh: sshPath } : {}),
      ...(hit.app ? { app: hit.app } : {})
    })
  }
  if (ctx.customTool && (await isExecutable(ctx.customTool.command))) {
    found.push({ id: 'custom', protocol: 'vendor', vendor: 'custom', label: ctx.customTool.label, executable: ctx.customTool.command, custom: ctx.customTool })
  }
  return found
}

/** Windows App Paths, read with reg.exe (argv, no shell): where installers record their executable. */
export function windowsRegistryAppPath(exe: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('reg.exe', ['query', `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\${exe}`, '/ve'], { timeout: 5_000, windowsHide: true }, (error, stdout) => {
      if (error) return resolve(null)
      const value = /REG_(?:EXPAND_)?SZ\s+(.+)$/m.exec(stdout)?.[1]?.trim().replace(/^"|"$/g, '')
      resolve(value || null)
    })
  })
}
