import { useState, type ReactNode } from 'react'
import { fieldErrors } from '../field-errors'
import { useSession } from '../state/session-store'
import { useTicket } from '../state/ticket-store'

/**
 * Changes to a ticket's record (a problem's, a change's): a refused one leaves its field errors and is
 * said; one that went through clears them and reads the ticket again. True when it went through.
 */
export function useRecordChange(ticketId: string) {
  const [errors, setErrors] = useState<Record<string, string>>({})
  const change = async (work: () => Promise<unknown>): Promise<boolean> => {
    try {
      await work()
      setErrors({})
      await useTicket.getState().open(ticketId)
      return true
    } catch (error) {
      setErrors(fieldErrors(error))
      useSession.getState().notify(error)
      return false
    }
  }
  return { errors, change }
}

/** The frame of a ticket's record: its name and state, its fields, Save, then whatever it offers after. */
export function RecordForm({ label, state, onSave, after, children }: { label: string; state: string; onSave(): void; after?: ReactNode; children: ReactNode }) {
  return (
    <form
      className="problem-record"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault()
        onSave()
      }}
    >
      <h2>
        {label} <span className="badge">{state}</span>
      </h2>
      {children}
      <div className="dialog-actions">
        <button type="submit">Save the record</button>
      </div>
      {after}
    </form>
  )
}
