import { connect, createServer, type Socket } from 'node:net'

/** A loopback TCP relay that can be shut like a network going away, so a desk keeps its changes waiting. */
export async function startGate(upstream: string): Promise<{ url: string; open(): void; shut(): void; close(): Promise<void> }> {
  const target = new URL(upstream)
  let shut = false
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    if (shut) return client.destroy()
    const remote = connect(Number(target.port), target.hostname)
    for (const socket of [client, remote]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => socket.destroy())
    }
    client.pipe(remote).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    open: () => void (shut = false),
    shut() {
      shut = true
      for (const socket of sockets) socket.destroy()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
