import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { handlers } from '../ipc'
import { tempDir, testContext } from '../testing/fixtures'
import { startWebHost, type ServerMessage, type WebHost } from './server'

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
    const index = await get(host.port, '/')
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
    expect((await get(host.port, '/', { host: `localhost:${host.port}` })).status).toBe(200)
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
    expect(await received).toEqual({ event: 'workProgress', payload: { id: 'g1', label: 'Grading 01_tensor', fraction: 0.5, done: false } })
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
