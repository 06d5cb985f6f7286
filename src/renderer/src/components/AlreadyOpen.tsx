import { useEffect, useState } from 'react'
import type { Ticket } from '../../../shared/domain'
import { call } from '../api'
import { useSession } from '../state/session-store'
import { useTicket } from '../state/ticket-store'

/**
 * Before a requester gets a second ticket for what they already reported: their open tickets whose
 * subject looks like this one, each a click away from adding to it instead.
 */
export function AlreadyOpen({ requesterId, subject }: { requesterId: string; subject: string }) {
  const [found, setFound] = useState<{ key: string; tickets: Ticket[] }>({ key: '', tickets: [] })
  const key = `${requesterId}|${subject.trim()}`
  useEffect(() => {
    if (subject.trim().length < 3) return
    let stale = false
    const timer = setTimeout(() => {
      void call('tickets.similarOpen', { requesterId, subject: subject.trim() }).then(
        (tickets) => !stale && setFound({ key, tickets }),
        () => undefined
      )
    }, 250)
    return () => {
      stale = true
      clearTimeout(timer)
    }
  }, [key, requesterId, subject])
  const tickets = found.key === key ? found.tickets : []
  if (tickets.length === 0) return null
  const open = async (id: string) => {
    useSession.getState().openDialog(null)
    await useTicket.getState().open(id)
  }
  return (
    <div className="already-open" role="status">
      {tickets.map((t) => (
        <p key={t.id}>
          {t.requester.name} already has <strong>{t.number}</strong> “{t.subject}” open —{' '}
          <button type="button" className="link" onClick={() => void open(t.id)}>
            add to it instead
          </button>
        </p>
      ))}
    </div>
  )
}
