import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { probeThisMachine } from './core/inventory/probe'

const usage = `Usage: frontline-probe --json [--quick] [--out FILE]

Takes this machine's hardware and software inventory, the same probe the Frontline app runs, and
prints it as JSON (or writes it to FILE). Import the file in Frontline to attach it to its machine.
  --quick   identity, OS, CPU, memory, disks and network only (a few seconds)
  --out     write to FILE instead of standard output`

/** The headless probe for machines where nobody opens the app. Exit codes: 0 done, 2 bad arguments, 1 probe failed. */
export async function runProbeCli(argv: string[], write = (text: string) => process.stdout.write(text), warn = (text: string) => process.stderr.write(text)): Promise<number> {
  let values: { json?: boolean; quick?: boolean; out?: string; help?: boolean }
  try {
    values = parseArgs({ args: argv, options: { json: { type: 'boolean' }, quick: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values
  } catch (error) {
    warn(`${(error as Error).message}\n\n${usage}\n`)
    return 2
  }
  if (values.help || !values.json) {
    ;(values.help ? write : warn)(`${usage}\n`)
    return values.help ? 0 : 2
  }
  try {
    const snapshot = await probeThisMachine({
      stage: values.quick ? 'quick' : 'full',
      onProgress: (p) => p.state !== 'running' && warn(`${p.done}/${p.total} ${p.section}: ${p.state}\n`)
    })
    const text = `${JSON.stringify(snapshot, null, 2)}\n`
    if (values.out) writeFileSync(values.out, text, { mode: 0o600 })
    else write(text)
    return 0
  } catch (error) {
    warn(`The probe failed: ${(error as Error).message}\n`)
    return 1
  }
}
