/**
 * The monitor, plotter, capture and hot-plug over real pseudo-terminals: a simulated sensor writes into
 * one end, the DeviceManager watches the other. udev does not list pseudo-terminals, so the tests give
 * the manager its port list; everything else (opening, reading, reconnecting) is the real path.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DeviceManager, type DeviceEvent } from './manager'
import type { MonitorBatch, MonitorStatus } from './monitor'
import { type PtyPair, ptyPair } from './pty'
import { SerialConnection, type PortListing } from './serial'
import { encodeTtm } from './ttm'
import { mulberry32 } from '../testing/random'
import { randomModel } from '../testing/ttmModels'

async function until(what: string, cond: () => boolean, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

interface Harness {
  manager: DeviceManager
  events: DeviceEvent[]
  batches: MonitorBatch[]
  statuses: MonitorStatus[]
  listed: PortListing[]
  dataDir: string
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function harness(): Harness {
  const h: Harness = {
    manager: null as unknown as DeviceManager,
    events: [],
    batches: [],
    statuses: [],
    listed: [],
    dataDir: mkdtempSync(join(tmpdir(), 'mlsys-mon-'))
  }
  h.manager = new DeviceManager({
    dataDir: h.dataDir,
    pollMs: 100,
    lister: async () => h.listed,
    emit: (e) => {
      h.events.push(e)
      if (e.event === 'monitorData') h.batches.push(e.payload)
      if (e.event === 'monitorStatus') h.statuses.push(e.payload)
    }
  })
  cleanups.push(() => h.manager.close())
  return h
}

async function pair(): Promise<PtyPair> {
  const p = await ptyPair()
  cleanups.push(() => p.close())
  return p
}

async function sensor(path: string): Promise<SerialConnection> {
  const c = await SerialConnection.open(path, 115200)
  cleanups.push(() => c.close())
  return c
}

const samplesOf = (batches: MonitorBatch[]) =>
  batches.flatMap((b) => b.samples.flatMap((g) => g.rows.map((r) => ({ names: g.names, values: r }))))
const linesOf = (batches: MonitorBatch[]) => batches.flatMap((b) => b.lines.map((l) => l.text))

describe('monitor and plotter over a pseudo-terminal', () => {
  it('receives every sample of a fast sensor stream in order, text lines too, and survives garbage', async () => {
    const h = harness()
    const p = await pair()
    const { sessionId } = await h.manager.openMonitor(p.b, 115200)
    const board = await sensor(p.a)
    const total = 3000
    for (let start = 0; start < total; start += 100) {
      let text = ''
      for (let i = start; i < start + 100; i++) text += `i:${i},ax:${Math.sin(i / 10).toFixed(3)},ay:${Math.cos(i / 10).toFixed(3)}\n`
      if (start === 1000) text += 'hello from the board\n'
      if (start === 2000) text += `${'\u0000\u00ff\u0001'.repeat(100)}${'x'.repeat(10_000)}\n`
      await board.write(new TextEncoder().encode(text))
    }
    await until('all samples', () => samplesOf(h.batches).length >= total)
    const samples = samplesOf(h.batches)
    expect(samples.map((s) => s.values[0])).toEqual(Array.from({ length: total }, (_, i) => i))
    expect(samples[0]!.names).toEqual(['i', 'ax', 'ay'])
    expect(samples[10]!.values[1]).toBeCloseTo(Math.sin(1), 3)
    const lines = linesOf(h.batches)
    expect(lines).toContain('hello from the board')
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(4096)
    expect(h.batches.every((b) => b.sessionId === sessionId && b.droppedSamples === 0)).toBe(true)
  })

  it('sends with the chosen line ending, saves the log with timestamps, clears', async () => {
    const h = harness()
    const p = await pair()
    const { sessionId } = await h.manager.openMonitor(p.b, 115200)
    const board = await sensor(p.a)
    let got = ''
    board.onData((b) => (got += new TextDecoder().decode(b)))
    await h.manager.send(sessionId, 'gesture tilt', 'crlf')
    await h.manager.send(sessionId, 'x', 'none')
    await until('the sent text', () => got === 'gesture tilt\r\nx')
    await board.write(new TextEncoder().encode('one\ntwo\n'))
    await until('two lines', () => linesOf(h.batches).length === 2)
    const file = join(h.dataDir, 'log.txt')
    expect(h.manager.session(sessionId).save(file, true)).toBe(2)
    expect(readFileSync(file, 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z one\n\d{4}-\d\d-\d\dT[\d:.]+Z two\n$/)
    h.manager.session(sessionId).clear()
    expect(h.manager.session(sessionId).save(file, false)).toBe(0)
  })

  it('captures plotter columns into a labelled CSV dataset', async () => {
    const h = harness()
    const p = await pair()
    const { sessionId } = await h.manager.openMonitor(p.b, 115200)
    const board = await sensor(p.a)
    const session = h.manager.session(sessionId)
    session.startCapture('imu', 'rest')
    await board.write(new TextEncoder().encode(`${Array.from({ length: 50 }, (_, i) => `ax:${i},ay:1`).join('\n')}\nnot a sample\nbx:1\n`))
    await until('50 rows', () => session.capturing?.rows === 50)
    const stopped = session.stopCapture()
    // The one sample with other columns (bx) is counted as skipped, not written.
    expect(stopped).toEqual({ dataset: 'imu', label: 'rest', rows: 50, skipped: 1 })
    session.startCapture('imu', 'tilt')
    await board.write(new TextEncoder().encode('ax:7,ay:0.7\n'))
    await until('one more row', () => session.capturing?.rows === 1)
    session.stopCapture()
    const csv = readFileSync(join(h.dataDir, 'datasets', 'imu.csv'), 'utf8')
      .trim()
      .split('\n')
    expect(csv[0]).toBe('label,ax,ay')
    expect(csv.slice(1, 4)).toEqual(['rest,0,1', 'rest,1,1', 'rest,2,1'])
    expect(csv.at(-1)).toBe('tilt,7,0.7')
    expect(h.manager.datasets.list()).toMatchObject([{ name: 'imu', rows: 51, labels: { rest: 50, tilt: 1 } }])
  })

  it('follows a board that goes away and comes back under a new path (hot-plug), and reconnects by itself', async () => {
    const h = harness()
    const first = await ptyPair()
    const board = { path: first.b, vendorId: '2341', productId: '805a', serialNumber: 'NANO-1', manufacturer: 'Arduino' }
    h.listed = [board]
    const ports = await h.manager.ports()
    expect(ports).toMatchObject([{ path: first.b, boardId: 'nano33ble', label: 'Arduino Nano 33 BLE (Sense)' }])
    const { sessionId } = await h.manager.openMonitor(first.b, 115200)
    const s1 = await SerialConnection.open(first.a, 115200)
    await s1.write(new TextEncoder().encode('before\n'))
    await until('a line before', () => linesOf(h.batches).includes('before'))

    // Unplug: the device disappears; the monitor waits for it.
    await s1.close()
    await first.close()
    h.listed = []
    await until('reconnecting', () => h.statuses.some((s) => s.state === 'reconnecting'))
    await until('a detach event', () => h.events.some((e) => e.event === 'deviceChanged' && !e.payload.attached))

    // Replug: same serial number, new path.
    const second = await pair()
    h.listed = [{ ...board, path: second.b }]
    await until('open again', () => h.statuses.at(-1)?.state === 'open' && h.statuses.at(-1)?.path === second.b)
    const attach = h.events.find((e) => e.event === 'deviceChanged' && e.payload.attached && e.payload.path === second.b)
    expect(attach?.payload).toMatchObject({ previousPath: first.b, boardId: 'nano33ble', serialNumber: 'NANO-1' })
    expect(h.statuses.at(-1)!.message).toBe(`reconnected on ${second.b}`)
    const s2 = await sensor(second.a)
    await s2.write(new TextEncoder().encode('after\n'))
    await until('a line after', () => linesOf(h.batches).includes('after'))
    expect(h.manager.session(sessionId).path).toBe(second.b)
  })

  it('says why a port cannot be opened, and that a silent port is silent', async () => {
    const h = harness()
    await expect(h.manager.openMonitor('/dev/does-not-exist', 115200)).rejects.toMatchObject({
      code: 'port',
      message: expect.stringContaining('/dev/does-not-exist is not there any more')
    })
    const p = await pair()
    await h.manager.openMonitor(p.b, 9600)
    await until('a silence note', () => h.statuses.some((s) => s.message?.includes('nothing arrived in 3 s at 9600 baud') ?? false), 6000)
  })
})

describe('the virtual board on a pseudo-terminal', () => {
  it('streams accelerometer samples, takes gesture commands, and deploys while its monitor is open', async () => {
    const h = harness()
    const { path, profile } = await h.manager.startVirtual('nano33ble')
    expect(profile.id).toBe('nano33ble')
    expect((await h.manager.ports()).find((p) => p.path === path)).toMatchObject({ virtual: true, boardId: 'nano33ble' })
    const { sessionId } = await h.manager.openMonitor(path, 115200)
    await until('samples', () => samplesOf(h.batches).length > 20)
    expect(samplesOf(h.batches)[0]!.names).toEqual(['ax', 'ay', 'az'])

    await h.manager.send(sessionId, 'gesture tilt', 'lf')
    await until('the gesture echo', () => linesOf(h.batches).includes('# gesture tilt'))
    const mark = h.batches.length
    await until('tilted samples', () => samplesOf(h.batches.slice(mark)).length > 50)
    const ax = samplesOf(h.batches.slice(mark))
      .slice(5)
      .map((s) => s.values[0]!)
    expect(ax.reduce((a, b) => a + b, 0) / ax.length).toBeCloseTo(0.71, 1)

    const rnd = mulberry32(8)
    let model = randomModel(rnd, { maxLayers: 3, maxWidth: 40 })
    while (encodeTtm(model).length < 2000) model = randomModel(rnd, { maxLayers: 3, maxWidth: 40 })
    const bytes = encodeTtm(model)
    const r = await h.manager.withClient(path, { timeoutMs: 1000 }, async (c) => {
      // While the deploy borrows the port, the monitor refuses to send text into its frames.
      await expect(h.manager.send(sessionId, 'gesture rest', 'lf')).rejects.toThrow('is busy with a deploy')
      return c.deploy(bytes, 'while-monitoring')
    })
    expect(r).toMatchObject({ bytes: bytes.length, board: 'nano33ble' })
    const after = h.batches.length
    await until('the stream to resume', () => samplesOf(h.batches.slice(after)).length > 10, 6000)
    expect(await h.manager.stopVirtual(path)).toBe(true)
  })
})
