import type { EventInput, EventName } from '../../src-preload/contract'
import { events } from '../../src-preload/contract'

type Listener = (event: EventName, payload: unknown) => void

/** Fans main's push events out to every transport; payloads are checked against the contract first. */
export class EventHub {
  private readonly listeners = new Set<Listener>()

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit<E extends EventName>(event: E, payload: EventInput<E>): void {
    const checked = events[event].parse(payload)
    for (const l of this.listeners) l(event, checked)
  }
}
