import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect as tcpConnect, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { handlers } from '../ipc'
import { tempDir, testContext } from '../testing/fixtures'
import { MAX_IN_FLIGHT, type ServerMessage, startWebHost, type WebHost } from './server'

const TOKEN = 'test-token-0123456789'
let host: WebHost | null = null

afterEach(async () => {
  await host?.close()
  host = null
})

async function start() {
  const rendererDir = tempDir('mlsys-renderer-')
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>')
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  const parent = join(rendererDir, '..')
  writeFileSync(join(parent, 'secret.txt'), 'do not serve')
  const t = testContext()
  host = await startWebHost({ rendererDir, handlers, ctx: t.ctx, hub: t.hub, port: 0, token: TOKEN })
  return { ...t, host }
}

function get(
  port: number,
  path: string,
  headers: Record<string, string> = {}
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

/** Sends one message and resolves with the reply to it (events pushed meanwhile are skipped). */
function call(ws: WebSocket, message: unknown): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const parsed = JSON.parse(String(data)) as ServerMessage
      if ('event' in parsed) return
      ws.off('message', onMessage)
      resolve(parsed)
    }
    ws.on('message', onMessage)
    ws.send(typeof message === 'string' ? message : JSON.stringify(message))
  })
}

describe('local web host', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token', async () => {
    const { host } = await start()
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`)
  })

  it('serves the renderer with the CSP and never a file outside it', async () => {
    const { host } = await start()
    const index = await get(host.port, `/?token=${TOKEN}`)
    expect(index.status).toBe(200)
    expect(index.body).toContain('<title>app</title>')
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'self'")
    expect((await get(host.port, '/assets/app.js')).headers['content-type']).toContain('javascript')
    expect((await get(host.port, '/../secret.txt')).status).toBe(404)
    expect((await get(host.port, '/%2e%2e/secret.txt')).status).toBe(404)
    expect((await get(host.port, '/assets/%2e%2e/%2e%2e/secret.txt')).status).toBe(404)
  })

  it('rejects a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const { host } = await start()
    expect((await get(host.port, '/', { host: 'evil.example:80' })).status).toBe(403)
    expect((await get(host.port, '/', { origin: 'http://evil.example' })).status).toBe(403)
    expect((await get(host.port, `/?token=${TOKEN}`, { host: `localhost:${host.port}` })).status).toBe(200)
  })

  it('speaks the contract over the WebSocket with the right token', async () => {
    const { host, store } = await start()
    const ws = await connect(`ws://127.0.0.1:${host.port}/ws?token=${TOKEN}`, { origin: `http://127.0.0.1:${host.port}` })
    expect(await call(ws, { id: 1, channel: 'progress.visit', input: { route: 'drills' } })).toMatchObject({ id: 1, result: { ok: true } })
    expect(store.tableCount('activity')).toBe(1)
    expect(await call(ws, { id: 2, channel: 'progress.visit', input: { route: 'nope' } })).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'bad-request' } }
    })
    expect(await call(ws, 'not json')).toEqual({
      id: null,
      result: { ok: false, error: { code: 'bad-request', message: 'message is not valid JSON' } }
    })
    expect(await call(ws, { id: 3, channel: 'nope.nope', input: {} })).toMatchObject({
      id: 3,
      result: { ok: false, error: { code: 'unknown-channel' } }
    })
    ws.close()
  })

  it('pushes events from main to connected clients', async () => {
    const { host, hub } = await start()
    const ws = await connect(`ws://127.0.0.1:${host.port}/ws?token=${TOKEN}`)
    const received = new Promise<ServerMessage>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))))
    hub.emit('workProgress', { id: 'g1', label: 'Grading 01_tensor', fraction: 0.5, done: false })
    expect(await received).toEqual({
      event: 'workProgress',
      payload: { id: 'g1', label: 'Grading 01_tensor', fraction: 0.5, done: false, cancellable: false }
    })
    ws.close()
  })

  it('refuses a WebSocket with no token, a wrong token, or a foreign Origin', async () => {
    const { host, store } = await start()
    const base = `ws://127.0.0.1:${host.port}/ws`
    await expect(connect(base)).rejects.toThrow('403')
    await expect(connect(`${base}?token=wrong`)).rejects.toThrow('403')
    await expect(connect(`${base}?token=${TOKEN}x`)).rejects.toThrow('403')
    await expect(connect(`${base}?token=${TOKEN}`, { origin: 'http://evil.example' })).rejects.toThrow('403')
    await expect(connect(`${base}?token=${TOKEN}`, { host: 'evil.example' })).rejects.toThrow('403')
    expect(store.tableCount('activity')).toBe(0)
  })
})

