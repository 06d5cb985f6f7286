import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Snapshot, type ProbeProgress } from '../../src/shared/inventory'
import { probeThisMachine } from '../../src/main/core/inventory/probe'
import { tempDir } from '../support/temp-dir'

const linux = process.platform === 'linux'
const has = (file: string) => {
  try {
    execFileSync(file, ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const dmi = existsSync('/sys/firmware/dmi/tables') && has('dmidecode')

describe.skipIf(!linux)('a live probe of this machine agrees with what Linux itself reports', () => {
  let snapshot: Snapshot
  const progress: ProbeProgress[] = []

  it('takes a full snapshot whose every section is either read or says why not, with progress per section', async () => {
    snapshot = await probeThisMachine({ stage: 'full', onProgress: (p) => progress.push(p) })
    expect(Snapshot.parse(snapshot)).toEqual(snapshot)
    for (const [name, section] of Object.entries(snapshot.sections)) {
      if (section.status === 'unavailable') expect(section.reason, name).toMatch(/\w{4,}/)
    }
    expect(progress.filter((p) => p.state !== 'running').map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(snapshot.sections.os).toMatchObject({ status: 'ok', data: { platform: 'linux' } })
    // This machine's own packages: dpkg on Debian.
    if (has('dpkg-query')) {
      const software = snapshot.sections.software
      expect(software.status).toBe('ok')
      const dpkgCount = execFileSync('dpkg-query', ['-W', '-f=${Package}\n'], { encoding: 'utf8' }).trim().split('\n').length
      expect(software.status === 'ok' && software.data.packages.filter((p) => p.source === 'dpkg').length).toBeGreaterThanOrEqual(dpkgCount - 5)
    }
  }, 60_000)

  it('reports the memory total /proc/meminfo reports', () => {
    const kb = Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))![1])
    expect(snapshot.sections.memory).toMatchObject({ status: 'ok', data: { totalBytes: kb * 1024 } })
  })

  it('reports the whole disks and sizes lsblk reports', () => {
    const { blockdevices } = JSON.parse(execFileSync('lsblk', ['-b', '-d', '-J', '-o', 'NAME,SIZE,TYPE'], { encoding: 'utf8' })) as { blockdevices: Array<{ name: string; size: number; type: string }> }
    const expected = blockdevices.filter((d) => d.type === 'disk' && Number(d.size) > 0 && !/^(zram|loop|ram)/.test(d.name)).map((d) => Number(d.size)).sort()
    const storage = snapshot.sections.storage
    expect(storage.status).toBe('ok')
    expect(storage.status === 'ok' && storage.data.disks.map((d) => d.sizeBytes).sort()).toEqual(expected)
  })

  it('reports as many CPU threads as the OS schedules on', () => {
    expect(snapshot.sections.cpu).toMatchObject({ status: 'ok', data: { threads: cpus().length } })
  })

  it.skipIf(!dmi)('reports the serial and model dmidecode reads from the firmware (skipped: this machine exposes no SMBIOS/DMI tables, or dmidecode is missing)', () => {
    const serial = execFileSync('dmidecode', ['-s', 'system-serial-number'], { encoding: 'utf8' }).trim()
    const model = execFileSync('dmidecode', ['-s', 'system-product-name'], { encoding: 'utf8' }).trim()
    expect(snapshot.sections.system).toMatchObject({ status: 'ok', data: { model } })
    expect(snapshot.identity.serial).toBe(/^(|-|0+|To be filled by O\.E\.M\.|Default string|System Serial Number|Not Specified)$/i.test(serial) ? '' : serial)
  })

  it('reports a section that hangs or is refused as unavailable, with the reason, and still returns the rest', async () => {
    // Only the section under test hangs or is refused, and only it has a short limit: every other section
    // reads this machine under a budget no crowded host exhausts, so a slow machine cannot fail the test.
    const softwarePrograms = new Set(['dpkg-query', 'rpm', 'flatpak', 'snap'])
    const securityPrograms = new Set(['ufw', 'firewall-cmd'])
    const ample = 90_000
    const notOk = (sections: Snapshot['sections']) => Object.entries(sections).filter(([, s]) => s.status === 'unavailable' && /timed out|not permitted/.test(s.reason)).map(([name]) => name)

    const hanging = await probeThisMachine({
      stage: 'full',
      sectionTimeoutMs: ample,
      sectionTimeouts: { software: 500 },
      run: (file) => (softwarePrograms.has(file) ? new Promise(() => undefined) : Promise.resolve(null))
    })
    expect(hanging.sections.software).toEqual({ status: 'unavailable', reason: 'Could not be read: timed out after 500 ms.' })
    expect(notOk(hanging.sections)).toEqual(['software'])
    expect(hanging.sections.memory.status).toBe('ok')

    const refused = await probeThisMachine({
      stage: 'full',
      sectionTimeoutMs: ample,
      run: (file) => (securityPrograms.has(file) ? Promise.reject(new Error('not permitted for this user')) : Promise.resolve(null))
    })
    expect(refused.sections.security).toEqual({ status: 'unavailable', reason: 'Could not be read: not permitted for this user.' })
    expect(notOk(refused.sections)).toEqual(['security'])
    expect(refused.sections.cpu.status).toBe('ok')
  }, 240_000)

})

describe('the headless probe, frontline-probe (the built CLI, as its own process)', () => {
  const cli = resolve('out/main/frontline-probe.js')
  it('prints a snapshot as JSON that the app can import, and writes a file only its owner can read', () => {
    const out = spawnSync(process.execPath, [cli, '--json', '--quick'], { encoding: 'utf8', timeout: 60_000 })
    expect(out.status, out.stderr).toBe(0)
    const snapshot = Snapshot.parse(JSON.parse(out.stdout))
    expect(snapshot.stage).toBe('quick')
    expect(out.stderr).toMatch(/6\/6 \w+: (ok|unavailable)/)
    const dir = tempDir()
    try {
      const file = join(dir.path, 'snapshot.json')
      expect(spawnSync(process.execPath, [cli, '--json', '--quick', '--out', file]).status).toBe(0)
      expect(Snapshot.parse(JSON.parse(readFileSync(file, 'utf8'))).stage).toBe('quick')
      if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
      // A file already there, readable by all, is replaced by a private one, not written into.
      writeFileSync(file, 'old', { mode: 0o644 })
      chmodSync(file, 0o644)
      expect(spawnSync(process.execPath, [cli, '--json', '--quick', '--out', file]).status).toBe(0)
      expect(statSync(file).mode & 0o777).toBe(0o600)
      // A link planted at the name is replaced, and what it pointed at is untouched.
      const elsewhere = join(dir.path, 'someone-elses.txt')
      writeFileSync(elsewhere, 'keep me', { mode: 0o644 })
      const link = join(dir.path, 'linked.json')
      symlinkSync(elsewhere, link)
      expect(spawnSync(process.execPath, [cli, '--json', '--quick', '--out', link]).status).toBe(0)
      expect(lstatSync(link).isSymbolicLink()).toBe(false)
      expect(statSync(link).mode & 0o777).toBe(0o600)
      expect(readFileSync(elsewhere, 'utf8')).toBe('keep me')
      expect(readdirSync(dir.path).filter((f) => f.endsWith('.tmp'))).toEqual([])
    } finally {
      dir.remove()
    }
  }, 60_000)

  for (const [args, why] of [
    [['--json', '--colour'], "Unknown option '--colour'"],
    [[], 'Say --json to print the snapshot'],
    [['--post', 'desk.corp.example', '--enroll', 'enr_x'], 'starting with http:// or https://'],
    [['--post', 'http://127.0.0.1:9'], '--post needs an enrollment token: set FRONTLINE_ENROLL_TOKEN'],
    [['--post', 'http://127.0.0.1:9', '--enroll', 'enr_x', '--json'], 'not both'],
    [['--json', '--from', 'kiosk.json'], '--from sends a saved snapshot: give --post SERVER too.']
  ] as const) {
    it(`refuses ${JSON.stringify(args)} with the reason, the usage and exit code 2`, () => {
      const out = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' })
      expect(out.status).toBe(2)
      expect(out.stderr).toContain(why)
      expect(out.stderr).toContain('Usage: frontline-probe --json')
      expect(out.stdout).toBe('')
    })
  }

  it('reads the enrollment token from standard input, so it never shows in the process list', () => {
    const empty = spawnSync(process.execPath, [cli, '--post', 'http://127.0.0.1:9', '--enroll', '-', '--quick'], { encoding: 'utf8', input: '' })
    expect(empty.status).toBe(2)
    expect(empty.stderr).toContain('No enrollment token on standard input.')
    const given = spawnSync(process.execPath, [cli, '--post', 'http://127.0.0.1:9', '--enroll', '-', '--quick'], { encoding: 'utf8', input: 'enr_from_stdin\n', timeout: 60_000 })
    expect(given.stderr).toContain('Could not reach the desk server at http://127.0.0.1:9')
  }, 60_000)

  it('sends only a saved snapshot it can read, saying why not, with exit code 1', () => {
    const dir = tempDir()
    try {
      const file = join(dir.path, 'kiosk.json')
      writeFileSync(file, '{"takenAt": "yesterday"')
      const broken = spawnSync(process.execPath, [cli, '--post', 'http://127.0.0.1:9', '--enroll', 'enr_x', '--from', file], { encoding: 'utf8', timeout: 60_000 })
      expect(broken.status).toBe(1)
      expect(broken.stderr).toBe(`Could not read a snapshot from ${file}: not JSON\n`)
      const missing = spawnSync(process.execPath, [cli, '--post', 'http://127.0.0.1:9', '--enroll', 'enr_x', '--from', join(dir.path, 'none.json')], { encoding: 'utf8', timeout: 60_000 })
      expect(missing.status).toBe(1)
      expect(missing.stderr).toMatch(/^Could not read a snapshot from .*none\.json: ENOENT/)
    } finally {
      dir.remove()
    }
  }, 60_000)

  it('says plainly when the desk server cannot be reached, with exit code 1', () => {
    const out = spawnSync(process.execPath, [cli, '--post', 'http://127.0.0.1:9', '--enroll', 'enr_x', '--quick'], { encoding: 'utf8', timeout: 60_000 })
    expect(out.status).toBe(1)
    expect(out.stderr).toContain('Could not reach the desk server at http://127.0.0.1:9')
  }, 60_000)
})
