import type { MailCalls } from '../sync/mail-calls'
import type { AreaHandlers } from './handler-types'

export function mailHandlers({ mail }: { mail: MailCalls }): AreaHandlers<'mail'> {
  return {
    'mail.mailboxes': () => mail.mailboxes(),
    'mail.saveMailbox': ({ id, mailbox }) => mail.save(id, mailbox),
    'mail.templates': () => mail.templates(),
    'mail.saveTemplates': (templates) => mail.saveTemplates(templates)
  }
}
