import { v7 as uuidv7 } from 'uuid'
import { expect } from 'vitest'
import type { TestServer } from './desk-server'
import type { Dovecot } from './dovecot'
import type { SmtpSink } from './smtp-sink'

/**
 * Saves the support mailbox the mail tests read (through the admin route, as the app does): the
 * test dovecot's first user over plain IMAP on loopback, and the SMTP sink for replies when given.
 */
export async function saveTestMailbox(
  server: TestServer,
  adminToken: string,
  imap: Dovecot,
  options: { id?: string; name?: string; smtp?: SmtpSink; extra?: Record<string, unknown> } = {}
): Promise<{ id: string; address: string }> {
  const id = options.id ?? uuidv7()
  const address = imap.users[0]!.user
  const saved = await server.call('PUT', `/api/mailboxes/${id}`, adminToken, {
    name: options.name ?? 'Corp Service Desk',
    address,
    host: '127.0.0.1',
    port: imap.port,
    tls: false,
    username: address,
    password: imap.users[0]!.password,
    pollSeconds: 5,
    ...(options.smtp ? { smtp: { host: '127.0.0.1', port: options.smtp.port, security: 'none' } } : {}),
    ...options.extra
  })
  expect(saved.status, JSON.stringify(saved.body)).toBe(200)
  return { id, address }
}
