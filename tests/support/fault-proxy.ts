import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http'

export interface FaultCounts {
  requests: number
  droppedAfterCommit: number
  duplicated: number
  delayed: number
  duplicatesSuppressed: number
}

/**
 * An HTTP proxy in front of the desk server that misbehaves on purpose, on sync pushes and pulls:
 * it drops the answer after the server has committed, sends a request twice, or holds one back so
 * others overtake it. Deterministic for a seed. `upstream` can change (a restarted server).
 */
export async function startFaultProxy(upstream: string, seed = 7): Promise<{ url: string; counts: FaultCounts; setUpstream(url: string): void; setFaults(on: boolean): void; close(): Promise<void> }> {
  let state = seed >>> 0
  const random = () => ((state = (state * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32)
  const counts: FaultCounts = { requests: 0, droppedAfterCommit: 0, duplicated: 0, delayed: 0, duplicatesSuppressed: 0 }
  let target = new URL(upstream)
  let faults = true

  const forward = (incoming: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const out = httpRequest(
        { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host } },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (c: Buffer) => chunks.push(c))
          response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }))
          response.on('error', reject)
        }
      )
      out.on('error', reject)
      out.end(body)
    })

  const server: Server = createServer((incoming, reply) => {
    const chunks: Buffer[] = []
    incoming.on('data', (c: Buffer) => chunks.push(c))
    incoming.on('end', () => {
      void (async () => {
        counts.requests++
        const body = Buffer.concat(chunks)
        const sync = incoming.url?.startsWith('/api/sync/') ?? false
        const roll = faults && sync ? random() : 1
        try {
          if (roll < 0.1) {
            counts.delayed++
            await new Promise((r) => setTimeout(r, 50 + random() * 250))
          }
          let answer = await forward(incoming, body)
          if (roll >= 0.1 && roll < 0.2) {
            counts.duplicated++
            answer = await forward(incoming, body)
          }
          const text = answer.body.toString()
          counts.duplicatesSuppressed += (text.match(/"status":"duplicate"/g) ?? []).length
          if (roll >= 0.2 && roll < 0.3 && incoming.method === 'POST') {
            // The server has committed; the technician's desk never hears so.
            counts.droppedAfterCommit++
            incoming.socket.destroy()
            return
          }
          // As any proxy does: the body goes as the server encoded it (a large page comes gzipped), and says so.
          reply.writeHead(answer.status, {
            'content-type': answer.headers['content-type'] ?? 'application/json',
            ...(answer.headers['content-encoding'] ? { 'content-encoding': answer.headers['content-encoding'] } : {})
          })
          reply.end(answer.body)
        } catch {
          // The server is down (restarting): the desk sees a failed request and tries again later.
          incoming.socket.destroy()
        }
      })()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setUpstream: (url) => (target = new URL(url)),
    setFaults: (on) => (faults = on),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
