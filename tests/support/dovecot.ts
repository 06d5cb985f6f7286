import { spawn, type ChildProcess } from 'node:child_process'
import { freePort } from './free-port'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { ImapFlow } from 'imapflow'

const DOVECOT = '/usr/sbin/dovecot'

export interface MailUser {
  user: string
  password: string
}

export const DEFAULT_USERS: MailUser[] = [{ user: 'support@corp.example', password: 'Mailbox-Pass-1' }]

export interface Dovecot {
  host: '127.0.0.1'
  port: number
  users: MailUser[]
  /** The user's Maildir (the INBOX); folders are maildir++ subfolders `.<name>` inside it. */
  maildir(user: string): string
  /**
   * Drops a message into the user's INBOX (or `folder`) the way an MTA does: written to tmp/, then
   * renamed into new/, owned by the mail user. Works while the daemon is stopped too. Returns the file name.
   */
  deliver(user: string, raw: string | Buffer, folder?: string): string
  /** The daemon's recent log output (stderr), for failure messages. */
  log(): string
  stop(): Promise<void>
  /**
   * Stops the daemon (SIGTERM by default; SIGKILL for a crash) and starts it again on the same port
   * with the same mail. `whileDown` runs in between, e.g. to deliver mail while nobody is listening.
   */
  restart(options?: { signal?: 'SIGTERM' | 'SIGKILL'; whileDown?: () => unknown }): Promise<void>
}

export interface DovecotOptions {
  users?: MailUser[]
  /**
   * Also signs users in by OAuth2 bearer token (XOAUTH2, OAUTHBEARER), as Microsoft 365 and Gmail do:
   * dovecot POSTs each token to this introspection URL and takes the user its `username` names when `active` is true.
   */
  oauth2IntrospectionUrl?: string
}

interface Account {
  name: string
  uid: number
  gid: number
}

/** Reads /etc/passwd and /etc/group rather than trusting names: the uid must exist for chown and for dovecot. */
function systemAccount(name: string): Account | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`))
  if (!line) return undefined
  const [, , uid, gid] = line.split(':')
  if (uid === undefined || gid === undefined) return undefined
  const groups = readFileSync('/etc/group', 'utf8').split('\n')
  if (!groups.some((g) => g.split(':')[2] === gid)) return undefined
  return { name, uid: Number(uid), gid: Number(gid) }
}

/** The unprivileged owner of all mail: `mail` (8:8 on Debian), else `nobody`. */
function mailAccount(): Account {
  const account = systemAccount('mail') ?? systemAccount('nobody')
  if (!account) throw new Error('neither a "mail" nor a "nobody" user (with its group) exists to own the test mail')
  return account
}

function dovecotConf(dir: string, port: number, mail: Account, oauth2: boolean): string {
  return `# Throwaway test instance: everything lives in ${dir}; no system config is read (-c).
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
instance_name = ${dir.split('/').pop() ?? 'dovecot'}
protocols = imap
listen = 127.0.0.1
log_path = /dev/stderr
# Loopback test traffic only: plain text logins, no TLS.
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${oauth2 ? ' xoauth2 oauthbearer' : ''}
# Tests try wrong passwords on purpose; do not make them wait the default 2 s each time. A failure is
# still answered ~0.5 s late: the auth process flushes queued failures on a 500 ms timer.
auth_failure_delay = 0
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 0
mail_uid = ${mail.uid}
mail_gid = ${mail.gid}
mail_location = maildir:~/Maildir

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}
}
${
  oauth2
    ? `# A bearer token is no password in the file: it falls through to the token service's introspection.
passdb {
  driver = oauth2
  args = ${join(dir, 'oauth2.conf.ext')}
}
`
    : ''
}userdb {
  driver = static
  args = uid=${mail.uid} gid=${mail.gid} home=${join(dir, 'mail')}/%u
}

service imap-login {
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}

# Nor the anvil auth penalty (2 s doubling to 15 s per IP after failures, even for a right password next):
# with its socket unusable (mode 0) the auth process runs without penalties (checked: no error logged).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}

