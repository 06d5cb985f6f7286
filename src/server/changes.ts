import pg from 'pg'

/**
 * One LISTEN connection per server process: every instance hears every commit's NOTIFY, so any
 * instance behind a load balancer can keep any client's live channel.
 */
export async function listenForChanges(connectionString: string): Promise<{ onChange(listener: () => void): () => void; close(): Promise<void> }> {
  const listeners = new Set<() => void>()
  const client = new pg.Client({ connectionString })
  await client.connect()
  client.on('notification', () => listeners.forEach((l) => l()))
  await client.query('LISTEN desk_changes')
  return {
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: () => client.end()
  }
}
