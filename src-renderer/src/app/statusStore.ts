import { create } from 'zustand'
import type { EventPayload, TransportKind } from '../../../src-preload/contract'
import { ipc } from '../ipc/client'

type Work = EventPayload<'workProgress'>

interface StatusState {
  transport: TransportKind
  connected: boolean
  /** The host refused this address's token: nothing will work until the learner opens the right address. */
  accessDenied: boolean
  device: string | null
  work: Record<string, Work>
}

/** What the status bar shows: how we talk to main, the board plugged in, and work in progress. */
export const useStatus = create<StatusState>(() => ({
  transport: ipc.transport,
  connected: false,
  accessDenied: false,
  device: null,
  work: {}
}))

export function startStatusFeed(): void {
  ipc.onConnection((connected) => useStatus.setState({ connected }))
  ipc.onAccessDenied(() => useStatus.setState({ accessDenied: true }))
  ipc.on('workProgress', (w) =>
    useStatus.setState((s) => {
      const work = { ...s.work }
      if (w.done) delete work[w.id]
      else work[w.id] = w
      return { work }
    })
  )
  ipc.on('deviceChanged', (d) => useStatus.setState({ device: d.attached ? (d.label ?? d.path) : null }))
}
