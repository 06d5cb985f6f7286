import { useSyncExternalStore } from 'react'

// One timer for every countdown on screen: badges re-read the clock every 20 s, so an idle console
// still turns a ticket amber or red on time, without re-asking the desk.
const listeners = new Set<() => void>()
let now = Date.now()
let timer: ReturnType<typeof setInterval> | null = null

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (!timer) {
    // The first reader after an idle spell: catch up at once, then tick.
    now = Date.now()
    timer = setInterval(() => {
      now = Date.now()
      for (const l of listeners) l()
    }, 20_000)
    listener()
  }
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
  // The snapshot is the stored instant only, so React sees the same value until the ticker moves it.
  return useSyncExternalStore(subscribe, () => now)
}
