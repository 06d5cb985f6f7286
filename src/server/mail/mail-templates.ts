import type { Pool } from 'pg'
import type { MailTemplates } from '../../shared/mail'
import type { Caller } from '../accounts'
import { inChangeOrder } from '../assets'
import { audit, putSetting } from '../team-records'

/** An admin's wording of the mail the desk sends on its own, whole; the next message uses it. */
export async function saveMailTemplates(pool: Pool, actor: Caller, templates: MailTemplates): Promise<MailTemplates> {
  await inChangeOrder(pool, async (client) => {
    await putSetting(client, 'mail', templates)
    await audit(client, actor.account.id, 'mail.templates', 'mail to requesters', { enabled: Object.fromEntries(Object.entries(templates.templates).map(([k, t]) => [k, t.enabled])) })
    return { value: undefined, changed: true }
  })
  return templates
}
