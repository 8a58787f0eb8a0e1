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
  // Boards the catalog names (not every serial port: a built-in UART is not a board).
  ipc.on('deviceChanged', (d) => {
    if (d.attached && d.boardId) useStatus.setState({ device: d.label ?? d.path })
    else if (!d.attached && useStatus.getState().device === (d.label ?? d.path)) useStatus.setState({ device: null })
  })
}
