import { freePort } from './free-port'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  /** Envelope sender ('' for the null sender <>). */
  from: string
  /** Envelope recipients. */
  to: string[]
  raw: Buffer
  parsed: ParsedMail
}

export interface SmtpSink {
  host: '127.0.0.1'
  port: number
  /** Every accepted message, in order. */
  received: ReceivedMail[]
  /** Every sign-in tried (with oauth2 only), in order. */
  signIns: ReceivedSignIn[]
  /** The next N deliveries are refused with a 451 temporary error (after the DATA is read). */
  refuseNext(n: number): void
  /** Closes the listening socket (and drops open sessions) so connections are refused, until up(). */
  down(): Promise<void>
  /** Listens on the same port again. */
  up(): Promise<void>
  /** Resolves once `count` messages in all have been received; rejects after `timeoutMs` (default 5 s). */
  waitFor(count: number, timeoutMs?: number): Promise<void>
  stop(): Promise<void>
}

export interface SmtpSinkOptions {
  /** Refuse the first N deliveries with 451, as refuseNext(N) right after start. */
  refuseFirst?: number
  /** Require XOAUTH2 sign-in, taking only tokens this says are live for the user (as Microsoft 365 and Gmail do). */
  oauth2?: (user: string, accessToken: string) => boolean | Promise<boolean>
}

export interface ReceivedSignIn {
  method: string
  user: string
}

/** A real SMTP server on a free loopback port that keeps whatever it is sent. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = []
  const signIns: ReceivedSignIn[] = []
  const waiters = new Set<() => void>()
  let refusals = options.refuseFirst ?? 0

  const create = (): SMTPServer =>
    new SMTPServer({
      authOptional: !options.oauth2,
      ...(options.oauth2
        ? {
            authMethods: ['XOAUTH2'],
            allowInsecureAuth: true,
            onAuth(auth, _session, callback) {
              void Promise.resolve(options.oauth2!(auth.username ?? '', auth.accessToken ?? '')).then((ok) => {
                signIns.push({ method: auth.method, user: auth.username ?? '' })
                // XOAUTH2's failure answer: the client is told to get a new token.
                if (!ok) return callback(null, { data: { status: '401', schemes: 'bearer' } })
                callback(null, { user: auth.username })
              })
            }
          }
        : {}),
      // Loopback only: no TLS, so nodemailer talks plain SMTP.
      disabledCommands: ['STARTTLS'],
      logger: false,
      // down() should not wait the default 30 s for open sessions to finish.
      closeTimeout: 100,
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('error', (error: Error) => callback(error))
        stream.on('end', () => {
          if (refusals > 0) {
            refusals--
            const error = Object.assign(new Error('Temporary local problem, try again later'), { responseCode: 451 })
            callback(error)
            return
          }
          const raw = Buffer.concat(chunks)
          const envelope = session.envelope
          simpleParser(raw).then(
            (parsed) => {
              received.push({
                from: envelope.mailFrom ? envelope.mailFrom.address : '',
                to: envelope.rcptTo.map((r) => r.address),
                raw,
                parsed
              })
              for (const wake of waiters) wake()
              callback()
            },
            (error: Error) => callback(error)
          )
        })
      }
    })

  const listen = (server: SMTPServer, port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      server.server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.server.off('error', reject)
        resolve()
      })
    })

  const close = (server: SMTPServer): Promise<void> => new Promise((resolve) => server.close(() => resolve()))

  let server: SMTPServer | undefined
  let port = 0
  // Another process may take the free port before we bind it (test files run in parallel).
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    const candidate = create()
    try {
      await listen(candidate, port)
      server = candidate
      break
    } catch (error) {
      if (attempt < 3 && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') continue
      throw new Error(`smtp sink could not listen on 127.0.0.1:${port}: ${String(error)}`, { cause: error })
    }
  }

  const down = async (): Promise<void> => {
    const current = server
    server = undefined
    if (current) await close(current)
  }

  const up = async (): Promise<void> => {
    if (server) return
    const next = create()
    try {
      await listen(next, port)
    } catch (error) {
      throw new Error(`smtp sink could not listen again on 127.0.0.1:${port}: ${String(error)}`, { cause: error })
    }
    server = next
  }

  const waitFor = (count: number, timeoutMs = 5_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (received.length < count) return false
        waiters.delete(wake)
        clearTimeout(timer)
        resolve()
        return true
      }
      const wake = (): void => void check()
      const timer = setTimeout(() => {
        waiters.delete(wake)
        reject(new Error(`smtp sink received ${received.length} of ${count} messages within ${timeoutMs} ms`))
      }, timeoutMs)
      waiters.add(wake)
      check()
    })

  return {
    host: '127.0.0.1',
    port,
    received,
    signIns,
    refuseNext: (n: number) => {
      refusals = n
    },
    down,
    up,
    waitFor,
    stop: down
  }
}
