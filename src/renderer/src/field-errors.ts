import { DeskError } from '../../shared/errors'

/** A refused call's issues by field path ("change.name", "group.members"), plus `form` for the message. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof DeskError)) return { form: String(error) }
  const byField: Record<string, string> = { form: error.message }
  for (const issue of error.issues ?? []) byField[issue.path] ??= issue.message
  return byField
}

/** The message for a field, matched on the end of its path, so "group.name" and "name" both find it. */
export function errorFor(errors: Record<string, string>, field: string): string | undefined {
  return Object.entries(errors).find(([path]) => path === field || path.endsWith(`.${field}`) || path.startsWith(`${field}.`))?.[1]
}