protocol imap {
  # The default (10 per user and IP) is easy to hit when every test connects from 127.0.0.1.
  mail_max_userip_connections = 100
}
`
}

/** Live (non-zombie) processes in a process group. PID 1 here does not reap orphans, so kill(-pg, 0) would lie. */
function groupMembers(pgid: number): number[] {
  const members: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses, so split after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') members.push(Number(entry))
  }
  return members
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal)
  } catch {
    // already gone
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

// Kill any daemon (and its imap/auth/login children) a crashed test run leaves behind. The daemon has
// its own process group, so nothing reaps it when we die. Vitest ends its fork workers with SIGTERM,
// which skips 'exit' hooks: clean up on that too, then die of the signal as we would have.
const running = new Map<number, string>()
const killLeftovers = (): void => {
  for (const [pgid, dir] of running) {
    killGroup(pgid, 'SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  running.clear()
}
process.once('exit', killLeftovers)
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killLeftovers()
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  })
}

let deliveries = 0
const host = hostname().replace(/[/:]/g, '_') || 'localhost'

/** A throwaway Dovecot IMAP server on a free loopback port with Maildir mailboxes for `users`. */
export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  const users = (options.users ?? DEFAULT_USERS).map((u) => ({ ...u }))
  const first = users[0]
  if (!first) throw new Error('startDovecot needs at least one user')
  for (const { user, password } of users) {
    if (/[:\n\r/%]/.test(user) || /[:\n\r]/.test(password)) throw new Error(`unusable mail user or password for passwd-file: ${user}`)
  }
  if (!existsSync(DOVECOT)) throw new Error(`${DOVECOT} is missing (apt-get install dovecot-imapd)`)
  for (const name of ['dovecot', 'dovenull']) {
    if (!systemAccount(name)) throw new Error(`dovecot needs the system user "${name}" (the dovecot-core package creates it)`)
  }
  const mail = mailAccount()

  const dir = mkdtempSync(join(tmpdir(), 'frontline-dovecot-'))
  chmodSync(dir, 0o755)
  mkdirSync(join(dir, 'run'))
  mkdirSync(join(dir, 'state'))
  const mailRoot = join(dir, 'mail')
  mkdirSync(mailRoot, { mode: 0o755 })
  chownSync(mailRoot, mail.uid, mail.gid)
  writeFileSync(join(dir, 'passwd'), users.map((u) => `${u.user}:{PLAIN}${u.password}\n`).join(''), { mode: 0o644 })
  if (options.oauth2IntrospectionUrl) {
    writeFileSync(
      join(dir, 'oauth2.conf.ext'),
      `introspection_mode = post\nintrospection_url = ${options.oauth2IntrospectionUrl}\nusername_attribute = username\nactive_attribute = active\nactive_value = true\n`,
      { mode: 0o644 }
    )
  }
  const conf = join(dir, 'dovecot.conf')

  const home = (user: string): string => join(mailRoot, user)
  const maildir = (user: string): string => join(home(user), 'Maildir')

  /** mkdir -p below the mail root, each new directory owned by the mail user. */
  const mkdirOwned = (path: string): void => {
    if (existsSync(path)) return
    mkdirOwned(join(path, '..'))
    mkdirSync(path, { mode: 0o700 })
    chownSync(path, mail.uid, mail.gid)
  }

  const deliver = (user: string, raw: string | Buffer, folder?: string): string => {
    if (!users.some((u) => u.user === user)) throw new Error(`no such mail user: ${user}`)
    const inbox = maildir(user)
    const isFolder = folder !== undefined && folder.toUpperCase() !== 'INBOX'
    // maildir++: folder "Archive/2024" (or "Archive.2024") is the directory ".Archive.2024".
    const box = isFolder ? join(inbox, `.${folder.replace(/\//g, '.')}`) : inbox
    for (const sub of ['cur', 'new', 'tmp']) mkdirOwned(join(inbox, sub))
    if (isFolder) {
      for (const sub of ['cur', 'new', 'tmp']) mkdirOwned(join(box, sub))
      const marker = join(box, 'maildirfolder')
      if (!existsSync(marker)) {
        writeFileSync(marker, '', { mode: 0o600 })
        chownSync(marker, mail.uid, mail.gid)
      }
    }
    const name = `${Math.floor(Date.now() / 1000)}.${process.pid}_${++deliveries}.${host}`
    const tmp = join(box, 'tmp', name)
    writeFileSync(tmp, raw, { mode: 0o600 })
    chownSync(tmp, mail.uid, mail.gid)
    renameSync(tmp, join(box, 'new', name))
    return name
  }

  let child: ChildProcess | undefined
  let output = ''
  let port = 0

  const stopDaemon = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const current = child
    child = undefined
    if (!current?.pid) return
    const pgid = current.pid
    if (current.exitCode === null && current.signalCode === null) {
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()))
      killGroup(pgid, signal)
      const deadline = setTimeout(() => killGroup(pgid, 'SIGKILL'), 5_000)
      await exited
      clearTimeout(deadline)
    }
    // The master is gone; wait for the children too, so the port is free for a restart.
    const deadline = Date.now() + 5_000
    while (groupMembers(pgid).length > 0) {
      if (Date.now() > deadline) killGroup(pgid, 'SIGKILL')
      if (Date.now() > deadline + 2_000) break
      await sleep(20)
    }
    running.delete(pgid)
  }

  const startDaemon = async (): Promise<void> => {
    writeFileSync(conf, dovecotConf(dir, port, mail, Boolean(options.oauth2IntrospectionUrl)))
    output = ''
    // Its own process group, so stop() reaches imap-login, auth and imap processes as well.
    const started = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    child = started
    if (started.pid) running.set(started.pid, dir)
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-8_000)
    }
    started.stdout?.on('data', collect)
    started.stderr?.on('data', collect)
    try {
      await waitForLogin(port, first, () => started.exitCode !== null || started.signalCode !== null || started.pid === undefined)
    } catch (error) {
      await stopDaemon('SIGKILL')
      throw error
    }
  }

  const failure = (error: unknown): Error =>
    new Error(`${error instanceof Error ? error.message : String(error)}${output ? `\ndovecot output:\n${output}` : ''}`, { cause: error })

  const stop = async (): Promise<void> => {
    await stopDaemon()
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    // Another process may take the free port before dovecot binds it (test files run in parallel).
    for (let attempt = 1; ; attempt++) {
      port = await freePort()
      try {
        await startDaemon()
        break
      } catch (error) {
        if (attempt < 3 && output.includes('Address already in use')) continue
        throw error
      }
    }
  } catch (error) {
    const wrapped = failure(error)
    await stop()
    throw wrapped
  }

  const restart = async (restartOptions: { signal?: 'SIGTERM' | 'SIGKILL'; whileDown?: () => unknown } = {}): Promise<void> => {
    await stopDaemon(restartOptions.signal ?? 'SIGTERM')
    await restartOptions.whileDown?.()
    // Same port: a socket still closing may hold it for a moment, so retry briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        await startDaemon()
        return
      } catch (error) {
        if (attempt < 10 && output.includes('Address already in use')) {
          await sleep(200)
          continue
        }
        throw failure(error)
      }
    }
  }

  return { host: '127.0.0.1', port, users, maildir, deliver, log: () => output, stop, restart }
}

/** Polls until `user` can log in over IMAP, giving up at once if dovecot has exited. */
async function waitForLogin(port: number, user: MailUser, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000
  let last: unknown
  while (Date.now() < deadline) {
    if (exited()) throw new Error('dovecot exited during start-up')
    // Short timeouts: something else listening on the port might accept and never greet.
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user: user.user, pass: user.password },
      logger: false,
      connectionTimeout: 2_000,
      greetingTimeout: 2_000,
      socketTimeout: 5_000
    })
    // A refused connection is also emitted as 'error'; unhandled, it would crash the worker.
    client.on('error', () => undefined)
    try {
      await client.connect()
      await client.logout()
      return
    } catch (error) {
      last = error
      client.close()
      await sleep(50)
    }
  }
  throw new Error(`dovecot did not accept an IMAP login for ${user.user} on port ${port} within 15 s: ${String(last)}`)
}
