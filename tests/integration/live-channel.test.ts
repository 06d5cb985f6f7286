import { createServer } from 'node:http'
import { describe, expect, it } from 'vitest'
import { openLiveChannel } from '../../src/main/core/sync/live-channel'

describe('the live channel from the desk server', () => {
  it('hears a "changed" event even when the network splits it across chunks, and one burst is one nudge', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write(': connected\n\n')
      // One event cut mid-word; its end arrives with a second one: a burst, one nudge.
      setTimeout(() => response.write('event: cha'), 50)
      setTimeout(() => response.write('nged\ndata: {}\n\nevent: changed\ndata: {}\n\n: ping\n\nevent: other\ndata: {}\n\n'), 150)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    let nudges = 0
    const close = openLiveChannel(fetch, `http://127.0.0.1:${port}`, 'token', () => nudges++, () => undefined)
    await expect.poll(() => nudges, { timeout: 5_000 }).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(nudges).toBe(1)
    close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
})
