import { useEffect, useId, useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import type { Ticket } from '../../../shared/domain'
import { call } from '../api'
import { comboboxInput } from '../combobox'
import { useSession } from '../state/session-store'
import { FormDialog } from './FormDialog'

type Assignee = MethodOutput<'team.assignees'>[number]

/**
 * Finds a technician by typing (name or group), shows their groups and how many open tickets they
 * hold, and assigns by Enter or click. A technician outside the ticket's group takes it into their
 * own first group, so the ticket shows in the queue of the person holding it.
 */
export function AssigneePicker({ ticket, open, onClose, assign }: { ticket: Ticket; open: boolean; onClose(): void; assign(assigneeId: string | null, groupId?: string): Promise<void> }) {
  const listId = useId()
  const [people, setPeople] = useState<Assignee[]>([])
  const [text, setText] = useState('')
  const [active, setActive] = useState(0)
  const directory = useSession((s) => s.directory)
  // Mounted afresh for each opening (keyed by the caller), so the typed text starts empty.
  useEffect(() => {
    if (!open) return
    call('team.assignees', {}).then(setPeople, (e: unknown) => useSession.getState().notify(e))
  }, [open])

  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean)
  const matches = people.filter((p) => words.every((w) => p.name.toLowerCase().includes(w) || p.groups.some((g) => g.toLowerCase().includes(w))))
  const highlighted = Math.min(active, matches.length - 1)
  const choose = async (person: Assignee) => {
    const agent = directory?.agents.find((a) => a.id === person.id)
    const inGroup = !ticket.group || (agent?.groupIds ?? []).includes(ticket.group.id)
    await assign(person.id, inGroup ? undefined : (agent?.groupId ?? undefined))
    onClose()
  }
  return (
    <FormDialog title={`Assign ${ticket.number}`} open={open} onOpenChange={(o) => !o && onClose()}>
      <div className="field combobox">
        <label htmlFor={`${listId}-input`}>Technician</label>
        <input
          id={`${listId}-input`}
          {...comboboxInput({ listId, count: matches.length, active: highlighted, setActive, pick: () => void choose(matches[highlighted]!) })}
          placeholder="Name or group"
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setActive(0)
          }}
        />
        <ul id={listId} role="listbox" className="options static" aria-label="Technicians">
          {matches.map((p, index) => (
            <li
              key={p.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(e) => {
                e.preventDefault()
                void choose(p)
              }}
            >
              <span>{p.name}</span>
              <span className="hint">
                {p.groups.join(', ') || 'no group'} · {p.open} open
              </span>
            </li>
          ))}
          {matches.length === 0 && <li className="hint">Nobody on the team matches “{text.trim()}”.</li>}
        </ul>
      </div>
      <div className="dialog-actions">
        {ticket.assignee && (
          <button type="button" onClick={() => void assign(null).then(onClose)}>
            Unassign
          </button>
        )}
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </FormDialog>
  )
}
