import { EventEmitter } from 'node:events'
import type { EventName, EventPayload } from '../../../shared/contract'

export type Dispose = () => void

/** A typed event bus; every subscription returns the function that undoes it. */
export class DeskEvents {
  private readonly emitter = new EventEmitter()

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload)
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Dispose {
    this.emitter.on(event, listener)
    return () => this.emitter.off(event, listener)
  }

  listenerCount(event: EventName): number {
    return this.emitter.listenerCount(event)
  }
}
