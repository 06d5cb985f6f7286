import type { KeyboardEvent } from 'react'

/** A type-ahead's list: the listbox's id (its rows are `${listId}-${index}`), how many rows, which is highlighted, and what picking it does. */
export interface ComboboxList {
  listId: string
  count: number
  active: number
  setActive(index: number): void
  pick(): void
}

/** Down and Up move the highlight within the list, Enter picks the highlighted row; other keys are left to the caller. */
export function comboboxKeys(event: KeyboardEvent, list: ComboboxList): void {
  if (event.key === 'ArrowDown') {
    event.preventDefault()
    list.setActive(Math.min(list.active + 1, list.count - 1))
  } else if (event.key === 'ArrowUp') {
    event.preventDefault()
    list.setActive(Math.max(list.active - 1, 0))
  } else if (event.key === 'Enter' && list.count > 0) {
    event.preventDefault()
    list.pick()
  }
}

/** The input of every type-ahead here (WAI-ARIA's combobox with a list): its wiring to the list, and the keys. */
export function comboboxInput(list: ComboboxList) {
  return {
    role: 'combobox',
    'aria-expanded': list.count > 0,
    'aria-controls': list.listId,
    'aria-autocomplete': 'list',
    'aria-activedescendant': list.count > 0 ? `${list.listId}-${list.active}` : undefined,
    autoComplete: 'off',
    onKeyDown: (event: KeyboardEvent) => comboboxKeys(event, list)
  } as const
}