/** A raw TCP socket that has completed a WebSocket handshake (or was refused), for sending hand-made frames. */
function rawSocket(port: number, path: string): Promise<{ socket: Socket; response: string }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
      )
    })
    socket.on('error', () => {})
    let response = ''
    const onData = (d: Buffer) => {
      response += d.toString('latin1')
      if (response.includes('\r\n\r\n')) {
        socket.off('data', onData)
        resolve({ socket, response })
      }
    }
    socket.on('data', onData)
    setTimeout(() => reject(new Error('no handshake answer')), 3000)
  })
}

/** One WebSocket frame, built by hand so it can break every rule. */
function frame(opts: {
  opcode: number
  payload?: Buffer
  fin?: boolean
  rsv1?: boolean
  masked?: boolean
  declaredLength?: bigint
}): Buffer {
  const payload = opts.payload ?? Buffer.alloc(0)
  const masked = opts.masked ?? true
  const head = [(opts.fin === false ? 0 : 0x80) | (opts.rsv1 ? 0x40 : 0) | opts.opcode]
  const length = opts.declaredLength ?? BigInt(payload.length)
  const ext: number[] = []
  if (length < 126n) head.push((masked ? 0x80 : 0) | Number(length))
  else if (length < 65536n) {
    head.push((masked ? 0x80 : 0) | 126)
    ext.push(Number(length >> 8n), Number(length & 0xffn))
  } else {
    head.push((masked ? 0x80 : 0) | 127)
    for (let i = 7; i >= 0; i--) ext.push(Number((length >> BigInt(8 * i)) & 0xffn))
  }
  const mask = masked ? Buffer.from([1, 2, 3, 4]) : Buffer.alloc(0)
  const body = Buffer.from(payload.map((b, i) => (masked ? b ^ mask[i % 4]! : b)))
  return Buffer.concat([Buffer.from(head), Buffer.from(ext), mask, body])
}

function closed(socket: Socket): Promise<void> {
  socket.resume()
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve()
    socket.once('close', () => resolve())
  })
}

