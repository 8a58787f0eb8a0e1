import { randomUUID } from 'node:crypto'
import type { EventInput, EventName } from '../../src-preload/contract'

/** One piece of long work: its progress goes to the status bar, and the learner may cancel it. */
export interface Work {
  id: string
  /** Aborted when the learner cancels, or when the request's own signal aborts (its client went away). */
  signal: AbortSignal
  progress(fraction: number | null): void
  end(): void
}

type Emit = <E extends EventName>(event: E, payload: EventInput<E>) => void

/** The long work in progress, by id, so `app.cancelWork` can stop it. */
export class WorkRegistry {
  private readonly active = new Map<string, AbortController>()

  constructor(private readonly emit: Emit) {}

  begin(label: string, requestSignal?: AbortSignal): Work {
    const id = randomUUID()
    const controller = new AbortController()
    const onRequestAbort = () => controller.abort(requestSignal?.reason)
    requestSignal?.addEventListener('abort', onRequestAbort, { once: true })
    this.active.set(id, controller)
    const send = (fraction: number | null, done: boolean) => this.emit('workProgress', { id, label, fraction, done, cancellable: !done })
    send(0, false)
    return {
      id,
      signal: controller.signal,
      progress: (fraction) => send(fraction === null ? null : Math.min(1, Math.max(0, fraction)), false),
      end: () => {
        requestSignal?.removeEventListener('abort', onRequestAbort)
        if (this.active.delete(id)) send(1, true)
      }
    }
  }

  /** Cancels the work with this id; false when there is none (it finished, or never was). */
  cancel(id: string): boolean {
    const controller = this.active.get(id)
    if (!controller) return false
    controller.abort(new Error('cancelled by the learner'))
    return true
  }
}
