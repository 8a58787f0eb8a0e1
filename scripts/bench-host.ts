// How the local web host answers while heavy work runs. The host runs as it does for a learner (`mlsys
// serve`, its own process); a second client process sends the heavy request (a 20,000-point sweep, a
// 22 MB progress import), while this process sends small requests (app.info) every 20 ms and times them.
// Run: npm run bench:host
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import WebSocket from 'ws'

const root = resolve(__dirname, '..')

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

function startHost(): Promise<{ child: ChildProcess; port: number; token: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mlsys-bench-host-'))
  const child = spawn(process.execPath, [join(root, 'scripts/mlsys.mjs'), 'serve', '--port', '0', '--data-dir', dataDir], { cwd: root })
  return new Promise((resolveHost, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += String(d)
      const m = /Open: http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(out)
      if (m) resolveHost({ child, port: Number(m[1]), token: m[2]! })
    })
    child.once('exit', (code) => reject(new Error(`the host exited (${code}): ${out}`)))
  })
}

/** The heavy request, from another process so that its own JSON and framing cost is not counted here. */
const HEAVY_CLIENT = `
const WebSocket = require('ws')
const [url, kind] = process.argv.slice(1)
const ws = new WebSocket(url)
ws.on('open', () => {
  let input
  if (kind === 'sweep') {
    const rates = Array.from({ length: 20000 }, (_, i) => (i + 1) / 2500)
    input = { name: 'sweep', params: { model: 'mmcQueue', base: { serviceRate: 1, servers: 8 }, axes: { arrivalRate: rates } } }
  } else {
    const activities = Array.from({ length: 60000 }, (_, i) => ({
      uid: 'bench-' + i, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), domain: 'simulator', kind: 'sim_run',
      subject: 'roofline', payload: { params: { flops: i, bytes: 2 * i, note: 'x'.repeat(200) } }
    }))
    const json = JSON.stringify({ format: 'mlsys-workstation-progress', version: 1, exportedAt: new Date().toISOString(),
      appVersion: 'bench', schemaVersion: 2, activities })
    input = { json }
  }
  process.stdout.write('sending\\n')
  ws.send(JSON.stringify({ id: 1, channel: kind === 'sweep' ? 'sim.run' : 'progress.import', input }))
})
ws.on('message', (d) => {
  const m = JSON.parse(String(d))
  if (m.id === 1) { process.stdout.write(m.result.ok ? 'ok\\n' : 'failed ' + m.result.error.message + '\\n'); ws.close() }
})
`

async function main(): Promise<void> {
  const host = await startHost()
  const url = `ws://127.0.0.1:${host.port}/ws?token=${host.token}`
  const ws = new WebSocket(url)
  await new Promise((r) => ws.once('open', r))
  const waiting = new Map<number, () => void>()
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as { id?: number }
    if (typeof m.id === 'number') {
      waiting.get(m.id)?.()
      waiting.delete(m.id)
    }
  })
  let nextId = 1
  const info = (): Promise<void> =>
    new Promise((resolveCall) => {
      const id = nextId++
      waiting.set(id, resolveCall)
      ws.send(JSON.stringify({ id, channel: 'app.info', input: {} }))
    })

  for (const [label, kind] of [
    ['a 20,000-point sweep (the most one sweep may evaluate)', 'sweep'],
    ['the same sweep again', 'sweep'],
    ['an import of 22 MB (60,000 entries) into a new profile', 'import']
  ] as const) {
    const client = spawn(process.execPath, ['-e', HEAVY_CLIENT, url, kind], { cwd: root })
    let out = ''
    client.stdout.on('data', (d) => (out += String(d)))
    await new Promise<void>((r) => {
      const poll = setInterval(() => {
        if (out.includes('sending')) {
          clearInterval(poll)
          r()
        }
      }, 5)
    })
    const started = performance.now()
    let running = true
    client.once('exit', () => {
      running = false
    })
    const latencies: number[] = []
    while (running) {
      const t = performance.now()
      await info()
      latencies.push(performance.now() - t)
      await new Promise((r) => setTimeout(r, 20))
    }
    console.log(
      `${label}: ${out.trim().split('\n').pop()} after ${(performance.now() - started).toFixed(0)} ms; ${latencies.length} small requests meanwhile, ` +
        `median ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`
    )
  }
  ws.close()
  host.child.kill('SIGINT')
}

void main()
