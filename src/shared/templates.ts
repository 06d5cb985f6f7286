/**
 * One pass over a template: values are inserted as plain text and never re-scanned, so a subject
 * containing "{agent.name}" stays literal. Unknown placeholders are left for a person to see.
 * Canned responses on the desk and the server's mail to requesters fill theirs the same way.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-zA-Z]+\.[a-zA-Z]+)\}/g, (match, key: string) => (Object.hasOwn(values, key) ? values[key]! : match))
}

/**
 * A message to a requester as it goes out: the ticket's [number] leads the subject (their answer
 * threads back by it even when their mail program drops the headers), the team's signature closes
 * the text. The server's mail and the admin's preview are made by this one function.
 */
export function outgoingMail(message: { subject: string; body: string }, ticketNumber: string, signature: string): { subject: string; body: string } {
  const sign = signature.trim()
  return { subject: `[${ticketNumber}] ${message.subject}`.slice(0, 300), body: sign ? `${message.body}\n\n-- \n${sign}` : message.body }
}
