import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { access, open, readdir, realpath, stat } from 'node:fs/promises'
import { basename, delimiter, dirname, join, posix, win32 } from 'node:path'
import { DeskError } from '../../../shared/errors'
import type { Platform } from '../../../shared/remote'

/**
 * Programs whose job is to run another program (shells, interpreters, launchers, wrappers, privilege
 * changers, debuggers): given as the desk's own remote tool, any of them turns "connect to ID" into
 * "run this command". Matched on the name as given and on the file it resolves to.
 */
const runsOtherPrograms = new RegExp(
  '^(?:' +
    [
      '(?:ba|z|da|k|c|tc|a|mk|r|ya)?sh', 'fish', 'nu', 'xonsh', 'elvish', 'busybox', 'toybox',
      'cmd', 'command', 'powershell(?:_ise)?', 'pwsh', 'wscript', 'cscript', 'mshta', 'rundll32', 'regsvr32', 'msiexec', 'wmic', 'forfiles', 'pcalua', 'conhost', 'explorer', 'runas',
      'python[0-9.]*w?', 'pypy[0-9.]*', 'perl[0-9.]*', 'ruby[0-9.]*', 'irb', 'node(?:js)?', 'deno', 'bun', 'php[0-9.]*(?:-cgi)?', 'lua(?:jit)?[0-9.]*', 'tclsh[0-9.]*', 'wish[0-9.]*', 'expect',
      'osascript', 'swift', 'java', 'jshell', 'R', 'Rscript',
      'env', 'timeout', 'time', 'nice', 'ionice', 'nohup', 'setsid', 'stdbuf', 'taskset', 'chrt', 'xargs', 'find', '[gmn]?awk', 'sed', 'parallel', 'watch', 'flock', 'script', 'screen', 'tmux',
      'sudo', 'su', 'doas', 'pkexec', 'runuser', 'chroot', 'unshare', 'nsenter', 'systemd-run', 'strace', 'ltrace', 'gdb', 'lldb', 'valgrind',
      'open', 'xdg-open', 'gio', 'kioclient[0-9]*', 'start', 'exec', 'ssh', 'vim?', 'nvim', 'emacs', 'less', 'more', 'man', 'git', 'make', 'npm', 'npx'
    ].join('|') +
    ')(?:\\.(?:exe|com))?$',
  'i'
)
/** Files Windows (or a double click) hands to an interpreter rather than running. */
const scriptFile = /\.(?:bat|cmd|ps1|psm1|vbs|vbe|js|jse|wsf|wsh|hta|py|pyw|pl|rb|sh|lnk|scr|msc|cpl|jar|desktop|command|app)$/i

const refuse = (why: string) => new DeskError('INVALID_INPUT', why, [{ path: 'command', message: why }])

/**
 * Checks the desk's own remote tool before it is saved and again before every launch (the file may
 * have changed since): a full path to a regular, executable file that only its owner (this user or
 * the system) can change, that is not a script, and is neither named as, nor a copy or link of, a
 * program that runs other programs.
 */
export async function vetCustomTool(command: string, platform: Platform, env: Record<string, string | undefined> = process.env): Promise<void> {
  const paths = platform === 'win32' ? win32 : posix
  if (!paths.isAbsolute(command)) throw refuse('Give the tool’s full path, so the desk never runs a different program of the same name.')
  checkName(paths.basename(command))
  let resolved: string
  try {
    resolved = await realpath(command)
  } catch {
    throw refuse(`Nothing can be run at ${command}.`)
  }
  checkName(basename(resolved))
  const info = await stat(resolved)
  if (!info.isFile()) throw refuse(`${command} is not a program file.`)
  try {
    await access(resolved, constants.X_OK)
  } catch {
    throw refuse(`${command} is not executable.`)
  }
  if (platform !== 'win32') {
    const me = process.getuid?.() ?? 0
    if (info.uid !== me && info.uid !== 0) throw refuse(`${command} belongs to another user, who could change what it does.`)
    if (info.mode & 0o022) throw refuse(`${command} can be changed by other users (mode ${(info.mode & 0o777).toString(8)}); make it writable by its owner only.`)
    const folder = await stat(dirname(resolved))
    if (folder.mode & 0o022 && !(folder.mode & 0o1000)) throw refuse(`The folder of ${command} can be changed by other users, who could swap the program.`)
  }
  if (await startsWith(resolved, '#!')) throw refuse(`${command} is a script: its interpreter would run whatever it says. Give the remote-control program itself.`)
  if (await copiesARunner(resolved, info.size, info.ino, info.dev, env, platform)) throw refuse(`${command} is a copy of a program that runs other programs.`)
}

function checkName(name: string): void {
  if (runsOtherPrograms.test(name)) throw refuse(`${name} runs other programs; give the remote-control tool itself.`)
  if (scriptFile.test(name)) throw refuse(`${name} is a script or shortcut, which another program runs; give the remote-control tool itself.`)
}

async function startsWith(file: string, prefix: string): Promise<boolean> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(prefix.length)
    const { bytesRead } = await handle.read(buffer, 0, prefix.length, 0)
    return buffer.subarray(0, bytesRead).toString('latin1') === prefix
  } finally {
    await handle.close()
  }
}

/** A renamed copy or hard link of a shell is still a shell: compare with every such program on the search path. */
async function copiesARunner(file: string, size: number, ino: number, dev: number, env: Record<string, string | undefined>, platform: Platform): Promise<boolean> {
  const folders = new Set([...(env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter), ...(platform === 'win32' ? [] : ['/bin', '/usr/bin', '/usr/local/bin', '/sbin', '/usr/sbin'])])
  let digest: string | null = null
  for (const folder of folders) {
    if (!folder) continue
    const names = await readdir(folder).catch(() => [] as string[])
    for (const name of names.filter((n) => runsOtherPrograms.test(n))) {
      const runner = await stat(join(folder, name)).catch(() => null)
      if (!runner?.isFile()) continue
      if (runner.ino === ino && runner.dev === dev) return true
      if (runner.size !== size) continue
      digest ??= await sha256(file)
      if ((await sha256(join(folder, name))) === digest) return true
    }
  }
  return false
}

async function sha256(file: string): Promise<string> {
  const handle = await open(file, 'r')
  try {
    const hash = createHash('sha256')
    for await (const chunk of handle.createReadStream()) hash.update(chunk as Buffer)
    return hash.digest('hex')
  } finally {
    await handle.close().catch(() => undefined)
  }
}
