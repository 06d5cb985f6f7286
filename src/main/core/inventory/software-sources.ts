import type { InstalledSoftware } from '../../../shared/inventory'
import type { CommandOutput } from './raw-inventory'

/** Installed software from each package source's own listing, deduplicated by name and version. */
export function parseSoftware(outputs: CommandOutput[]): InstalledSoftware[] {
  const seen = new Map<string, InstalledSoftware>()
  for (const { source, output } of outputs) {
    for (const item of parsers[source]?.(output) ?? []) {
      const key = `${item.name.toLowerCase()}\u0000${item.version}`
      if (!seen.has(key)) seen.set(key, item)
    }
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }))
}

const lines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() !== '')
const epochToIso = (value: string | undefined) => {
  const seconds = Number(value)
  return value && Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : null
}
/** Debian maintainers read as "Name <address>": the name is the publisher. */
const withoutAddress = (value = '') => value.replace(/\s*<[^>]*>\s*$/, '').trim()

const parsers: Partial<Record<CommandOutput['source'], (output: string) => InstalledSoftware[]>> = {
  dpkg: (output) =>
    lines(output).map((line) => {
      const [name = '', version = '', maintainer, modified] = line.split('\t')
      return { name, version, publisher: withoutAddress(maintainer), installedAt: epochToIso(modified), source: 'dpkg' }
    }),
  rpm: (output) =>
    lines(output).map((line) => {
      const [name = '', version = '', vendor = '', installed] = line.split('\t')
      return { name, version, publisher: vendor === '(none)' ? '' : vendor, installedAt: epochToIso(installed), source: 'rpm' }
    }),
  flatpak: (output) =>
    lines(output).map((line) => {
      const [name = '', version = '', origin = ''] = line.split('\t')
      return { name, version, publisher: origin, installedAt: null, source: 'flatpak' }
    }),
  snap: (output) =>
    lines(output)
      .slice(1)
      .map((line) => {
        // Columns: Name Version Rev Tracking Publisher Notes; a verified publisher carries a ✓ or '**'.
        const [name = '', version = '', , , publisher = ''] = line.trim().split(/\s+/)
        return { name, version, publisher: publisher.replace(/[✓✪*]+$/u, ''), installedAt: null, source: 'snap' }
      }),
  registry: parseRegistry,
  system_profiler: (output) => {
    const apps = (JSON.parse(output) as { SPApplicationsDataType?: Array<Record<string, unknown>> }).SPApplicationsDataType ?? []
    return apps.map((app) => ({
      name: String(app._name ?? ''),
      version: String(app.version ?? ''),
      publisher: typeof app.signed_by === 'object' && Array.isArray(app.signed_by) ? String(app.signed_by[0] ?? '') : String(app.obtained_from ?? ''),
      installedAt: typeof app.lastModified === 'string' ? new Date(app.lastModified).toISOString() : null,
      source: 'applications'
    }))
  }
}

/**
 * `reg query …\Uninstall /s`: a key line, then indented "Name    REG_TYPE    value" lines. Entries
 * without a DisplayName, and updates and system components, are not installed programs a person
 * would name.
 */
function parseRegistry(output: string): InstalledSoftware[] {
  const entries: Array<Record<string, string>> = []
  let current: Record<string, string> | null = null
  for (const line of output.split(/\r?\n/)) {
    if (/^HKEY_/.test(line)) {
      current = {}
      entries.push(current)
      continue
    }
    const value = /^\s+(\S+)\s+REG_\w+\s+(.*)$/.exec(line)
    if (value && current) current[value[1]!] = value[2]!.trim()
  }
  return entries
    .filter((e) => e.DisplayName && e.SystemComponent !== '0x1' && !e.ParentKeyName)
    .map((e) => ({
      name: e.DisplayName!,
      version: e.DisplayVersion ?? '',
      publisher: e.Publisher ?? '',
      installedAt: /^\d{8}$/.test(e.InstallDate ?? '') ? `${e.InstallDate!.slice(0, 4)}-${e.InstallDate!.slice(4, 6)}-${e.InstallDate!.slice(6, 8)}T00:00:00.000Z` : null,
      source: 'registry'
    }))
}
