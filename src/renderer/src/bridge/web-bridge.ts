import type { EventName, FrontlineApi } from '../../../shared/contract'
import type { Result } from '../../../shared/errors'

const tokenKey = 'frontline.token'

/** The token arrives once in the URL fragment (never sent to a server, never logged) and is kept for reloads. */
function takeToken(): string {
  const match = /(?:^#|&)token=([0-9a-f]+)/.exec(window.location.hash)
  if (match?.[1]) {
    sessionStorage.setItem(tokenKey, match[1])
    history.replaceState(null, '', window.location.pathname + window.location.search)
  }
  return sessionStorage.getItem(tokenKey) ?? ''
}

/**
 * window.frontline for the browser host: the same contract as the Electron preload, over HTTP to the
 * local host process (loopback, per-start token), with events over SSE.
 */
export function installWebBridge(): void {
  const token = takeToken()
  let source: EventSource | null = null

  const api: FrontlineApi = {
    host: 'browser',
    async invoke(method, input) {
      try {
        const response = await fetch(`/api/invoke/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {})
        })
        return (await response.json()) as Result<never>
      } catch {
        return { ok: false, error: { code: 'UNAVAILABLE', message: 'The Frontline host is not answering. Is it still running?' } }
      }
    },
    on(event: EventName, listener) {
      source ??= new EventSource(`/api/events?token=${encodeURIComponent(token)}`)
      const handler = (message: MessageEvent<string>) => listener(JSON.parse(message.data) as never)
      source.addEventListener(event, handler)
      return () => source?.removeEventListener(event, handler)
    }
  }
  Object.defineProperty(window, 'frontline', { value: Object.freeze(api), writable: false, configurable: false })
}
