import { randomBytes } from 'node:crypto'
import { closeSync, constants, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { v7 as uuidv7 } from 'uuid'
import { Snapshot } from '../shared/inventory'
import { probeThisMachine } from './core/inventory/probe'
import { routePath } from '../shared/server-contract'

const usage = `Usage: frontline-probe --json [--quick] [--out FILE]
       FRONTLINE_ENROLL_TOKEN=TOKEN frontline-probe --post SERVER [--quick]
       frontline-probe --post SERVER --enroll - [--quick] < token-file
       FRONTLINE_ENROLL_TOKEN=TOKEN frontline-probe --post SERVER --from FILE

Takes this machine's hardware and software inventory, the same probe the Frontline app runs, and
prints it as JSON (or writes it to FILE; add the file from Frontline's Fleet view), or sends it to
the desk server, from where every signed-in Frontline receives it.
  --quick   identity, OS, CPU, memory, disks and network only (a few seconds)
  --out     write to FILE instead of standard output
  --post    the desk server's address, e.g. https://desk.corp.example:4100
  --enroll  an enrollment token (server create-enrollment, or Fleet → Enrollment token…); "-" reads
            it from standard input. Better still, set FRONTLINE_ENROLL_TOKEN: a token given as an
            argument shows in the process list.
  --from    send the snapshot saved in FILE (by --json --out on a machine that could not reach the
            desk server) instead of probing this machine`

/** The headless probe for machines where nobody opens the app. Exit codes: 0 done, 2 bad arguments, 1 probe failed. */
export async function runProbeCli(
  argv: string[],
  write = (text: string) => process.stdout.write(text),
  warn = (text: string) => process.stderr.write(text),
  env: Record<string, string | undefined> = process.env,
  stdin: () => Promise<string> = readStdin
): Promise<number> {
  let values: { json?: boolean; quick?: boolean; out?: string; post?: string; enroll?: string; from?: string; help?: boolean }
  try {
    values = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, quick: { type: 'boolean' }, out: { type: 'string' }, post: { type: 'string' }, enroll: { type: 'string' }, from: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true
    }).values
  } catch (error) {
    warn(`${(error as Error).message}\n\n${usage}\n`)
    return 2
  }
  if (values.help) {
    write(`${usage}\n`)
    return 0
  }
  const posting = values.post !== undefined || values.enroll !== undefined
  const enroll = values.enroll === '-' ? (await stdin()).trim() : (values.enroll ?? env.FRONTLINE_ENROLL_TOKEN?.trim())
  const problem = posting
    ? !values.post || !/^https?:\/\/[^\s/]+/.test(values.post)
      ? '--post needs the desk server address, starting with http:// or https://.'
      : !enroll
        ? values.enroll === '-'
          ? 'No enrollment token on standard input.'
          : '--post needs an enrollment token: set FRONTLINE_ENROLL_TOKEN, or give --enroll - and the token on standard input.'
        : values.json || values.out
          ? 'Either print the snapshot (--json) or send it (--post), not both.'
          : null
    : values.from !== undefined
      ? '--from sends a saved snapshot: give --post SERVER too.'
      : !values.json
      ? 'Say --json to print the snapshot, or --post SERVER --enroll TOKEN to send it.'
      : null
  if (problem) {
    warn(`${problem}\n\n${usage}\n`)
    return 2
  }
  if (values.from !== undefined) {
    let saved: Snapshot
    try {
      saved = Snapshot.parse(JSON.parse(readFileSync(values.from, 'utf8')))
    } catch (error) {
      warn(`Could not read a snapshot from ${values.from}: ${error instanceof SyntaxError ? 'not JSON' : (error as Error).message.split('\n')[0]}\n`)
      return 1
    }
    return await post(values.post!, enroll!, saved, write, warn)
  }
  try {
    const snapshot = await probeThisMachine({
      stage: values.quick ? 'quick' : 'full',
      onProgress: (p) => p.state !== 'running' && warn(`${p.done}/${p.total} ${p.section}: ${p.state}\n`)
    })
    if (posting) return await post(values.post!, enroll!, snapshot, write, warn)
    const text = `${JSON.stringify(snapshot, null, 2)}\n`
    if (values.out) writePrivately(values.out, text)
    else write(text)
    return 0
  } catch (error) {
    warn(`The probe failed: ${(error as Error).message}\n`)
    return 1
  }
}

/**
 * The snapshot names the machine's owner, serials and software: only its owner may read it. Written to
 * a new file beside the target (never an existing one, never through a link) and renamed over it, so
 * a 0644 file or a symlink planted at that name is replaced, not written through.
 */
function writePrivately(target: string, text: string): void {
  const temp = join(dirname(resolve(target)), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, target)
}

async function readStdin(): Promise<string> {
  let text = ''
  for await (const chunk of process.stdin) {
    text += String(chunk)
    if (text.length > 4_096) break
  }
  return text
}

/** Sends the snapshot under a fresh id (a retry of the same run cannot double it); the server's typed error is shown as is. */
async function post(server: string, token: string, snapshot: Snapshot, write: (text: string) => void, warn: (text: string) => void): Promise<number> {
  const url = `${server.replace(/\/+$/, '')}${routePath('POST /api/inventory/snapshots')}`
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Enroll ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: uuidv7(), snapshot }),
      signal: AbortSignal.timeout(30_000)
    })
  } catch (error) {
    warn(`Could not reach the desk server at ${server}: ${(error as Error).message}\n`)
    return 1
  }
  const answer = (await response.json().catch(() => null)) as { ok: boolean; value?: { id: string }; error?: { message: string } } | null
  if (!response.ok || !answer?.ok) {
    warn(`The desk server refused the snapshot: ${answer?.error?.message ?? `HTTP ${response.status}`}\n`)
    return 1
  }
  write(`Sent to ${server}: snapshot ${answer.value!.id}\n`)
  return 0
}
