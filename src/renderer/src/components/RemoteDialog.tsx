import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { Ticket } from '../../../shared/domain'
import type { RemoteClients, RemotePlan, RemoteProtocol, RemoteTargets } from '../../../shared/remote'
import { call } from '../api'
import { asAppError, useSession } from '../state/session-store'
import { CustomToolEditor } from './CustomToolEditor'
import { DialogActions, FormDialog } from './FormDialog'

const protocolLabel: Record<RemoteProtocol, string> = { rdp: 'Remote Desktop (RDP)', vnc: 'VNC', ssh: 'SSH', vendor: 'Vendor tool (by ID)' }
const targetHint: Record<RemoteProtocol, string> = {
  rdp: 'Host name or IP address, with :port if not 3389',
  vnc: 'Host name or IP address, with :port if not 5900',
  ssh: 'user@host, or just the host',
  vendor: 'The ID the user reads out from their screen'
}

/**
 * Connect to the user's machine from the ticket: pick the protocol, the tool (only ones installed
 * here), the target (offered from the ticket's machines), then confirm exactly what will start.
 * The main process checks the target again and refuses it with the reason shown under the field.
 */
export function RemoteDialog({ ticket, open, onOpenChange }: { ticket: Ticket; open: boolean; onOpenChange(open: boolean): void }) {
  const inform = useSession((s) => s.inform)
  const notify = useSession((s) => s.notify)
  const [clients, setClients] = useState<RemoteClients | null>(null)
  const [targets, setTargets] = useState<RemoteTargets>([])
  const [protocol, setProtocol] = useState<RemoteProtocol>('rdp')
  const [clientId, setClientId] = useState('')
  const [target, setTarget] = useState('')
  const [user, setUser] = useState('')
  const [refusal, setRefusal] = useState<string | null>(null)
  const [plan, setPlan] = useState<RemotePlan | null>(null)
  const [busy, setBusy] = useState(false)
  const picked = useRef(false)

  useEffect(() => {
    void Promise.all([call('remote.clients', {}), call('remote.targets', { id: ticket.id })]).then(([found, known]) => {
      setClients(found)
      setTargets(known)
      // Defaults only: a protocol the technician picked while the clients were being looked up stays picked.
      if (picked.current) return
      const first = found.clients[0]
      if (first) setProtocol(first.protocol)
      if (known[0]) setTarget(known[0].value)
    }, notify)
  }, [ticket.id, notify])
  const reloadClients = () => void call('remote.clients', {}).then(setClients, notify)

  const choices = clients?.clients.filter((c) => c.protocol === protocol) ?? []
  const chosen = choices.find((c) => c.id === clientId) ?? choices[0]
  const request = () => ({ ticketId: ticket.id, clientId: chosen!.id, protocol, target: target.trim(), ...(protocol === 'rdp' && user.trim() ? { user: user.trim() } : {}) })

  const review = async (event: FormEvent) => {
    event.preventDefault()
    if (!chosen) return
    setRefusal(null)
    try {
      setPlan(await call('remote.plan', request()))
    } catch (error) {
      setRefusal(asAppError(error).message)
    }
  }

  const connect = async () => {
    setBusy(true)
    try {
      const session = await call('remote.launch', request())
      inform(`${session.plan.summary}: started, and logged on ${ticket.number}.`)
      onOpenChange(false)
    } catch (error) {
      setPlan(null)
      setRefusal(asAppError(error).message)
    } finally {
      setBusy(false)
    }
  }

  if (plan) {
    return (
      <FormDialog title="Start this remote session?" open={open} onOpenChange={onOpenChange}>
        <div className="confirm-remote">
          <p>
            Connect to <strong className="mono">{plan.target}</strong>
            {plan.user && (
              <>
                {' '}
                as <strong className="mono">{plan.user}</strong>
              </>
            )}{' '}
            with <strong>{plan.tool}</strong>?
          </p>
          <p className="muted">The session is logged on {ticket.number}: when it started, and how long it lasted once the tool closes.</p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setPlan(null)}>
              Back
            </button>
            {/* The client has a moment to fail before its session counts as started. */}
            <button type="button" className="primary" disabled={busy} onClick={() => void connect()} autoFocus>
              {busy ? 'Starting…' : 'Connect'}
            </button>
          </div>
        </div>
      </FormDialog>
    )
  }

  return (
    <FormDialog title={`Remote session for ${ticket.number}`} open={open} onOpenChange={onOpenChange}>
      <form onSubmit={(e) => void review(e)} noValidate>
        <div className="field">
          <label htmlFor="remote-protocol">Connect by</label>
          <select
            id="remote-protocol"
            value={protocol}
            onChange={(e) => {
              const next = e.target.value as RemoteProtocol
              picked.current = true
              // A vendor ID is never a host name: the machine suggestions are for the other three.
              if ((next === 'vendor') !== (protocol === 'vendor')) setTarget(next === 'vendor' ? '' : (targets[0]?.value ?? ''))
              setProtocol(next)
              setClientId('')
              setRefusal(null)
            }}
          >
            {(Object.keys(protocolLabel) as RemoteProtocol[]).map((p) => (
              <option key={p} value={p}>
                {protocolLabel[p]}
              </option>
            ))}
          </select>
        </div>
        {clients && !chosen ? (
          <p className="field-error" role="status">
            No {protocolLabel[protocol]} client is installed on this machine. {clients.missing[protocol]}
          </p>
        ) : (
          <div className="field">
            <label htmlFor="remote-tool">Tool</label>
            <select id="remote-tool" value={chosen?.id ?? ''} onChange={(e) => setClientId(e.target.value)} disabled={!clients}>
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="remote-target">{protocol === 'vendor' ? 'ID' : 'Target'}</label>
          <input
            id="remote-target"
            className="mono"
            list={protocol === 'vendor' ? undefined : 'remote-targets'}
            value={target}
            placeholder={targetHint[protocol]}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={refusal ? true : undefined}
            aria-describedby={refusal ? 'remote-refusal' : undefined}
            onChange={(e) => {
              setTarget(e.target.value)
              setRefusal(null)
            }}
          />
          <datalist id="remote-targets">
            {targets.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </datalist>
          {refusal && (
            <p className="field-error" id="remote-refusal" role="alert">
              {refusal}
            </p>
          )}
        </div>
        {protocol === 'rdp' && (
          <div className="field">
            <label htmlFor="remote-user">Sign in as (optional)</label>
            <input id="remote-user" className="mono" value={user} placeholder="CORP\olu" autoComplete="off" spellCheck={false} onChange={(e) => setUser(e.target.value)} />
            <p className="muted">The password is asked for by the client, never stored by Frontline.</p>
          </div>
        )}
        <DialogActions submit="Review…" disabled={!chosen || !target.trim()} />
      </form>
      {protocol === 'vendor' && <CustomToolEditor onSaved={reloadClients} />}
    </FormDialog>
  )
}
