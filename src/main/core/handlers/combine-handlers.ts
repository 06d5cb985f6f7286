import type { Area, AreaHandlers, Handlers } from './handler-types'

/**
 * Every area's handlers as one table. The parameter's type lists every contract prefix, and each area
 * file answers exactly its prefix's methods, so a method missing or extra anywhere is a type error.
 */
export function combineHandlers(areas: { [A in Area]: AreaHandlers<A> }): Handlers {
  return Object.assign({}, ...Object.values(areas)) as Handlers
}
