import type { ChannelName, EventName, IpcResult, PreloadApi, TransportKind } from '../../../src-preload/contract'

/** How the renderer reaches main: the preload's API inside Electron, a WebSocket in a browser. */
export interface Transport {
  kind: TransportKind
  invoke(channel: ChannelName, input: unknown): Promise<IpcResult<unknown>>
  on(event: EventName, listener: (payload: unknown) => void): () => void
  onStatus(listener: (connected: boolean) => void): () => void
  /** The host refused this page's access token for good (a wrong address, or the host restarted with a new one). */
  onAccessDenied(listener: () => void): () => void
}

/** What the learner is told when the host refuses the address's token. */
export const ACCESS_DENIED_MESSAGE = 'This address has no valid access token: open the address printed in the terminal (npm start)'

/** The web host's answer to "is this token valid?": 204 yes, 403 no (see src-main/webhost/server.ts). */
export const SESSION_PATH = '/api/session'

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
    },
    onAccessDenied: () => () => {}
  }
}

/**
 * Asks the host whether a token is valid. 'denied' only on a 403; anything else (the host is down or
 * restarting, an older host without the endpoint) is 'unknown' and the socket keeps retrying.
 */
export async function checkSession(origin: string, token: string): Promise<'valid' | 'denied' | 'unknown'> {
  try {
    const res = await fetch(`${origin}${SESSION_PATH}?token=${encodeURIComponent(token)}`, { cache: 'no-store' })
    return res.status === 204 ? 'valid' : res.status === 403 ? 'denied' : 'unknown'
  } catch {
    return 'unknown'
  }
}

type Pending = { resolve: (r: IpcResult<unknown>) => void }

/**
 * WebSocket transport to the local web host. Reconnects with back-off; requests made while the
 * socket is down wait for it rather than fail at once. After a connection fails it asks the host whether
 * the token is still valid: a refused token (403) stops the retries for good, since retrying cannot help.
 */
function webSocketTransport(url: string, askSession: () => Promise<'valid' | 'denied' | 'unknown'>): Transport {
  let socket: WebSocket | null = null
  let open = false
  let denied = false
  let nextId = 1
  let retryMs = 250
  const pending = new Map<number, Pending>()
  const queue: string[] = []
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const statusListeners = new Set<(connected: boolean) => void>()
  const deniedListeners = new Set<() => void>()
  const refusal: IpcResult<unknown> = { ok: false, error: { code: 'unavailable', message: ACCESS_DENIED_MESSAGE } }

  const deny = () => {
    denied = true
    queue.length = 0
    for (const [id, p] of pending) {
      p.resolve(refusal)
      pending.delete(id)
    }
    for (const l of deniedListeners) l()
  }

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
      const wait = retryMs
      retryMs = Math.min(retryMs * 2, 5000)
      void askSession().then((answer) => {
        if (answer === 'denied') deny()
        else setTimeout(connect, wait)
      })
    }
  }
  connect()

  return {
    kind: 'websocket',
    invoke: (channel, input) =>
      new Promise((resolve) => {
        if (denied) return resolve(refusal)
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
    },
    onAccessDenied: (listener) => {
      deniedListeners.add(listener)
      if (denied) listener()
      return () => deniedListeners.delete(listener)
    }
  }
}

export function chooseTransport(): Transport {
  if (window.mlsys) return electronTransport(window.mlsys)
  const params = new URLSearchParams(window.location.search)
  const token = params.get('token') ?? ''
  const wsUrl = `ws://${window.location.host}/ws?token=${encodeURIComponent(token)}`
  return webSocketTransport(wsUrl, () => checkSession(window.location.origin, token))
}
