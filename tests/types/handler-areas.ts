/**
 * Compile-time proof that the handler table is checked against the contract: `npm run typecheck`
 * (part of `npm test`) fails if any line marked @ts-expect-error stops being an error.
 */
import type { AreaHandlers } from '../../src/main/core/handlers/handler-types'
import { combineHandlers } from '../../src/main/core/handlers/combine-handlers'

const drafts: AreaHandlers<'drafts'> = {
  'drafts.get': () => null,
  'drafts.save': () => ({ kept: true }),
  'drafts.clear': () => ({}),
  'drafts.list': () => ({ ticketIds: [] })
}

// @ts-expect-error a method of the area left out
export const missingMethod: AreaHandlers<'drafts'> = { 'drafts.get': () => null, 'drafts.save': () => ({ kept: true }), 'drafts.clear': () => ({}) }

export const extraMethod: AreaHandlers<'drafts'> = {
  ...drafts,
  // @ts-expect-error a method the contract does not have
  'drafts.purge': () => ({})
}

export const otherAreasMethod: AreaHandlers<'drafts'> = {
  ...drafts,
  // @ts-expect-error another area's method
  'tickets.get': () => null
}

// @ts-expect-error an area left out: every other area is missing here
export const missingArea = () => combineHandlers({ drafts })
