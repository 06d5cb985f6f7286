import { convert } from 'html-to-text'
import type { AddressObject, ParsedMail } from 'mailparser'

/**
 * What the intake reads from a parsed message, as pure functions: whether it is for a person at all
 * (auto-replies, bulk mail, bounces and our own mail looping back are not), the ticket it answers,
 * and its new text apart from the quoted history. HTML mail is read as mailparser's text rendering
 * of it: no markup, script, style or remote image ever reaches a desk.
 */

export type Reading =
  | { kind: 'message' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'bounce'; reason: string; original: string | null }

const header = (mail: ParsedMail, name: string): string => {
  const value = mail.headers.get(name)
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value
  return String(value as unknown)
}

export const senderOf = (mail: ParsedMail): { address: string; name: string } | null => {
  const from = mail.from?.value[0]
  return from?.address ? { address: from.address.toLowerCase(), name: (from.name || from.address).trim() } : null
}

export const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  [field ?? []].flat().flatMap((a) => a.value.map((v) => v.address?.toLowerCase() ?? '')).filter(Boolean)

/** Our own Message-IDs end in this domain: mail carrying one as its own id is ours coming back. */
export const ownIdDomain = 'desk.frontline.invalid'

export function readKind(mail: ParsedMail, mailboxAddress: string): Reading {
  const from = senderOf(mail)
  const auto = header(mail, 'auto-submitted').toLowerCase()
  const precedence = header(mail, 'precedence').toLowerCase()
  const type = header(mail, 'content-type').toLowerCase()
  if (/multipart\/report/.test(type) && /delivery-status/.test(JSON.stringify(mail.headers.get('content-type') ?? '') + type)) {
    return { kind: 'bounce', reason: 'a delivery status report', original: originalOf(mail) }
  }
  if (from && /^(mailer-daemon|postmaster)@/.test(from.address)) return { kind: 'bounce', reason: `from ${from.address}`, original: originalOf(mail) }
  if (auto && auto !== 'no') return { kind: 'ignored', reason: `Auto-Submitted: ${auto}` }
  if (/^(bulk|junk|list|auto_reply)$/.test(precedence)) return { kind: 'ignored', reason: `Precedence: ${precedence}` }
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return { kind: 'ignored', reason: 'an autoresponder’s mark' }
  if (mail.messageId?.includes(`@${ownIdDomain}`)) return { kind: 'ignored', reason: 'our own message, looped back' }
  if (from && from.address === mailboxAddress.toLowerCase()) return { kind: 'ignored', reason: 'sent from the support address itself' }
  if (!from) return { kind: 'ignored', reason: 'no sender address' }
  return { kind: 'message' }
}

/** The Message-ID of the mail a bounce returns (its attached headers say it). */
function originalOf(mail: ParsedMail): string | null {
  for (const part of mail.attachments) {
    if (!/message\/rfc822|text\/rfc822-headers|message\/global/.test(part.contentType)) continue
    const id = /^message-id:\s*(<[^>\r\n]+>)/im.exec(part.content.toString('utf8'))?.[1]
    if (id) return id
  }
  return /^message-id:\s*(<[^>\r\n]+>)/im.exec(mail.text ?? '')?.[1] ?? null
}

/** Message-IDs this message answers, nearest first. */
export function answers(mail: ParsedMail): string[] {
  const references = [mail.references ?? []].flat()
  return [...new Set([...(mail.inReplyTo ? [mail.inReplyTo] : []), ...references.reverse()])]
}

export const ticketTag = /\[((?:INC|REQ|PRB|CHG)-\d{1,9})\]/

/** The subject without reply prefixes or our tag, for a ticket's subject. */
export function plainSubject(subject: string | undefined): string {
  let s = (subject ?? '').replace(ticketTag, ' ')
  for (;;) {
    const next = s.replace(/^\s*(re|fw|fwd|aw|wg|sv|vs|tr)\s*(\[\d+\])?\s*:\s*/i, '')
    if (next === s) break
    s = next
  }
  return clean(s).replace(/\s+/g, ' ').trim().slice(0, 200) || '(no subject)'
}

// Control characters other than line breaks and tabs never reach a desk (they refuse them).
const clean = (text: string) => text.replace(/\r\n?/g, '\n').replace(/[^\P{Cc}\n\t]/gu, '')

const quoteStart = [/^On .{4,200} wrote:\s*$/, /^Am .{4,200} schrieb .{1,200}:\s*$/, /^-{2,}\s*Original Message\s*-{2,}\s*$/i, /^_{10,}\s*$/, /^From: .+$/]

/** The new text and, folded apart, the history it quotes (after "On … wrote:", an Outlook header, or a trailing block of "> " lines). */
export function splitQuoted(text: string, max = 20_000): { body: string; quoted: string | null } {
  const lines = clean(text).split('\n')
  let at = lines.findIndex((line, i) => quoteStart.some((re) => re.test(line.trim())) && (i > 0 || lines.length > 1))
  if (at < 0) {
    // A trailing run of quoted lines (and blank ones) is history too.
    let i = lines.length
    while (i > 0 && (/^\s*>/.test(lines[i - 1]!) || lines[i - 1]!.trim() === '')) i--
    if (i < lines.length && lines.slice(i).some((l) => /^\s*>/.test(l))) at = i
  }
  const body = (at < 0 ? lines : lines.slice(0, at)).join('\n').trim()
  const quoted = at < 0 ? null : lines.slice(at).join('\n').trim() || null
  return { body: (body || '(no text)').slice(0, max), quoted: quoted ? quoted.slice(0, max) : null }
}

/**
 * The message as text: its own plain part, else its HTML turned into text with links' targets and
 * images left out (a `javascript:` address or a tracking pixel never reaches a desk, even as text).
 * Parse with mailparser's `skipHtmlToText`, so `text` is only ever the sender's own plain part.
 */
export function textOf(mail: ParsedMail): string {
  if (mail.text) return mail.text
  if (!mail.html) return ''
  return convert(mail.html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' }
    ]
  })
}
