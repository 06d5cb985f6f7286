import type { Method, MethodOutput, ParsedInput } from '../../../shared/contract'

export type Handler<M extends Method> = (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>

/** One handler per contract method; inputs arrive already validated (dispatch.ts). */
export type Handlers = { [M in Method]: Handler<M> }

type AreaOf<M> = M extends `${infer A}.${string}` ? A : never
/** A contract prefix: `tickets` of `tickets.create`. Each has one handler file in this folder. */
export type Area = AreaOf<Method>

/** One area's handlers: exactly the methods the contract names under its prefix, no more, no fewer. */
export type AreaHandlers<A extends Area> = { [M in Method as AreaOf<M> extends A ? M : never]: Handler<M> }

/** After a local write: every open console refreshes these tickets, and the change goes to the desk server soon. */
export type TicketsChanged = (ids: string[]) => void
