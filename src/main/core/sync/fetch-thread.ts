import { Worker } from 'node:worker_threads'

// Plain CommonJS evaluated in a worker, as the integrity check's: no bundle entry to locate.
const workerSource = `
const { parentPort } = require('node:worker_threads')
const under = new Map()
parentPort.on('message', async (message) => {
  if (message.abort !== undefined) return under.get(message.abort)?.abort()
  const controller = new AbortController()
  under.set(message.id, controller)
  try {
    const response = await fetch(message.url, { method: message.method, headers: message.headers, body: message.body, signal: controller.signal })
    const bytes = await response.arrayBuffer()
    parentPort.postMessage({ id: message.id, status: response.status, statusText: response.statusText, headers: [...response.headers], bytes }, [bytes])
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error && error.message) })
  } finally {
    under.delete(message.id)
  }
})
`

interface Answer {
  id: number
  status?: number
  statusText?: string
  headers?: Array<[string, string]>
  bytes?: ArrayBuffer
  error?: string
}

/** Headers that described the bytes on the wire, not the decoded bytes handed over. */
const wireOnly = new Set(['content-encoding', 'content-length', 'transfer-encoding'])

/**
 * `fetch` on a thread of its own, for the pull's pages: receiving one (the HTTP parser, the gunzip's
 * callbacks, decoding) took a turn of the desk's event loop at each step, and while a pull wrote a page
 * those turns came only between its slices, so the next page, asked for ahead, was still arriving when
 * the desk wanted it (a second of a 30,000-ticket first sync waiting). Here it arrives whole, in one
 * message, its bytes moved rather than copied; the caller reads it as any answer.
 */
export class FetchThread {
  private worker: Worker | null = null
  private next = 0
  private readonly waiting = new Map<number, { resolve(response: Response): void; reject(error: Error): void }>()

  readonly fetch = (url: string, init: RequestInit = {}): Promise<Response> => {
    const { signal } = init
    if (signal?.aborted) return Promise.reject(signal.reason as Error)
    const worker = this.started()
    const id = this.next++
    return new Promise<Response>((resolve, reject) => {
      const stop = () => {
        this.waiting.delete(id)
        worker.postMessage({ abort: id })
        reject(signal!.reason as Error)
      }
      signal?.addEventListener('abort', stop, { once: true })
      this.waiting.set(id, {
        resolve: (response) => {
          signal?.removeEventListener('abort', stop)
          resolve(response)
        },
        reject: (error) => {
          signal?.removeEventListener('abort', stop)
          reject(error)
        }
      })
      worker.postMessage({ id, url, method: init.method ?? 'GET', headers: init.headers, body: init.body })
    })
  }

  /** Stops the thread; requests under way fail as if the server had gone. */
  async close(): Promise<void> {
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
  }

  private started(): Worker {
    if (this.worker) return this.worker
    const worker = (this.worker = new Worker(workerSource, { eval: true }))
    // It only ever waits on the network: it must not keep a closing process alive.
    worker.unref()
    worker.on('message', (answer: Answer) => {
      const waiting = this.waiting.get(answer.id)
      this.waiting.delete(answer.id)
      if (!waiting) return
      if (answer.error !== undefined || answer.bytes === undefined) return waiting.reject(new TypeError(`fetch failed: ${answer.error ?? 'no answer'}`))
      const headers = (answer.headers ?? []).filter(([name]) => !wireOnly.has(name))
      // Statuses that carry no body take none.
      const body = [101, 204, 205, 304].includes(answer.status ?? 200) ? null : answer.bytes
      waiting.resolve(new Response(body, { status: answer.status ?? 200, statusText: answer.statusText ?? '', headers }))
    })
    const failAll = () => {
      if (this.worker === worker) this.worker = null
      for (const [id, waiting] of this.waiting) {
        this.waiting.delete(id)
        waiting.reject(new TypeError('fetch failed: the fetch thread stopped'))
      }
    }
    worker.on('error', failAll)
    worker.on('exit', failAll)
    return worker
  }
}
