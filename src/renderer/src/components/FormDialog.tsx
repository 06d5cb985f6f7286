import * as Dialog from '@radix-ui/react-dialog'
import type { ReactNode } from 'react'

/** The shell every console dialog shares: overlay, focus trap, Escape to close, a title. */
export function FormDialog({ title, open, onOpenChange, children }: { title: string; open: boolean; onOpenChange(open: boolean): void; children: ReactNode }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content
          className="dialog"
          aria-describedby={undefined}
          onKeyDown={(event) => {
            // Ctrl+Enter submits from any field, textareas included.
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault()
              event.currentTarget.querySelector('form')?.requestSubmit()
            }
          }}
        >
          <Dialog.Title>{title}</Dialog.Title>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

/** Cancel and the submit button, in the order every dialog uses. */
export function DialogActions({ submit, disabled = false }: { submit: string; disabled?: boolean }) {
  return (
    <div className="dialog-actions">
      <Dialog.Close asChild>
        <button type="button">Cancel</button>
      </Dialog.Close>
      <button type="submit" className="primary" disabled={disabled}>
        {submit}
      </button>
    </div>
  )
}
