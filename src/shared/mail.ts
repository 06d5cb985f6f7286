import { z } from 'zod'
import { Id, Instant } from './domain'
import { isLoopbackHost } from './directory'
import { singleLine } from './ticket-fields'

/** The team's support mailboxes as an admin configures them on the desk server, and what the intake reports. */


/**
 * An OAuth2 token source: the provider's token endpoint and the app registered there. With a refresh
 * token (delegated: a person consented for the mailbox once), or the client-credentials grant (an app
 * allowed the mailbox by the tenant's admin, as Microsoft 365 offers). Secrets are sealed on the server.
 */
export const OAuth2Source = z
  .object({
    tokenUrl: z
      .url({ error: 'The token endpoint’s address, e.g. https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token.' })
      .max(500)
      .refine(
        (u) => {
          const url = new URL(u)
          return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))
        },
        { error: 'Use https: the client secret must not cross the network in clear.' }
      ),
    grant: z.enum(['refresh_token', 'client_credentials']).default('refresh_token'),
    clientId: singleLine(300),
    /** Left out on an edit: the stored one stays. */
    clientSecret: z.string().min(1).max(2_000).optional(),
    /** For the refresh-token grant; left out on an edit, the stored (possibly rotated) one stays. */
    refreshToken: z.string().min(1).max(8_000).optional(),
    scope: z.string().trim().max(1_000).default('')
  })
  .strict()
export type OAuth2Source = z.input<typeof OAuth2Source>

export const MailboxInput = z
  .object({
    name: singleLine(80),
    /** The address requesters write to; mail from it is never a ticket. */
    address: z.email({ error: 'Not an email address.' }).max(320),
    host: singleLine(253),
    port: z.number().int().min(1).max(65_535).default(993),
    /** Implicit TLS (IMAPS). Plain IMAP is for a server on this machine only. */
    tls: z.boolean().default(true),
    username: singleLine(320),
    /** How the server signs in: the mailbox's password, or an OAuth2 access token (XOAUTH2), as Microsoft 365 and Gmail require. */
    auth: z.enum(['password', 'oauth2']).default('password'),
    /** Left out on an edit: the stored one stays. Kept encrypted at rest on the server. */
    password: z.string().min(1, { error: 'Required.' }).max(1_000).optional(),
    /** Where the server gets its access tokens when `auth` is oauth2 (used for IMAP and for sending). */
    oauth2: OAuth2Source.nullable().default(null),
    folder: singleLine(200).default('INBOX'),
    /** The group new tickets from this mailbox land in (the first-line group when not set). */
    groupId: Id.nullable().default(null),
    /** Seconds between polls besides IMAP IDLE. */
    pollSeconds: z.number().int().min(5).max(3_600).default(60),
    /** Where replies go out (SMTP submission); without it, replies wait as failed with the reason. */
    smtp: z
      .object({
        host: singleLine(253),
        port: z.number().int().min(1).max(65_535).default(587),
        security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
        username: singleLine(320).optional(),
        /** Left out on an edit: the stored one stays. */
        password: z.string().min(1).max(1_000).optional()
      })
      .strict()
      .nullable()
      .default(null)
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.auth === 'oauth2' && !m.oauth2) ctx.addIssue({ code: 'custom', path: ['oauth2'], message: 'Say where the access tokens come from.' })
    if (!m.tls && !isLoopbackHost(m.host)) ctx.addIssue({ code: 'custom', path: ['tls'], message: 'Use TLS: the mailbox password must not cross the network in clear.' })
    if (m.smtp?.security === 'none' && !isLoopbackHost(m.smtp.host)) ctx.addIssue({ code: 'custom', path: ['smtp', 'security'], message: 'Use TLS or STARTTLS for a mail server beyond this machine.' })
  })
export type MailboxInput = z.input<typeof MailboxInput>

export const MailboxInfo = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  host: z.string(),
  port: z.number().int(),
  tls: z.boolean(),
  username: z.string(),
  auth: z.enum(['password', 'oauth2']),
  oauth2: z.object({ tokenUrl: z.string(), grant: z.enum(['refresh_token', 'client_credentials']), clientId: z.string(), scope: z.string() }).nullable(),
  folder: z.string(),
  groupId: Id.nullable(),
  pollSeconds: z.number().int(),
  smtp: z.object({ host: z.string(), port: z.number().int(), security: z.enum(['tls', 'starttls', 'none']), username: z.string().nullable() }).nullable(),
  lastUid: z.number().int(),
  connected: z.boolean(),
  error: z.string().nullable(),
  quarantined: z.number().int()
})
export type MailboxInfo = z.infer<typeof MailboxInfo>

export const QuarantinedMail = z.object({ id: Id, mailbox: z.string(), at: Instant, reason: z.string(), subject: z.string().nullable(), sender: z.string().nullable(), size: z.number().int() })
export type QuarantinedMail = z.infer<typeof QuarantinedMail>

/** The mail the desk sends requesters on its own, each an admin can turn off and reword. */
export const notificationKinds = ['acknowledge', 'update', 'waiting', 'resolved', 'reopened'] as const
export type NotificationKind = (typeof notificationKinds)[number]

export const MailTemplate = z
  .object({
    enabled: z.boolean(),
    subject: singleLine(200),
    body: z.string().trim().min(1, { error: 'Required.' }).max(10_000, { error: 'At most 10,000 characters.' })
  })
  .strict()
export const MailTemplates = z
  .object({
    signature: z.string().max(2_000, { error: 'At most 2,000 characters.' }),
    templates: z.object(Object.fromEntries(notificationKinds.map((k) => [k, MailTemplate])) as Record<NotificationKind, typeof MailTemplate>).strict()
  })
  .strict()
export type MailTemplates = z.infer<typeof MailTemplates>

/** Placeholders: {requester.firstName}, {requester.name}, {ticket.number}, {ticket.subject}, {agent.name}, {reply.text}, {reply.eta}, {satisfaction.link}. */
export const defaultMailTemplates: MailTemplates = {
  signature: 'Your Service Desk',
  templates: {
    acknowledge: {
      enabled: true,
      subject: 'We have your request: {ticket.subject}',
      body: 'Hello {requester.firstName},\n\nthank you for your message. We have logged it as {ticket.number} and will get back to you. Reply to this mail to add anything.'
    },
    update: { enabled: true, subject: 'An update on your request: {ticket.subject}', body: '{reply.text}\n\nExpected by {reply.eta}.' },
    waiting: {
      enabled: true,
      subject: 'We need something from you: {ticket.subject}',
      body: 'Hello {requester.firstName},\n\nwe are waiting on you before we can go on with {ticket.number}. Reply to this mail and we will pick it up again.'
    },
    resolved: {
      enabled: true,
      subject: 'Resolved: {ticket.subject}',
      body: 'Hello {requester.firstName},\n\nwe have resolved {ticket.number}. If it is not fixed, reply to this mail and we will reopen it.\n\nHow did we do? {satisfaction.link}'
    },
    reopened: { enabled: true, subject: 'Reopened: {ticket.subject}', body: 'Hello {requester.firstName},\n\nwe have reopened {ticket.number} and are working on it again.' }
  }
}
