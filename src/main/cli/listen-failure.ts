/** One line a person can act on when a server cannot listen, instead of a stack trace; null for failures we have no words for. */
export function listenFailure(error: unknown, host: string, port: number, what: string): string | null {
  const code = (error as { code?: string }).code
  if (code === 'EADDRINUSE') return `${what}: port ${port} on ${host} is already in use (another copy running?); stop it, or start with --port N (0 picks a free port).`
  if (code === 'EACCES') return `${what}: not allowed to listen on port ${port} on ${host}; choose a port above 1023 with --port N.`
  if (code === 'EADDRNOTAVAIL') return `${what}: ${host} is not an address of this machine; check --host.`
  return null
}
