/**
 * Transport B: the local web host. Serves the built renderer and speaks the IPC contract over a
 * WebSocket, bound to 127.0.0.1 only. Never imports electron, so it runs under plain Node.
 *
 * Guarding a loopback server: a per-launch random token is required on the WebSocket and on the page
 * itself (it travels in the page URL printed at start-up); Host must name this server (defeats DNS
 * rebinding); Origin, when sent, must be this server (defeats other web pages in the learner's browser).
 *
 * Surviving its clients: every socket has its errors handled, so a bad client (a reset, a malformed frame,
 * an oversized message, a flood of requests) loses only its own connection. Requests in flight per
 * connection are capped; when a connection closes, the work it started is cancelled.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import type { EventName, IpcResult } from '../../src-preload/contract'
import { dispatch, type EventHub, type HandlerContext, type Handlers } from '../ipc'
import { contentTypeFor, rendererCsp } from '../shared/csp'
import { resolveStaticFile } from '../shared/staticFiles'

export const WS_PATH = '/ws'
export const SESSION_PATH = '/api/session'

/** The largest message a client may send (a progress import is the largest legitimate one). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024
/** Requests one connection may have in flight; more are refused with `busy` until some finish. */
export const MAX_IN_FLIGHT = 32

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
  /** Where failures of the host itself are reported (not a client's bad input). */
  log?: (message: string, error?: unknown) => void
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
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' })
  res.end(message)
}

/** The page a browser gets for the app's address without its access token. */
const NO_TOKEN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>MLSys Workstation</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1.5rem}code{font-size:.95em}</style></head>
<body><h1>Open the address printed in the terminal</h1>
<p>This address has no valid access token. The workstation serves this machine only, and each launch prints
its own address, like <code>http://127.0.0.1:PORT/?token=…</code>. Copy that whole line from the terminal where you
ran <code>npm start</code> into the address bar.</p></body></html>`

/** A raw socket refused before it became a WebSocket: answer, then close, whatever the client does. */
function refuseUpgrade(socket: Duplex, message: string): void {
  socket.on('error', () => socket.destroy())
  if (socket.writable) socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${message}`)
  setTimeout(() => socket.destroy(), 1000).unref()
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const log = opts.log ?? ((m, e) => console.error(m, e))
  let port = opts.port ?? 0

  const checkHostAndOrigin = (req: IncomingMessage): string | null => {
    const hosts = allowedHosts(port)
    if (!req.headers.host || !hosts.has(req.headers.host)) return `Host ${JSON.stringify(req.headers.host ?? '')} is not this server`
    const origin = req.headers.origin
    if (origin !== undefined && !hosts.has(origin.replace(/^http:\/\//, ''))) return `Origin ${JSON.stringify(origin)} is not allowed`
    return null
  }

  const server: Server = createServer((req, res) => {
    res.on('error', () => req.socket.destroy())
    const problem = checkHostAndOrigin(req)
    if (problem) return refuse(res, 403, problem)
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed')
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    } catch {
      return refuse(res, 400, 'bad request')
    }
    const tokenOk = sameToken(url.searchParams.get('token'), token)
    if (url.pathname === SESSION_PATH) {
      res.writeHead(tokenOk ? 204 : 403, { 'Cache-Control': 'no-store' })
      return res.end()
    }
    if ((url.pathname === '/' || url.pathname === '/index.html') && !tokenOk) {
      res.writeHead(403, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'"
      })
      return res.end(NO_TOKEN_PAGE)
    }
    const file = resolveStaticFile(opts.rendererDir, url.pathname)
    if (!file) return refuse(res, 404, `not found: ${url.pathname}`)
    res.writeHead(200, {
      'Content-Type': contentTypeFor(file),
      'Content-Security-Policy': rendererCsp('websocket'),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache'
    })
    if (req.method === 'HEAD') return res.end()
    const stream = createReadStream(file)
    stream.on('error', () => res.destroy())
    stream.pipe(res)
  })
  // A client that sends garbage HTTP, or resets mid-request, loses its own connection only.
  server.on('clientError', (_err, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    socket.destroy()
  })
  server.on('connection', (socket: Socket) => socket.on('error', () => socket.destroy()))

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false, clientTracking: true })
  wss.on('error', (e) => log('the WebSocket server reported an error', e))
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy())
    let problem: string | null
    try {
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
      problem =
        url.pathname !== WS_PATH
          ? `no WebSocket at ${url.pathname}`
          : (checkHostAndOrigin(req) ?? (sameToken(url.searchParams.get('token'), token) ? null : 'missing or wrong token'))
    } catch {
      problem = 'bad request'
    }
    if (problem) return refuseUpgrade(socket, problem)
    try {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
    } catch (e) {
      log('a WebSocket upgrade failed', e)
      socket.destroy()
    }
  })

  const send = (ws: WebSocket, message: ServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return
    try {
      ws.send(JSON.stringify(message))
    } catch (e) {
      log('a reply could not be sent', e)
    }
  }
  const badRequest = (message: string): IpcResult<unknown> => ({ ok: false, error: { code: 'bad-request', message } })

  wss.on('connection', (ws) => {
    // A malformed frame (bad UTF-8, unmasked, reserved bits or opcodes, oversized, …) ends this
    // connection with an error event; without a listener it would end the process.
    ws.on('error', () => ws.terminate())
    let inFlight = 0
    const cancel = new AbortController()
    ws.on('close', () => cancel.abort(new Error('the connection closed')))
    ws.on('message', async (data, isBinary) => {
      if (isBinary) return send(ws, { id: null, result: badRequest('messages must be text (JSON)') })
      let message: Partial<ClientMessage>
      try {
        message = JSON.parse(data.toString()) as Partial<ClientMessage>
      } catch {
        return send(ws, { id: null, result: badRequest('message is not valid JSON') })
      }
      const id =
        message !== null && typeof message === 'object' && typeof message.id === 'number' && Number.isSafeInteger(message.id)
          ? message.id
          : null
      if (id === null) return send(ws, { id: null, result: badRequest('message needs a numeric id') })
      if (inFlight >= MAX_IN_FLIGHT) {
        return send(ws, {
          id,
          result: {
            ok: false,
            error: { code: 'busy', message: `more than ${MAX_IN_FLIGHT} requests at once on one connection; wait for replies` }
          }
        })
      }
      inFlight++
      try {
        send(ws, { id, result: await dispatch(opts.handlers, message.channel, message.input, opts.ctx, log, { signal: cancel.signal }) })
      } finally {
        inFlight--
      }
    })
  })

  const unsubscribe = opts.hub.subscribe((event, payload) => {
    for (const ws of wss.clients) send(ws, { event, payload })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  server.on('error', (e) => log('the web host reported an error', e))
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe()
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
