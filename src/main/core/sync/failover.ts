import { DeskError, type ErrorIssue } from '../../../shared/errors'
import { ServerAddress } from '../../../shared/server-address'

/** The order a round tries the team's servers in: the current one, then the others after it in the known list, wrapping round. */
export function tryOrder(current: string, known: readonly string[]): string[] {
  const others = known.filter((url) => url !== current)
  const at = known.indexOf(current)
  // After the current one first, so desks that left a server spread over the rest rather than all pile onto the first.
  const after = at < 0 ? others : [...known.slice(at + 1), ...known.slice(0, at)].filter((url) => url !== current)
  return [current, ...after]
}

/**
 * The peers a server named, judged as hostile input: a desk sends its token to them unasked, so each
 * must be an address the desk would accept at sign-in, and https beyond this machine. The good ones are
 * kept; the rest come back as one typed error for the status, naming which and why.
 */
export function checkPeers(from: string, peers: readonly string[]): { peers: string[]; refused: DeskError | null } {
  const good: string[] = []
  const issues: ErrorIssue[] = []
  peers.forEach((peer, i) => {
    const parsed = ServerAddress.safeParse(peer)
    if (parsed.success) good.push(parsed.data)
    else issues.push({ path: `peers.${i}`, message: parsed.error.issues[0]?.message ?? 'Not a desk server address.' })
  })
  if (!issues.length) return { peers: good, refused: null }
  const count = issues.length === 1 ? 'an address' : `${issues.length} addresses`
  return { peers: good, refused: new DeskError('INVALID_INPUT', `The desk server at ${from} named ${count} this desk will not move to: ${issues.map((i) => i.message).join(' ')}`, issues) }
}
