import type { ChannelName, EventName, IpcResult, PreloadApi, TransportKind } from '../../../src-preload/contract'

/** How the renderer reaches main: the preload's API inside Electron, a WebSocket in a browser. */
export interface Transport {
  kind: TransportKind
  invoke(channel: ChannelName, input: unknown): Promise<IpcResult<unknown>>
  on(event: EventName, listener: (payload: unknown) => void): () => void
  onStatus(listener: (connected: boolean) => void): () => void
}

declare global {
  interface Window {
    mlsys?: PreloadApi
  }
}

function electronTransport(api: PreloadApi): Transport {
  return {
    kind: 'electron',
    invoke: (channel, input) => api.invoke(channel, input),
    on: (event, listener) => api.on(event, listener),
    onStatus: (listener) => {
      listener(true)
      return () => {}
    }
  }
}

type Pending = { resolve: (r: IpcResult<unknown>) => void }

/**
 * WebSocket transport to the local web host. Reconnects with back-off; requests made while the
 * socket is down wait for it (up to a limit) rather than fail at once.
 */
function webSocketTransport(url: string): Transport {
  let socket: WebSocket | null = null
  let open = false
  let nextId = 1
  let retryMs = 250
  const pending = new Map<number, Pending>()
  const queue: string[] = []
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const statusListeners = new Set<(connected: boolean) => void>()

  const setOpen = (value: boolean) => {
    open = value
    for (const l of statusListeners) l(value)
  }

  const connect = () => {
    socket = new WebSocket(url)
    socket.onopen = () => {
      retryMs = 250
      setOpen(true)
      while (queue.length) socket!.send(queue.shift()!)
    }
    socket.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as
        | { id: number | null; result: IpcResult<unknown> }
        | { event: EventName; payload: unknown }
      if ('event' in data) {
        for (const l of listeners.get(data.event) ?? []) l(data.payload)
      } else if (data.id !== null) {
        pending.get(data.id)?.resolve(data.result)
        pending.delete(data.id)
      }
    }
    socket.onclose = () => {
      setOpen(false)
      for (const [id, p] of pending) {
        p.resolve({ ok: false, error: { code: 'unavailable', message: 'lost the connection to the workstation host; retrying' } })
        pending.delete(id)
      }
      setTimeout(connect, retryMs)
      retryMs = Math.min(retryMs * 2, 5000)
    }
  }
  connect()

  return {
    kind: 'websocket',
    invoke: (channel, input) =>
      new Promise((resolve) => {
        const id = nextId++
        pending.set(id, { resolve })
        const text = JSON.stringify({ id, channel, input })
        if (open && socket) socket.send(text)
        else queue.push(text)
      }),
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => set.delete(listener)
    },
    onStatus: (listener) => {
      statusListeners.add(listener)
      listener(open)
      return () => statusListeners.delete(listener)
    }
  }
}

export function chooseTransport(): Transport {
  if (window.mlsys) return electronTransport(window.mlsys)
  const params = new URLSearchParams(window.location.search)
  const token = params.get('token') ?? ''
  const wsUrl = `ws://${window.location.host}/ws?token=${encodeURIComponent(token)}`
  return webSocketTransport(wsUrl)
}