describe('the web host survives its clients', () => {
  async function stillAnswers(port: number): Promise<void> {
    const ws = await connect(`ws://127.0.0.1:${port}/ws?token=${TOKEN}`)
    expect(await call(ws, { id: 7, channel: 'app.info', input: {} })).toMatchObject({ id: 7, result: { ok: true } })
    ws.close()
  }

  it('an unauthenticated upgrade followed by a TCP reset costs nothing', async () => {
    const { host } = await start()
    for (let i = 0; i < 5; i++) {
      const socket = tcpConnect(host.port, '127.0.0.1')
      socket.on('error', () => {})
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
      socket.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`)
      socket.resetAndDestroy()
    }
    await new Promise((r) => setTimeout(r, 100))
    await stillAnswers(host.port)
  })

  const malformed: [string, () => Buffer][] = [
    ['invalid UTF-8 in a text frame', () => frame({ opcode: 1, payload: Buffer.from([0xff, 0xfe, 0xfd]) })],
    ['an unmasked frame from a client', () => frame({ opcode: 1, payload: Buffer.from('{}'), masked: false })],
    ['RSV1 without an extension', () => frame({ opcode: 1, payload: Buffer.from('{}'), rsv1: true })],
    ['a reserved opcode', () => frame({ opcode: 3, payload: Buffer.from('x') })],
    ['a ping longer than 125 bytes', () => frame({ opcode: 9, payload: Buffer.alloc(200, 1) })],
    ['a fragmented close', () => frame({ opcode: 8, payload: Buffer.from([0x03, 0xe8]), fin: false })],
    ['close code 999', () => frame({ opcode: 8, payload: Buffer.from([0x03, 0xe7]) })],
    ['a stray continuation frame', () => frame({ opcode: 0, payload: Buffer.from('x') })],
    ['a frame declaring more than maxPayload', () => frame({ opcode: 1, declaredLength: 1n << 40n })]
  ]
  for (const [name, make] of malformed) {
    it(`${name} closes that connection only`, async () => {
      const { host } = await start()
      const { socket, response } = await rawSocket(host.port, `/ws?token=${TOKEN}`)
      expect(response).toMatch(/^HTTP\/1.1 101/)
      socket.write(make())
      await closed(socket)
      await stillAnswers(host.port)
    })
  }

  it('garbage HTTP and a bare reset mid-request do not stop the server', async () => {
    const { host } = await start()
    const garbage = tcpConnect(host.port, '127.0.0.1')
    garbage.on('error', () => {})
    garbage.resume()
    garbage.write('\x00\x01 NOT HTTP\r\n\r\n')
    await closed(garbage)
    const half = tcpConnect(host.port, '127.0.0.1')
    half.on('error', () => {})
    await new Promise<void>((resolve) => half.once('connect', () => resolve()))
    half.write(`GET /assets/app.js HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n`)
    half.resetAndDestroy()
    expect((await get(host.port, '/assets/app.js')).status).toBe(200)
    await stillAnswers(host.port)
  })

  it('caps the requests one connection may have in flight, replying busy to the rest', async () => {
    const { host, ctx } = await start()
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    const slow = { ...handlers, 'app.info': async (input: never, c: never) => (await gate, handlers['app.info'](input, c)) }
    await host.close()
    const t = testContext()
    const busyHost = await startWebHost({
      rendererDir: tempDir(),
      handlers: slow as typeof handlers,
      ctx: t.ctx,
      hub: t.hub,
      port: 0,
      token: TOKEN
    })
    void ctx
    const ws = await connect(`ws://127.0.0.1:${busyHost.port}/ws?token=${TOKEN}`)
    const replies: ServerMessage[] = []
    ws.on('message', (d) => replies.push(JSON.parse(String(d)) as ServerMessage))
    for (let id = 1; id <= MAX_IN_FLIGHT + 3; id++) ws.send(JSON.stringify({ id, channel: 'app.info', input: {} }))
    await new Promise((r) => setTimeout(r, 200))
    const busy = replies.filter((r) => 'result' in r && !r.result.ok && r.result.error.code === 'busy')
    expect(busy.map((r) => (r as { id: number }).id)).toEqual([MAX_IN_FLIGHT + 1, MAX_IN_FLIGHT + 2, MAX_IN_FLIGHT + 3])
    release()
    await new Promise((r) => setTimeout(r, 200))
    expect(replies.filter((r) => 'result' in r && r.result.ok)).toHaveLength(MAX_IN_FLIGHT)
    ws.close()
    await busyHost.close()
  })

  it('serves a page that says where the real address is, not the app, without the token', async () => {
    const { host } = await start()
    const page = await get(host.port, '/')
    expect(page.status).toBe(403)
    expect(page.body).toContain('Open the address printed in the terminal')
    expect((await get(host.port, '/api/session?token=nope')).status).toBe(403)
    expect((await get(host.port, `/api/session?token=${TOKEN}`)).status).toBe(204)
  })

  it('never follows a symbolic link out of the renderer folder', async () => {
    const rendererDir = tempDir('mlsys-renderer-')
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
    const outside = tempDir('mlsys-outside-')
    writeFileSync(join(outside, 'private.txt'), 'secret')
    symlinkSync(join(outside, 'private.txt'), join(rendererDir, 'link.txt'))
    symlinkSync(outside, join(rendererDir, 'dir'))
    const t = testContext()
    host = await startWebHost({ rendererDir, handlers, ctx: t.ctx, hub: t.hub, port: 0, token: TOKEN })
    expect((await get(host.port, '/link.txt')).status).toBe(404)
    expect((await get(host.port, '/dir/private.txt')).status).toBe(404)
  })
})
