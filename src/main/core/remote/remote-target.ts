import { isIPv4, isIPv6 } from 'node:net'
import { DeskError } from '../../../shared/errors'
import type { RemoteProtocol, VendorId } from '../../../shared/remote'

/** A host a client may be pointed at: already checked, so it can only ever be one argv element's worth of host. */
export interface HostTarget {
  kind: 'ip4' | 'ip6' | 'dns'
  host: string
  port: number | null
  /** SSH only: the account on the far side, from `user@host`. */
  user: string | null
}

/** Control, format and line-separator characters: shown as a mark in messages, refused in targets. */
const invisible = /[\p{C}\p{Zl}\p{Zp}\u0085]/u
const shown = (input: string) => [...input].slice(0, 60).map((c) => (invisible.test(c) ? '�' : c)).join('')

/** Refused with the reason a technician can act on; the field is `target` so a form can put it there. */
function refuse(input: string, reason: string, path = 'target'): never {
  throw new DeskError('INVALID_INPUT', `“${shown(input)}” cannot be used as ${path === 'target' ? 'a target' : 'a user name'}: ${reason}`, [{ path, message: reason }])
}

/** What no target of any kind contains: invisible characters, spaces, anything outside plain ASCII. */
function screenText(input: string): void {
  if (input.length === 0) refuse(input, 'it is empty.')
  if (input.length > 260) refuse(input, 'it is longer than any host name or ID can be.')
  if (invisible.test(input)) refuse(input, 'it contains a control character (a line break or similar).')
  if (/\s/u.test(input)) refuse(input, 'it contains a space.')
  if (/[^\x21-\x7e]/.test(input)) refuse(input, 'it contains a character that is not plain ASCII (a look-alike letter, perhaps); type it in plain letters and digits, or use the IP address.')
}

const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i
const userName = /^[a-z_][a-z0-9._-]{0,31}$/i

