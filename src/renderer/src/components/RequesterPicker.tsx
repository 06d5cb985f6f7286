import { useEffect, useId, useState } from 'react'
import type { Person, RequesterRef } from '../../../shared/domain'
import { call } from '../api'
import { comboboxInput, comboboxKeys } from '../combobox'

interface Props {
  onChange(ref: RequesterRef | null): void
  error?: string | undefined
}

/** Type-ahead over the desk's people; a name nobody matches becomes a new requester. */
export function RequesterPicker({ onChange, error }: Props) {
  const listId = useId()
  const [text, setText] = useState('')
  const [found, setFound] = useState<{ query: string; people: Person[] }>({ query: '', people: [] })
  const [dismissed, setDismissed] = useState('')
  const [active, setActive] = useState(0)
  const [chosen, setChosen] = useState<Person | null>(null)
  const query = text.trim()
  const searching = !chosen && query.length >= 2

  useEffect(() => {
    if (!searching) return
    let stale = false
    void call('people.search', { query }).then(
      (people) => {
        if (stale) return
        setFound({ query, people })
        setActive(0)
      },
      () => undefined
    )
    return () => {
      stale = true
    }
  }, [query, searching])

  // Only results for what is typed now, and not after Escape closed them.
  const matches = searching && found.query === query && dismissed !== query ? found.people : []

  const choose = (person: Person) => {
    setChosen(person)
    setText(person.name)
    onChange({ id: person.id })
  }

  const open = matches.length > 0
  const list = { listId, count: matches.length, active, setActive, pick: () => choose(matches[active]!) }
  return (
    <div className="field combobox">
      <label htmlFor={`${listId}-input`}>Requester</label>
      <input
        id={`${listId}-input`}
        {...comboboxInput(list)}
        aria-invalid={error ? true : undefined}
        value={text}
        placeholder="Name or email"
        onChange={(event) => {
          const value = event.target.value
          setText(value)
          setChosen(null)
          onChange(value.trim() ? { name: value.trim() } : null)
        }}
        // Its own keys in place of the spread's: none while the list is closed, and Escape closes it.
        onKeyDown={(event) => {
          if (!open) return
          if (event.key === 'Escape') {
            event.preventDefault()
            event.stopPropagation()
            setDismissed(query)
          } else comboboxKeys(event, list)
        }}
      />
      {open && (
        <ul id={listId} role="listbox" className="options">
          {matches.map((person, index) => (
            <li
              key={person.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault()
                choose(person)
              }}
            >
              <span>{person.name}</span>
              {person.vip && <span className="vip">VIP</span>}
              <span className="hint">{[person.department, person.email].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
        </ul>
      )}
      {chosen ? (
        <p className="hint">
          {[chosen.department, chosen.email].filter(Boolean).join(' · ')}
        </p>
      ) : (
        text.trim().length > 1 && !open && <p className="hint">New requester “{text.trim()}” will be added.</p>
      )}
      {error && <p className="field-error">{error}</p>}
    </div>
  )
}
