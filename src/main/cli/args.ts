import { z } from 'zod'
import { issuesFrom } from '../../shared/errors'

/** `--key value` / `--key=value` pairs (and bare `--flag`s, read as "true"), validated by a zod schema; a typed message on anything else. */
export function parseArgs<S extends z.ZodType>(schema: S, argv: string[], flags: readonly string[] = []): { ok: true; value: z.output<S> } | { ok: false; message: string } {
  const raw: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith('--')) return { ok: false, message: `Unexpected argument: ${arg}` }
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined]
    const value = inline ?? (flags.includes(key) ? 'true' : argv[++i])
    if (value === undefined) return { ok: false, message: `--${key} needs a value` }
    raw[key] = value
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) return { ok: false, message: issuesFrom(parsed.error).map((i) => (i.path ? `--${i.path}: ${i.message}` : i.message)).join('; ') }
  return { ok: true, value: parsed.data }
}
