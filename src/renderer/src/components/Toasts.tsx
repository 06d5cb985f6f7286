import { useEffect } from 'react'
import { useSession, type Toast } from '../state/session-store'

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useSession((s) => s.dismiss)
  // Information fades; an error stays until read, because it says what to do.
  useEffect(() => {
    if (toast.tone !== 'info') return
    const timer = setTimeout(() => dismiss(toast.id), 5000)
    return () => clearTimeout(timer)
  }, [toast, dismiss])
  return (
    <div className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
      <div>
        <p className="toast-message">{toast.message}</p>
        {toast.hint && <p className="toast-hint">{toast.hint}</p>}
      </div>
      <button type="button" className="ghost" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  )
}

export function Toasts() {
  const toasts = useSession((s) => s.toasts)
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  )
}
