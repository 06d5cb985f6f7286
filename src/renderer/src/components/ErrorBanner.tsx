import { useConsole } from '../state/console-store'

export function ErrorBanner() {
  const error = useConsole((s) => s.error)
  const dismiss = useConsole((s) => s.dismissError)
  if (!error) return null
  return (
    <div className="banner error" role="alert">
      <span>{error.message}</span>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  )
}
