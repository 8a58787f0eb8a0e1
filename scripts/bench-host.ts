// How the local web host answers while heavy work runs: the latency of small requests (app.info) made
// every 20 ms while a 20,000-point sweep runs, and while a 20 MB progress import is read and checked.
// Run: npm run bench:host
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
import { createServices } from '../src-main/app'
import { handlers } from '../src-main/ipc'
import { tempDir } from '../src-main/testing/fixtures'
import { startWebHost } from '../src-main/webhost'

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

async function main(): Promise<void> {
  const dataDir = tempDir('mlsys-bench-host-')
  const rendererDir = tempDir('mlsys-bench-renderer-')
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
  const services = createServices(dataDir)
  const host = await startWebHost({ rendererDir, handlers, ctx: services.ctx, hub: services.hub, port: 0 })
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`)
  await new Promise((r) => ws.once('open', r))
  const waiting = new Map<number, (v: unknown) => void>()
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as { id?: number; result?: unknown }
    if (typeof m.id === 'number') {
      waiting.get(m.id)?.(m.result)
      waiting.delete(m.id)
    }
  })
  let nextId = 1
  const call = (channel: string, input: unknown): Promise<unknown> =>
    new Promise((resolve) => {
      const id = nextId++
      waiting.set(id, resolve)
      ws.send(JSON.stringify({ id, channel, input }))
    })

  async function underLoad(label: string, heavy: () => Promise<unknown>): Promise<void> {
    const latencies: number[] = []
    let running = true
    const started = performance.now()
    const work = heavy().then(() => {
      running = false
    })
    while (running) {
      const t = performance.now()
      await call('app.info', {})
      latencies.push(performance.now() - t)
      await new Promise((r) => setTimeout(r, 20))
    }
    await work
    console.log(
      `${label}: took ${(performance.now() - started).toFixed(0)} ms; ${latencies.length} small requests meanwhile, ` +
        `median ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`
    )
  }

  const rates = Array.from({ length: 20_000 }, (_, i) => (i + 1) / 2_500)
  for (const round of ['first', 'second']) {
    await underLoad(`sweep, mmcQueue over 20,000 arrival rates (the most one sweep may evaluate) (${round})`, () =>
      call('sim.run', { name: 'sweep', params: { model: 'mmcQueue', base: { serviceRate: 1, servers: 8 }, axes: { arrivalRate: rates } } })
    )
  }
  const activities = Array.from({ length: 60_000 }, (_, i) => ({
    uid: `bench-${i}`,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    domain: 'simulator',
    kind: 'sim_run',
    subject: 'roofline',
    payload: { params: { flops: i, bytes: 2 * i, note: 'x'.repeat(200) } }
  }))
  const exportText = JSON.stringify({
    format: 'mlsys-workstation-progress',
    version: 1,
    exportedAt: new Date().toISOString(),
    appVersion: 'bench',
    schemaVersion: 2,
    activities
  })
  await underLoad(`import of ${(exportText.length / 1e6).toFixed(1)} MB (60,000 entries)`, () =>
    call('progress.import', { json: exportText })
  )
  ws.close()
  await host.close()
  services.close()
}

void main()