/** Characters no host or user ever needs, each of which some client or shell would read as syntax. */
function screen(input: string, allowAt: boolean): void {
  screenText(input)
  if (input.includes('://') || (/^[a-z][a-z0-9+.-]*:[^0-9[+-]/i.test(input) && !isIPv6(input))) refuse(input, 'it is a URL or a link; give just the host name or IP address.')
  if (input.startsWith('-') || input.startsWith('/') || input.startsWith('+')) refuse(input, `it starts with “${input[0]}”, which a client would read as an option.`)
  const bad = /[;|&$`'"<>\\%*?!(){}=,#~^]/.exec(input)
  if (bad) refuse(input, `it contains “${bad[0]}”, which no host name has.`)
  if (!allowAt && input.includes('@')) refuse(input, 'it contains “@”; give the user name in its own field.')
}

function port(input: string, text: string): number {
  if (!/^[0-9]{1,5}$/.test(text)) refuse(input, `“${text}” is not a port number.`)
  const n = Number(text)
  if (n < 1 || n > 65535) refuse(input, `port ${n} is outside 1–65535.`)
  return n
}

/**
 * A host as a technician types it: a DNS name (RFC 1123 labels), an IPv4 address, or an IPv6 address
 * (bracketed when a port follows), with an optional `:port`; for SSH, an optional `user@` in front.
 * Anything else is refused with the reason, before any client is looked at.
 */
export function parseHost(input: string, { allowUser = false }: { allowUser?: boolean } = {}): HostTarget {
  screen(input, allowUser)
  let rest = input
  let user: string | null = null
  if (rest.includes('@')) {
    const parts = rest.split('@')
    if (parts.length !== 2) refuse(input, 'it contains more than one “@”.')
    user = parts[0]!
    rest = parts[1]!
    if (!userName.test(user)) refuse(input, `“${user}” is not a user name (letters, digits, “.”, “_” and “-”, not starting with “-”).`)
  }
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']')
    if (close < 0) refuse(input, 'the “[” of an IPv6 address is never closed.')
    const address = rest.slice(1, close)
    const after = rest.slice(close + 1)
    if (!isIPv6(address)) refuse(input, `“${address}” is not an IPv6 address.`)
    if (after && !after.startsWith(':')) refuse(input, 'only “:port” may follow an IPv6 address in brackets.')
    return { kind: 'ip6', host: address.toLowerCase(), port: after ? port(input, after.slice(1)) : null, user }
  }
  if ((rest.match(/:/g) ?? []).length > 1) {
    if (!isIPv6(rest)) refuse(input, 'it is not an IPv6 address (put one in brackets when a port follows: [2001:db8::5]:3389).')
    return { kind: 'ip6', host: rest.toLowerCase(), port: null, user }
  }
  const [host, portText] = rest.split(':') as [string, string | undefined]
  const portNumber = portText === undefined ? null : port(input, portText)
  if (isIPv4(host)) return { kind: 'ip4', host, port: portNumber, user }
  if (host.length > 253) refuse(input, 'a host name is at most 253 characters.')
  const labels = host.split('.')
  if (labels.some((l) => !label.test(l))) refuse(input, `“${host}” is not a host name: each part between dots is 1–63 letters, digits or “-”, not starting or ending with “-”.`)
  // An IDN label can spell a look-alike ("xn--pple-43d" is "аpple" with a Cyrillic а); help-desk hosts do not need them.
  if (labels.some((l) => /^xn--/i.test(l))) refuse(input, `“${host}” is an internationalized (punycode) name, which can hide look-alike letters; use the IP address.`)
  // "127.1" or "10.0.0.300" would be read as addresses by some resolvers: not a name, and not a valid address.
  if (/^[0-9]+$/.test(labels.at(-1)!) || /^0x[0-9a-f]+$/i.test(labels.at(-1)!)) refuse(input, `“${host}” looks like an IP address but is not a valid one.`)
  return { kind: 'dns', host: host.toLowerCase(), port: portNumber, user }
}

/** The host written back the way clients take it: IPv6 in brackets when a port follows. */
export function hostWithPort(target: Pick<HostTarget, 'kind' | 'host' | 'port'>, defaultPort?: number): string {
  const port = target.port ?? defaultPort
  if (port === undefined) return target.host
  return target.kind === 'ip6' ? `[${target.host}]:${port}` : `${target.host}:${port}`
}

/** Each vendor's ID charset, as the vendor documents it: digits, and for AnyDesk and RustDesk their alias forms. */
const vendorIds: Record<VendorId, { pattern: RegExp; says: string }> = {
  anydesk: { pattern: /^(?:[0-9]{9,10}|[a-z0-9][a-z0-9._-]{0,40}@[a-z0-9][a-z0-9-]{0,20})$/i, says: 'an AnyDesk ID is 9 or 10 digits, or an alias like “reception-pc@ad”.' },
  teamviewer: { pattern: /^[0-9]{9,10}$/, says: 'a TeamViewer ID is 9 or 10 digits.' },
  rustdesk: { pattern: /^(?:[0-9]{9,10}|[a-z][a-z0-9_-]{5,15})$/i, says: 'a RustDesk ID is 9 or 10 digits, or a custom ID of 6–16 letters, digits, “_” or “-” starting with a letter.' },
  custom: { pattern: /^[0-9]{4,20}$/, says: 'an ID for this tool is 4 to 20 digits.' }
}

/** A vendor's numeric ID (spaces a person types between digit groups are dropped by the form, not here). */
export function parseVendorId(vendor: VendorId, input: string): string {
  screenText(input)
  if (!vendorIds[vendor].pattern.test(input)) refuse(input, vendorIds[vendor].says)
  return input
}

/** The check a protocol needs: SSH takes `user@`, vendor tools take IDs, the rest take hosts. */
export function parseTarget(protocol: RemoteProtocol, input: string, vendor: VendorId = 'custom'): { host: HostTarget | null; vendorId: string | null } {
  if (protocol === 'vendor') return { host: null, vendorId: parseVendorId(vendor, input) }
  return { host: parseHost(input, { allowUser: protocol === 'ssh' }), vendorId: null }
}

/** A user name for an RDP session (`DOMAIN\user` or `user@domain` are the two shapes Windows knows). */
export function parseRdpUser(input: string): string {
  // `.\olu` is Windows' name for a local account.
  if (!/^(?:(?:[a-z0-9][a-z0-9._-]{0,14}|\.)\\)?[a-z0-9_][a-z0-9._-]{0,63}(?:@[a-z0-9][a-z0-9.-]{0,252})?$/i.test(input)) {
    refuse(input, 'it is not a Windows user name (user, DOMAIN\\user, .\\user or user@domain).', 'user')
  }
  return input
}
