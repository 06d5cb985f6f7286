import * as Dialog from '@radix-ui/react-dialog'
import { useEffect, useRef, useState, type ReactNode } from 'react'

/**
 * The shell every console dialog shares: overlay, focus trap, Escape to close, a title. With `discard`
 * (the question, e.g. "Discard this new ticket?"), once anything has been typed or picked in it,
 * closing it by Escape, Cancel or a click outside asks first, inside the dialog, so typed work is
 * never thrown away by one stray key; an untouched one closes at once.
 */
export function FormDialog({
  title,
  open,
  onOpenChange,
  discard = null,
  children
}: {
  title: string
  open: boolean
  onOpenChange(open: boolean): void
  discard?: string | null
  children: ReactNode
}) {
  const [asking, setAsking] = useState(false)
  // Set by the input event itself, so an Escape right after typing already knows there is work to lose.
  const [touched, setTouched] = useState(false)
  if ((!open || discard === null) && (touched || asking)) {
    setTouched(false)
    setAsking(false)
  }
  const ask = discard !== null && touched
  const stillAsking = asking && open && ask
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next && ask) {
          // A second Escape (or Cancel, or a click outside) while asking means "keep editing".
          setAsking(!stillAsking)
          return
        }
        setAsking(false)
        onOpenChange(next)
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content
          className="dialog"
          aria-describedby={undefined}
          onInput={() => setTouched(true)}
          onKeyDown={(event) => {
            // Ctrl+Enter submits from any field, textareas included.
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !stillAsking) {
              event.preventDefault()
              event.currentTarget.querySelector('form')?.requestSubmit()
            }
          }}
        >
          <Dialog.Title>{title}</Dialog.Title>
          <div className="dialog-body" inert={stillAsking}>
            {children}
          </div>
          {stillAsking && (
            <DiscardQuestion
              question={discard}
              onKeep={() => setAsking(false)}
              onDiscard={() => {
                setAsking(false)
                onOpenChange(false)
              }}
            />
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

/** "Discard this …?" over the form; Keep editing is the default, so Enter or Escape loses nothing. */
function DiscardQuestion({ question, onKeep, onDiscard }: { question: string; onKeep(): void; onDiscard(): void }) {
  const keep = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null
    keep.current?.focus()
    return () => back?.focus()
  }, [])
  return (
    <div className="discard-question" role="alertdialog" aria-modal="true" aria-labelledby="discard-question" aria-describedby="discard-detail">
      <p id="discard-question" className="discard-title">
        {question}
      </p>
      <p id="discard-detail" className="hint">
        What you typed here will be lost.
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={onDiscard}>
          Discard
        </button>
        <button ref={keep} type="button" className="primary" onClick={onKeep}>
          Keep editing
        </button>
      </div>
    </div>
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
