import { useSyncExternalStore } from 'react'

// One timer for every countdown on screen: badges re-read the clock every 20 s, so an idle console
// still turns a ticket amber or red on time, without re-asking the desk.
const listeners = new Set<() => void>()
let now = Date.now()
let timer: ReturnType<typeof setInterval> | null = null

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  timer ??= setInterval(() => {
    now = Date.now()
    for (const l of listeners) l()
  }, 20_000)
  return () => {
    listeners.delete(listener)
    if (!listeners.size && timer) {
      clearInterval(timer)
      timer = null
    }
  }
}

/** This machine's clock, ticking while anything reads it. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => {
    // A fresh subscriber after a long idle spell must not show the stale instant.
    if (!timer) now = Date.now()
    return now
  })
}
