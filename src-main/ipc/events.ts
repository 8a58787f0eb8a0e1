import type { EventInput, EventName } from '../../src-preload/contract'
import { events } from '../../src-preload/contract'
import type { DeviceEvent } from '../devices'

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

/** Where the device manager's events go: the hub, each checked against the contract like any other. */
export function deviceEventSink(hub: EventHub): (e: DeviceEvent) => void {
  return (e) => {
    switch (e.event) {
      case 'deviceChanged':
        return hub.emit('deviceChanged', e.payload)
      case 'monitorData':
        return hub.emit('monitorData', e.payload)
      case 'monitorStatus':
        return hub.emit('monitorStatus', e.payload)
    }
  }
}
