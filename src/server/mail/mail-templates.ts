import type { Pool } from 'pg'
import type { MailTemplates } from '../../shared/mail'
import type { Caller } from '../accounts'
import { inChangeOrder } from '../assets'
import { audit } from '../team-records'

/** An admin's wording of the mail the desk sends on its own, whole; the next message uses it. */
export async function saveMailTemplates(pool: Pool, actor: Caller, templates: MailTemplates): Promise<MailTemplates> {
  await inChangeOrder(pool, async (client) => {
    await client.query(
      "INSERT INTO team_settings (key, data, change_seq) VALUES ('mail', $1, nextval('change_seq')) ON CONFLICT (key) DO UPDATE SET data = excluded.data, change_seq = excluded.change_seq",
      [JSON.stringify(templates)]
    )
    await audit(client, actor.account.id, 'mail.templates', 'mail to requesters', { enabled: Object.fromEntries(Object.entries(templates.templates).map(([k, t]) => [k, t.enabled])) })
    return { value: undefined, changed: true }
  })
  return templates
}
