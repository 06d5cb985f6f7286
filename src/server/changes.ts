import pg from 'pg'

/**
 * One LISTEN connection per server process: every instance hears every commit's NOTIFY, so any
 * instance behind a load balancer can keep any client's live channel. If PostgreSQL drops the
 * connection (a restart, a failover) it reconnects; desks miss nothing, since they pull by cursor.
 */
export async function listenForChanges(
  connectionString: string,
  log: (message: string) => void = () => undefined
): Promise<{ onChange(listener: () => void): () => void; onRevoke(listener: (deviceIds: string[]) => void): () => void; close(): Promise<void> }> {
  const listeners = new Set<() => void>()
  const revokeListeners = new Set<(deviceIds: string[]) => void>()
  let client: pg.Client | null = null
  let closed = false
  let retry: NodeJS.Timeout | null = null

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString })
    next.on('notification', (message) => {
      if (message.channel !== 'desk_revoked') return listeners.forEach((l) => l())
      let ids: unknown
      try {
        ids = JSON.parse(message.payload ?? '[]')
      } catch {
        return
      }
      if (Array.isArray(ids)) revokeListeners.forEach((l) => l(ids.filter((id): id is string => typeof id === 'string')))
    })
    next.on('error', (error) => {
      log(`live channel: ${error.message}; reconnecting`)
      void next.end().catch(() => undefined)
      if (client === next) client = null
      if (!closed) retry ??= setTimeout(() => {
        retry = null
        void connect().catch(() => undefined)
      }, 1_000)
    })
    await next.connect()
    await next.query('LISTEN desk_changes')
    // A revoked device (or a disabled account's devices): every instance closes their live channels.
    await next.query('LISTEN desk_revoked')
    client = next
    // Anything committed while we were away: one nudge makes the desks pull.
    listeners.forEach((l) => l())
  }
  await connect()

  return {
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onRevoke(listener) {
      revokeListeners.add(listener)
      return () => revokeListeners.delete(listener)
    },
    async close() {
      closed = true
      if (retry) clearTimeout(retry)
      await client?.end().catch(() => undefined)
    }
  }
}
