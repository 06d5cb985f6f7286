// Apart from the schemas in drafts.ts, so the console's first bundle reads it without zod.
import type { DraftFields } from './drafts'

/** A draft worth keeping has words or time in it; an emptied composer has none. */
export function draftHasContent(draft: Pick<DraftFields, 'body' | 'minutes'>): boolean {
  return draft.body.trim().length > 0 || draft.minutes !== null
}
