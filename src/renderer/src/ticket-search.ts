import { useEffect, useState } from 'react'
import type { SearchHit } from '../../shared/domain'
import { call } from './api'

/**
 * Ticket search as the technician types: asked once they pause, and only hits for the words typed
 * now are returned (a slower answer for older words is dropped). Fewer than two letters: nothing.
 */
export function useTicketSearch(text: string, limit = 8, pauseMs = 100): SearchHit[] {
  const query = text.trim()
  const [found, setFound] = useState<{ query: string; hits: SearchHit[] }>({ query: '', hits: [] })
  useEffect(() => {
    if (query.length < 2) return
    let stale = false
    const timer = setTimeout(() => {
      void call('tickets.search', { query, limit }).then(
        (hits) => !stale && setFound({ query, hits }),
        () => undefined
      )
    }, pauseMs)
    return () => {
      stale = true
      clearTimeout(timer)
    }
  }, [query, limit, pauseMs])
  return query.length >= 2 && found.query === query ? found.hits : []
}
