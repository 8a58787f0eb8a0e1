/**
 * Transport B: the local web host. Serves the built renderer and speaks the IPC contract over a
 * WebSocket, bound to 127.0.0.1 only. Never imports electron, so it runs under plain Node.
 *
 * Guarding a loopback server: a per-launch random token is required on the WebSocket (it travels in
 * the page URL printed at start-up); Host must name this server (defeats DNS rebinding); Origin, when
 * sent, must be this server (defeats other web pages in the learner's browser).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import type { EventName, IpcResult } from '../../src-preload/contract'
import { dispatch, type EventHub, type HandlerContext, type Handlers } from '../ipc'
import { contentTypeFor, rendererCsp } from '../shared/csp'
import { resolveStaticFile } from '../shared/staticFiles'

export const WS_PATH = '/ws'

/** Messages on the socket. Requests carry an id the reply echoes; events carry none. */
export type ClientMessage = { id: number; channel: string; input: unknown }
export type ServerMessage = { id: number | null; result: IpcResult<unknown> } | { event: EventName; payload: unknown }

export interface WebHostOptions {
  rendererDir: string
  handlers: Handlers
  ctx: HandlerContext
  hub: EventHub
  /** 0 picks a free port. */
  port?: number
  /** Fixed token for tests; a random one otherwise. */
  token?: string
}

export interface WebHost {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(message)
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  let port = opts.port ?? 0

  const checkHostAndOrigin = (req: IncomingMessage): string | null => {
    const hosts = allowedHosts(port)
    if (!req.headers.host || !hosts.has(req.headers.host)) return `Host ${JSON.stringify(req.headers.host ?? '')} is not this server`
    const origin = req.headers.origin
    if (origin !== undefined && !hosts.has(origin.replace(/^http:\/\//, ''))) return `Origin ${JSON.stringify(origin)} is not allowed`
    return null
  }

  const server: Server = createServer((req, res) => {
    const problem = checkHostAndOrigin(req)
    if (problem) return refuse(res, 403, problem)
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed')
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    const file = resolveStaticFile(opts.rendererDir, url.pathname)
    if (!file) return refuse(res, 404, `not found: ${url.pathname}`)
    res.writeHead(200, {
      'Content-Type': contentTypeFor(file),
      'Content-Security-Policy': rendererCsp('websocket'),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache'
    })
    if (req.method === 'HEAD') return res.end()
    createReadStream(file).pipe(res)
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    const problem =
      url.pathname !== WS_PATH
        ? `no WebSocket at ${url.pathname}`
        : (checkHostAndOrigin(req) ?? (sameToken(url.searchParams.get('token'), token) ? null : 'missing or wrong token'))
    if (problem) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${problem}`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  const send = (ws: WebSocket, message: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
  }

  wss.on('connection', (ws) => {
    ws.on('message', async (data) => {
      let message: Partial<ClientMessage>
      try {
        message = JSON.parse(data.toString()) as Partial<ClientMessage>
      } catch {
        return send(ws, { id: null, result: { ok: false, error: { code: 'bad-request', message: 'message is not valid JSON' } } })
      }
      const id = typeof message?.id === 'number' ? message.id : null
      if (id === null) {
        return send(ws, { id: null, result: { ok: false, error: { code: 'bad-request', message: 'message needs a numeric id' } } })
      }
      send(ws, { id, result: await dispatch(opts.handlers, message.channel, message.input, opts.ctx) })
    })
  })

  const unsubscribe = opts.hub.subscribe((event, payload) => {
    for (const ws of wss.clients) send(ws, { event, payload })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe()
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
