import { Client, InvalidCredentialsError, ResultCodeError } from 'ldapts'
import { DeskError } from '../../shared/errors'

export interface DirectoryEndpoint {
  name: string
  url: string
  startTls: boolean
  bindDn: string
}

/** How long a directory may take to answer before the technician is told it is not answering. */
const timeoutMs = 10_000

/**
 * A client bound as the service account, or a typed error saying which part failed: the directory
 * not answering, TLS, or the bind refused. StartTLS happens before the bind, so the password never
 * crosses the network in clear (the input schema refuses plain ldap:// beyond loopback).
 */
export async function connectDirectory(endpoint: DirectoryEndpoint, password: string): Promise<Client> {
  const client = new Client({ url: endpoint.url, timeout: timeoutMs, connectTimeout: timeoutMs, strictDN: false })
  try {
    if (endpoint.startTls) await client.startTLS()
    await client.bind(endpoint.bindDn, password)
    return client
  } catch (error) {
    await client.unbind().catch(() => undefined)
    throw directoryError(endpoint, error)
  }
}

/** An LDAP or network failure as the desk says it, naming the directory; the cause stays in the server's log. */
export function directoryError(endpoint: { name: string; url: string }, error: unknown): DeskError {
  if (error instanceof DeskError) return error
  if (error instanceof InvalidCredentialsError) return new DeskError('UNAVAILABLE', `${endpoint.name} refused the service account’s bind DN or password.`)
  if (error instanceof ResultCodeError) return new DeskError('UNAVAILABLE', `${endpoint.name} refused the request: ${error.message.replace(/\.$/, '')}.`)
  const code = (error as { code?: string }).code
  const why =
    code === 'ECONNREFUSED'
      ? 'nothing is listening there'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'the host name is not known'
        : /timeout/i.test(String((error as Error).message)) || code === 'ETIMEDOUT'
          ? 'it did not answer in time'
          : /certificate|self.signed|tls|ssl/i.test(String((error as Error).message))
            ? `its TLS certificate was not accepted (${(error as Error).message})`
            : ((error as Error).message ?? 'the connection failed')
  return new DeskError('UNAVAILABLE', `${endpoint.name} at ${endpoint.url} cannot be reached: ${why}.`)
}
