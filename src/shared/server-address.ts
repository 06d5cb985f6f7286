import { z } from 'zod'
import { isLoopbackHost } from './directory'

/**
 * An address a desk may move to when its desk server stops answering: another instance on the same
 * PostgreSQL. The desk sends its device token there unasked, so it must be https (or plain http to
 * this machine, for a server beside the desk or a test), and nothing a server says could smuggle in
 * more: no user or password, no query, no fragment. Written as origin and path without a trailing
 * slash, the form the desk compares and stores.
 */
export const ServerAddress = z
  .url({ protocol: /^https?$/, error: 'A desk server address starts with https:// (or http:// to this machine).' })
  .max(500)
  .superRefine((text, ctx) => {
    // zod runs this even after the url check failed; that failure is already said.
    if (!URL.canParse(text)) return
    const url = new URL(text)
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) ctx.addIssue({ code: 'custom', message: `Use https for ${url.host}: a device token must not cross the network in clear.` })
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'A desk server address carries no user name or password.' })
    if (url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'A desk server address has no query or fragment.' })
  })
  .transform((text) => {
    const url = new URL(text)
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
  })
export type ServerAddress = z.output<typeof ServerAddress>

/** A team has a few desk servers, not hundreds: a longer list is a mistake or an attack. */
export const maxServerAddresses = 16

/** `--peers a,b` / FRONTLINE_SERVER_PEERS on the server: the other instances desks may move to. */
export const ServerPeers = z
  .string()
  .max(maxServerAddresses * 501)
  .transform((text) =>
    text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
  )
  .pipe(z.array(ServerAddress).max(maxServerAddresses, { error: `At most ${maxServerAddresses} desk server addresses.` }))
