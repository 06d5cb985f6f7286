import { useEffect, useRef } from 'react'

/**
 * Counts a typed search once, when the person stops typing for a moment or leaves, so the
 * knowledge report's gaps are what people looked for, not every prefix of it ("v", "vp", "vpn").
 */
export function useSearchLog(text: string, record: (text: string) => void, idleMs = 1_500): void {
  const pending = useRef<string | null>(null)
  const logged = useRef('')
  const recordRef = useRef(record)
  useEffect(() => {
    recordRef.current = record
  }, [record])

  useEffect(() => {
    const typed = text.trim()
    if (!typed || typed === logged.current) {
      pending.current = null
      return
    }
    pending.current = typed
    const timer = setTimeout(() => {
      pending.current = null
      logged.current = typed
      recordRef.current(typed)
    }, idleMs)
    return () => clearTimeout(timer)
  }, [text, idleMs])

  // Leaving (another view, another ticket) counts what was last typed.
  useEffect(
    () => () => {
      if (pending.current) recordRef.current(pending.current)
    },
    []
  )
}
