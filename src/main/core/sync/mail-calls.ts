import type { z } from 'zod'
import { v7 as uuidv7 } from 'uuid'
import type { MailboxInfo, MailboxInput, MailTemplates, QuarantinedMail } from '../../../shared/mail'
import type { DeskSession } from './desk-session'
import type { ServerClient } from './server-client'

/** The support mailboxes are the desk server's: an admin reads and changes them online, through the desk. */
export class MailCalls {
  constructor(
    private readonly server: ServerClient,
    private readonly session: DeskSession
  ) {}

  mailboxes(): Promise<{ mailboxes: MailboxInfo[]; quarantine: QuarantinedMail[] }> {
    const { url, token } = this.online()
    return Promise.all([this.server.call(url, token, 'GET /api/mailboxes'), this.server.call(url, token, 'GET /api/mail/quarantine')]).then(([mailboxes, quarantine]) => ({ mailboxes, quarantine }))
  }

  async save(id: string | undefined, input: z.output<typeof MailboxInput>): Promise<{ mailboxes: MailboxInfo[]; quarantine: QuarantinedMail[] }> {
    const { url, token } = this.online()
    await this.server.call(url, token, 'PUT /api/mailboxes/:id', { params: { id: id ?? uuidv7() }, body: input })
    return this.mailboxes()
  }

  templates(): Promise<MailTemplates> {
    const { url, token } = this.online()
    return this.server.call(url, token, 'GET /api/team/mail-templates')
  }

  saveTemplates(templates: MailTemplates): Promise<MailTemplates> {
    const { url, token } = this.online()
    return this.server.call(url, token, 'PUT /api/team/mail-templates', { body: templates })
  }

  private online(): { url: string; token: string } {
    return this.session.signedIn('Support mailboxes are kept by the desk server: sign in to one to set them up.')
  }
}
