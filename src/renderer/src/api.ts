import type { Method, MethodInput, MethodOutput } from '../../shared/contract'
import { DeskError } from '../../shared/errors'

/** Calls the core and unwraps the envelope: the value, or a DeskError carrying the typed error. */
export async function call<M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await window.frontline.invoke(method, input)
  if (result.ok) return result.value
  throw new DeskError(result.error.code, result.error.message, result.error.issues)
}
