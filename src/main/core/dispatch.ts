import { contract, isMethod, type Method, type MethodOutput } from '../../shared/contract'
import { DeskError, issuesFrom, type Result } from '../../shared/errors'
import type { Handlers } from './handlers/handler-types'

export type Dispatch = (method: unknown, input: unknown) => Promise<Result<unknown>>

/**
 * The door every host (ipc, browser host, tests) goes through: the method must exist, the input must
 * parse, the output must match the contract. Failures come back as typed errors, never as throws.
 */
export function createDispatch(handlers: Handlers, log: (message: string, error: unknown) => void = console.error): Dispatch {
  return async (method, input) => {
    if (!isMethod(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${String(method).slice(0, 80)}` } }
    }
    const spec = contract[method]
    const parsed = spec.input.safeParse(input ?? {})
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `Invalid input for ${method}.`, issues: issuesFrom(parsed.error) }
      }
    }
    try {
      const handler = handlers[method] as (input: unknown) => MethodOutput<Method> | Promise<MethodOutput<Method>>
      const output = spec.output.safeParse(await handler(parsed.data))
      if (!output.success) {
        log(`${method} produced output outside the contract`, output.error)
        return { ok: false, error: { code: 'INTERNAL', message: `${method} failed inside Frontline.` } }
      }
      return { ok: true, value: output.data }
    } catch (error) {
      if (error instanceof DeskError) return { ok: false, error: error.toAppError() }
      log(`${method} failed`, error)
      return { ok: false, error: { code: 'INTERNAL', message: `${method} failed inside Frontline.` } }
    }
  }
}
