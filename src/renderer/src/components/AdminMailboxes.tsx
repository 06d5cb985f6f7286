import { useCallback, useEffect, useState } from 'react'
import { notificationKinds, type MailboxInfo, type MailboxInput, type MailTemplates, type NotificationKind, type QuarantinedMail } from '../../../shared/mail'
import type { TeamGroup } from '../../../shared/team'
import { fillTemplate, outgoingMail } from '../../../shared/templates'
import { call } from '../api'
import { errorFor, fieldErrors } from '../field-errors'
import { useSettingsSave } from '../settings-save'
import { useSession } from '../state/session-store'

type Data = { mailboxes: MailboxInfo[]; quarantine: QuarantinedMail[] }

/**
 * The support mailboxes (admins): where requesters write, how the desk server reads them (IMAP) and
 * answers from them (SMTP), the group their new tickets land in, whether each is being read now, and
 * the mail set aside with the reason.
 */
export function AdminMailboxes({ groups }: { groups: TeamGroup[] }) {
  const [data, setData] = useState<Data | null>(null)
  const [editing, setEditing] = useState<MailboxInfo | 'new' | null>(null)
  const load = useCallback(() => call('mail.mailboxes', {}).then(setData, useSession.getState().notify), [])
  useEffect(() => void load(), [load])
  if (!data) return <p className="hint">Loading the mailboxes…</p>
  return (
    <div className="admin-directories">
      {data.mailboxes.length === 0 && <p className="empty">No support mailbox yet. Add one so mail to the desk becomes tickets and replies reach requesters.</p>}
      {data.mailboxes.map((m) => (
        <article key={m.id} className="directory-card" aria-label={m.name}>
          <h3>
            {m.name} <span className="hint">{m.address}</span>
          </h3>
          <p>
            {m.connected ? 'Reading now' : m.error ? `Not reading: ${m.error}` : 'Not being read'} · IMAP {m.host}:{m.port}/{m.folder}
            {m.auth === 'oauth2' ? ' with OAuth2 tokens' : ''} · {m.smtp ? `replies via ${m.smtp.host}:${m.smtp.port}` : 'no outgoing server: replies are not sent'}
          </p>
          <p className="hint">
            {m.lastUid.toLocaleString()} messages read{m.quarantined ? ` · ${m.quarantined} set aside` : ''}
          </p>
          <button type="button" onClick={() => setEditing(m)}>
            Edit…
          </button>
        </article>
      ))}
      <button type="button" onClick={() => setEditing('new')}>
        Add a mailbox…
      </button>
      {editing && (
        <MailboxForm
          mailbox={editing === 'new' ? null : editing}
          groups={groups}
          onDone={(next) => {
            if (next) setData(next)
            setEditing(null)
          }}
        />
      )}
      <MailTemplatesForm />
      <h3>Mail set aside</h3>
      {data.quarantine.length === 0 ? (
        <p className="hint">Nothing: every message was read.</p>
      ) : (
        <table className="fleet-table">
          <caption className="visually-hidden">Mail the desk server could not take, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Mailbox</th>
              <th scope="col">From</th>
              <th scope="col">Subject</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {data.quarantine.map((q) => (
              <tr key={q.id}>
                <td>{new Date(q.at).toLocaleString()}</td>
                <td>{q.mailbox}</td>
                <td>{q.sender ?? '—'}</td>
                <td>{q.subject ?? '—'}</td>
                <td>{q.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

/** Where Microsoft 365 and Gmail take mail and tokens: filled in for the admin, who adds the app's own ID and secret. */
const providers = {
  microsoft: (grant: 'refresh_token' | 'client_credentials') => ({
    host: 'outlook.office365.com',
    port: '993',
    tls: true,
    smtpHost: 'smtp.office365.com',
    smtpPort: '587',
    smtpSecurity: 'starttls' as const,
    tokenUrl: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token',
    scope: grant === 'client_credentials' ? 'https://outlook.office365.com/.default' : 'https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send offline_access'
  }),
  google: {
    host: 'imap.gmail.com',
    port: '993',
    tls: true,
    smtpHost: 'smtp.gmail.com',
    smtpPort: '465',
    smtpSecurity: 'tls' as const,
    tokenUrl: 'https://oauth2.googleapis.com/token',
    grant: 'refresh_token' as const,
    scope: 'https://mail.google.com/'
  }
}

function MailboxForm({ mailbox, groups, onDone }: { mailbox: MailboxInfo | null; groups: TeamGroup[]; onDone(next: Data | null): void }) {
  const [form, setForm] = useState({
    name: mailbox?.name ?? 'Service Desk',
    address: mailbox?.address ?? '',
    host: mailbox?.host ?? '',
    port: String(mailbox?.port ?? 993),
    tls: mailbox?.tls ?? true,
    username: mailbox?.username ?? '',
    password: '',
    folder: mailbox?.folder ?? 'INBOX',
    groupId: mailbox?.groupId ?? '',
    pollSeconds: String(mailbox?.pollSeconds ?? 60),
    smtpHost: mailbox?.smtp?.host ?? '',
    smtpPort: String(mailbox?.smtp?.port ?? 587),
    smtpSecurity: mailbox?.smtp?.security ?? ('starttls' as const),
    smtpUsername: mailbox?.smtp?.username ?? '',
    smtpPassword: '',
    auth: mailbox?.auth ?? ('password' as 'password' | 'oauth2'),
    tokenUrl: mailbox?.oauth2?.tokenUrl ?? '',
    grant: mailbox?.oauth2?.grant ?? ('refresh_token' as 'refresh_token' | 'client_credentials'),
    clientId: mailbox?.oauth2?.clientId ?? '',
    clientSecret: '',
    refreshToken: '',
    scope: mailbox?.oauth2?.scope ?? ''
  })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const set = (part: Partial<typeof form>) => setForm({ ...form, ...part })
  const save = async () => {
    const input: MailboxInput = {
      name: form.name,
      address: form.address,
      host: form.host,
      port: Number(form.port),
      tls: form.tls,
      username: form.username,
      auth: form.auth,
      ...(form.auth === 'password' && form.password ? { password: form.password } : {}),
      oauth2:
        form.auth === 'oauth2'
          ? {
              tokenUrl: form.tokenUrl,
              grant: form.grant,
              clientId: form.clientId,
              scope: form.scope,
              ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
              ...(form.grant === 'refresh_token' && form.refreshToken ? { refreshToken: form.refreshToken } : {})
            }
          : null,
      folder: form.folder,
      groupId: form.groupId || null,
      pollSeconds: Number(form.pollSeconds),
      smtp: form.smtpHost
        ? {
            host: form.smtpHost,
            port: Number(form.smtpPort),
            security: form.smtpSecurity,
            ...(form.smtpUsername ? { username: form.smtpUsername } : {}),
            ...(form.auth === 'password' && form.smtpPassword ? { password: form.smtpPassword } : {})
          }
        : null
    }
    try {
      onDone(await call('mail.saveMailbox', { ...(mailbox ? { id: mailbox.id } : {}), mailbox: input }))
    } catch (error) {
      setErrors(fieldErrors(error))
    }
  }
  const text = (label: string, name: keyof typeof form, path: string, type = 'text') => (
    <label className="field">
      {label}
      <input type={type} value={String(form[name])} onChange={(e) => set({ [name]: e.target.value })} aria-invalid={Boolean(errorFor(errors, path))} autoComplete={type === 'password' ? 'new-password' : 'off'} />
      {errorFor(errors, path) && <span className="field-error">{errorFor(errors, path)}</span>}
    </label>
  )
  return (
    <form
      className="admin-policies directory-form"
      aria-label={mailbox ? `Edit ${mailbox.name}` : 'New mailbox'}
      // The mailbox schema says what is wrong beside each field.
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <h3>{mailbox ? `Edit ${mailbox.name}` : 'New mailbox'}</h3>
      {text('Mailbox name', 'name', 'name')}
      {text('Support address', 'address', 'address', 'email')}
      <fieldset>
        <legend>Reading (IMAP)</legend>
        {text('IMAP server', 'host', 'host')}
        {text('IMAP port', 'port', 'port', 'number')}
        <label className="check">
          <input type="checkbox" checked={form.tls} onChange={(e) => set({ tls: e.target.checked })} /> TLS (IMAPS)
        </label>
        {errorFor(errors, 'tls') && <span className="field-error">{errorFor(errors, 'tls')}</span>}
        {text('IMAP user', 'username', 'username')}
        <label className="field">
          Sign in with
          <select value={form.auth} onChange={(e) => set({ auth: e.target.value as 'password' | 'oauth2' })}>
            <option value="password">The mailbox password</option>
            <option value="oauth2">OAuth2 access tokens (Microsoft 365, Gmail)</option>
          </select>
        </label>
        {form.auth === 'password' && text(mailbox?.auth === 'password' ? 'IMAP password (leave empty to keep the stored one)' : 'IMAP password', 'password', 'password', 'password')}
        {form.auth === 'oauth2' && (
          <fieldset>
            <legend>Token source</legend>
            <p className="hint">
              Fill in for{' '}
              <button type="button" className="link" onClick={() => set(providers.microsoft(form.grant))}>
                Microsoft 365
              </button>{' '}
              or{' '}
              <button type="button" className="link" onClick={() => set(providers.google)}>
                Gmail
              </button>
              , then add the app registered there. The server gets a fresh token itself, and sends with it too.
            </p>
            {text('Token endpoint', 'tokenUrl', 'oauth2.tokenUrl', 'url')}
            <label className="field">
              Grant
              <select value={form.grant} onChange={(e) => set({ grant: e.target.value as 'refresh_token' | 'client_credentials' })}>
                <option value="refresh_token">Refresh token (someone consented for the mailbox once)</option>
                <option value="client_credentials">Client credentials (the tenant’s admin allowed the app)</option>
              </select>
            </label>
            {text('Client ID', 'clientId', 'oauth2.clientId')}
            {text(mailbox?.auth === 'oauth2' ? 'Client secret (leave empty to keep the stored one)' : 'Client secret', 'clientSecret', 'oauth2.clientSecret', 'password')}
            {form.grant === 'refresh_token' && text(mailbox?.auth === 'oauth2' ? 'Refresh token (leave empty to keep the stored one)' : 'Refresh token', 'refreshToken', 'oauth2.refreshToken', 'password')}
            {text('Scope', 'scope', 'oauth2.scope')}
          </fieldset>
        )}
        {text('Folder', 'folder', 'folder')}
        {text('Check at least every (seconds)', 'pollSeconds', 'pollSeconds', 'number')}
      </fieldset>
      <label className="field">
        New tickets go to
        <select value={form.groupId} onChange={(e) => set({ groupId: e.target.value })}>
          <option value="">The first-line group</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name} ({g.tier})
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Replies (SMTP; leave the server empty to not send)</legend>
        {text('SMTP server', 'smtpHost', 'smtp.host')}
        {text('SMTP port', 'smtpPort', 'smtp.port', 'number')}
        <label className="field">
          Security
          <select value={form.smtpSecurity} onChange={(e) => set({ smtpSecurity: e.target.value as 'tls' | 'starttls' | 'none' })} aria-invalid={Boolean(errorFor(errors, 'smtp.security'))}>
            <option value="starttls">STARTTLS</option>
            <option value="tls">TLS</option>
            <option value="none">None (this machine only)</option>
          </select>
          {errorFor(errors, 'smtp.security') && <span className="field-error">{errorFor(errors, 'smtp.security')}</span>}
        </label>
        {text('SMTP user (optional)', 'smtpUsername', 'smtp.username')}
        {form.auth === 'password' ? text('SMTP password', 'smtpPassword', 'smtp.password', 'password') : <p className="hint">Sends with the mailbox’s access token (XOAUTH2).</p>}
      </fieldset>
      {errors.form && (
        <p role="alert" className="field-error">
          {errors.form}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Save mailbox
        </button>
      </div>
    </form>
  )
}

/** A ticket to preview the wording on: the values the server fills in for a real one. */
const sample: Record<string, string> = {
  'requester.firstName': 'Maria',
  'requester.name': 'Maria Ortiz',
  'ticket.number': 'INC-1042',
  'ticket.subject': 'Outlook keeps asking for my password',
  'agent.name': 'Priya Nair',
  'reply.text': 'I have reset your Outlook profile. Please restart Outlook and tell me if it still asks.',
  'reply.eta': 'Thursday 3 December at 14:00 CET',
  'satisfaction.link': 'https://desk.corp.example/satisfaction/…'
}

/** The mail as it would leave, filled in for the sample ticket by the same functions the server uses; text only. */
function MailPreview({ template, signature, label }: { template: { subject: string; body: string }; signature: string; label: string }) {
  const mail = outgoingMail({ subject: fillTemplate(template.subject, sample), body: fillTemplate(template.body, sample) }, sample['ticket.number']!, signature)
  return (
    <details className="mail-preview">
      <summary>Preview</summary>
      <figure aria-label={label}>
        <p className="mail-preview-subject">{mail.subject}</p>
        <pre className="mail-preview-body">{mail.body}</pre>
      </figure>
    </details>
  )
}

const templateLabel: Record<NotificationKind, string> = {
  acknowledge: 'Acknowledgement (a request by mail is logged)',
  update: 'Update (a reply with an Expected by)',
  waiting: 'Waiting on you (pending on the requester)',
  resolved: 'Resolved (with the satisfaction link)',
  reopened: 'Reopened'
}

/** The wording of the mail the desk sends on its own, each on or off; the placeholders are filled per ticket. */
export function MailTemplatesForm() {
  const [draft, setDraft] = useState<MailTemplates | null>(null)
  // Submitted only from the form, which shows once the templates are here.
  const { errors, saved, onSubmit } = useSettingsSave(async () => setDraft(await call('mail.saveTemplates', draft!)))
  useEffect(() => void call('mail.templates', {}).then(setDraft, useSession.getState().notify), [])
  if (!draft) return null
  const edit = (kind: NotificationKind, part: Partial<MailTemplates['templates'][NotificationKind]>) => setDraft({ ...draft, templates: { ...draft.templates, [kind]: { ...draft.templates[kind], ...part } } })
  return (
    <form
      className="admin-policies"
      aria-label="Mail to requesters"
      onSubmit={onSubmit}
    >
      <h3>Mail to requesters</h3>
      <p className="hint">Placeholders: {'{requester.firstName}'}, {'{ticket.number}'}, {'{ticket.subject}'}, {'{agent.name}'}, {'{reply.text}'}, {'{reply.eta}'}, {'{satisfaction.link}'}. Every subject starts with the ticket’s [number].</p>
      {notificationKinds.map((kind) => (
        <fieldset key={kind}>
          <legend>{templateLabel[kind]}</legend>
          <label className="check">
            <input type="checkbox" checked={draft.templates[kind].enabled} onChange={(e) => edit(kind, { enabled: e.target.checked })} /> Send it
          </label>
          <label className="field">
            Subject
            <input value={draft.templates[kind].subject} onChange={(e) => edit(kind, { subject: e.target.value })} aria-invalid={Boolean(errorFor(errors, `templates.${kind}.subject`))} />
            {errorFor(errors, `templates.${kind}.subject`) && <span className="field-error">{errorFor(errors, `templates.${kind}.subject`)}</span>}
          </label>
          <label className="field">
            Text
            <textarea rows={4} value={draft.templates[kind].body} onChange={(e) => edit(kind, { body: e.target.value })} aria-invalid={Boolean(errorFor(errors, `templates.${kind}.body`))} />
            {errorFor(errors, `templates.${kind}.body`) && <span className="field-error">{errorFor(errors, `templates.${kind}.body`)}</span>}
          </label>
          <MailPreview template={draft.templates[kind]} signature={draft.signature} label={`${templateLabel[kind]}, as Maria would read it`} />
        </fieldset>
      ))}
      <label className="field">
        Signature
        <textarea rows={3} value={draft.signature} onChange={(e) => setDraft({ ...draft, signature: e.target.value })} />
      </label>
      <MailPreview template={{ subject: '{ticket.subject}', body: sample['reply.text']! }} signature={draft.signature} label="A reply, as Maria would read it" />
      {saved && <p role="status">Saved. The next mail uses it.</p>}
      <div className="dialog-actions">
        <button type="submit" className="primary">
          Save mail templates
        </button>
      </div>
    </form>
  )
}
