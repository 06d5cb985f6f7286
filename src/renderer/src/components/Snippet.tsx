import type { SearchHit } from '../../../shared/domain'

/** Matched words in bold; every segment is text, so nothing in a ticket can become markup. */
export function Snippet({ segments }: { segments: SearchHit['snippet'] }) {
  return (
    <span className="snippet">
      {segments.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </span>
  )
}
