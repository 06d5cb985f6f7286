/**
 * One pass over a template: values are inserted as plain text and never re-scanned, so a subject
 * containing "{agent.name}" stays literal. Unknown placeholders are left for a person to see.
 * Canned responses on the desk and the server's mail to requesters fill theirs the same way.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-zA-Z]+\.[a-zA-Z]+)\}/g, (match, key: string) => (Object.hasOwn(values, key) ? values[key]! : match))
}
