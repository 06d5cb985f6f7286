import type { SearchHit } from '../../../shared/domain'

/** Matched words in bold; every segment is text, so nothing in a ticket can become markup. */
export function Snippet({ segments }: { segments: SearchHit['snippet'] }) {
  return (
    <span className="snippet">
      {segments.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </span>
  )
}

/** A search hit the desk does not hold: an older ticket on the desk server, fetched when opened. */
export function OnServerTag({ hit }: { hit: Pick<SearchHit, 'onServer'> }) {
  if (!hit.onServer) return null
  return (
    <span className="on-server" title="An older ticket kept on the desk server: opening it fetches it to this desk.">
      on server
    </span>
  )
}
