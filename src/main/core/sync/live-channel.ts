import { createParser } from 'eventsource-parser'
import { routePath } from '../../../shared/server-contract'

/**
 * The desk server's live channel: a server-sent event stream of bare "changed" nudges. Parsed by
 * eventsource-parser, so an event split across network chunks is still one event (reading each chunk
 * for the text "event: changed" missed those). A burst of commits becomes one call to `nudge`. Once
 * open it nudges once by itself: a change committed after the desk's last pull but before the server
 * was listening for this desk would otherwise wait for the periodic round (30 s), or the next change.
 * Returns how to close it; `onEnd` says it dropped (the periodic round reopens it).
 */
export function openLiveChannel(fetch: typeof globalThis.fetch, url: string, token: string, nudge: () => void, onEnd: () => void): () => void {
  const abort = new AbortController()
  let pending: NodeJS.Timeout | null = null
  const soon = () => {
    pending ??= setTimeout(() => {
      pending = null
      nudge()
    }, 200)
  }
  const parser = createParser({
    onEvent: (event) => {
      if (event.event === 'changed') soon()
    }
  })
  void (async () => {
    try {
      const response = await fetch(`${url}${routePath('GET /api/events')}`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal })
      if (!response.ok || !response.body) return
      soon()
      const decoder = new TextDecoder()
      const reader = response.body.getReader()
      for (let read = await reader.read(); !read.done; read = await reader.read()) parser.feed(decoder.decode(read.value, { stream: true }))
    } catch {
      // Dropped or closed.
    } finally {
      onEnd()
    }
  })()
  return () => {
    if (pending) clearTimeout(pending)
    abort.abort()
  }
}
