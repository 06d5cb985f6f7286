import { createServer, type ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { openLiveChannel } from '../../src/main/core/sync/live-channel'

/** A stand-in event stream: `talk` writes to each connection once it has answered. */
async function eventStream(talk: (response: ServerResponse) => void) {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    response.write(': connected\n\n')
    talk(response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the live channel from the desk server', () => {
  it('nudges once as it opens: a change committed before the server listened for this desk is not left for the periodic round', async () => {
    const server = await eventStream(() => undefined)
    let nudges = 0
    const close = openLiveChannel(fetch, server.url, 'token', () => nudges++, () => undefined)
    await expect.poll(() => nudges, { timeout: 5_000 }).toBe(1)
    await pause(400)
    expect(nudges).toBe(1)
    close()
    await server.close()
  })

  it('hears a "changed" event even when the network splits it across chunks, and one burst is one nudge', async () => {
    const server = await eventStream((response) => {
      // After the opening nudge: one event cut mid-word; its end arrives with a second one: a burst, one nudge.
      setTimeout(() => response.write('event: cha'), 1_500)
      setTimeout(() => response.write('nged\ndata: {}\n\nevent: changed\ndata: {}\n\n: ping\n\nevent: other\ndata: {}\n\n'), 1_600)
    })
    let nudges = 0
    const close = openLiveChannel(fetch, server.url, 'token', () => nudges++, () => undefined)
    await expect.poll(() => nudges, { timeout: 5_000 }).toBe(1)
    await expect.poll(() => nudges, { timeout: 5_000 }).toBe(2)
    await pause(400)
    expect(nudges).toBe(2)
    close()
    await server.close()
  })
})
