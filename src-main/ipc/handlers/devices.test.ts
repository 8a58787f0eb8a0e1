/**
 * The devices channels end to end through dispatch: a virtual board on a real pseudo-terminal, a
 * dataset, training in the grader's sandbox with the real curriculum, quantisation, deploy, on-device
 * evaluation and the history in the store. Plus hostile requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelName, EventName } from '../../../src-preload/contract'
import { accelerometer } from '../../devices'
import { testContext } from '../../testing/fixtures'
import { dispatch, handlers } from '..'

const quiet = () => {}
const { ctx, store, hub } = testContext()
const events: { event: EventName; payload: unknown }[] = []
hub.subscribe((event, payload) => events.push({ event, payload }))

async function call(channel: ChannelName, input: unknown) {
  return dispatch(handlers, channel, input, ctx, quiet)
}
async function ok<T = Record<string, unknown>>(channel: ChannelName, input: unknown): Promise<T> {
  const r = await call(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`)
  return r.value as T
}

/** A dataset like one captured from the virtual board: 600 samples of each of three gestures. */
function writeGestureDataset(): void {
  let seed = 3
  const noise = () => {
    seed = (seed * 16807) % 2147483647
    const u = seed / 2147483647
    seed = (seed * 16807) % 2147483647
    return Math.sqrt(-2 * Math.log(u)) * Math.cos((2 * Math.PI * seed) / 2147483647)
  }
  for (const gesture of ['rest', 'tilt', 'shake'] as const) {
    const rows = Array.from({ length: 600 }, (_, k) => accelerometer(gesture, k / 50, noise).map((v) => Number(v.toFixed(3))))
    ctx.devices.datasets.append('gestures', ['ax', 'ay', 'az'], gesture, rows)
  }
}

let port = ''

beforeAll(async () => {
  writeGestureDataset()
  port = (await ok<{ path: string }>('devices.startVirtual', { profile: 'nano33ble' })).path
})
afterAll(async () => {
  await ctx.devices.close()
  store.close()
})

describe('devices channels', () => {
  it('lists the board profiles and the virtual board among the ports', async () => {
    const boards = await ok<{ id: string }[]>('devices.boards', {})
    expect(boards.map((b) => b.id)).toEqual(expect.arrayContaining(['nano33ble', 'xiao-esp32s3', 'pico', 'ch340']))
    const ports = await ok<{ path: string; virtual: boolean; label: string }[]>('devices.ports', {})
    expect(ports.find((p) => p.path === port)).toMatchObject({
      virtual: true,
      label: 'Virtual Arduino Nano 33 BLE (Sense)',
      boardId: 'nano33ble'
    })
  })

  it('monitors the virtual board, captures a label, and logs the capture', async () => {
    const { sessionId } = await ok<{ sessionId: string }>('devices.openMonitor', { path: port, baud: 115200 })
    await ok('devices.startCapture', { sessionId, dataset: 'live', label: 'rest' })
    await new Promise((r) => setTimeout(r, 700))
    const stopped = await ok<{ rows: number }>('devices.stopCapture', { sessionId })
    expect(stopped.rows).toBeGreaterThan(10)
    const data = events.filter((e) => e.event === 'monitorData')
    expect(data.length).toBeGreaterThan(3)
    expect(store.recent(5).find((a) => a.kind === 'dataset_capture')?.summary).toBe(
      `Captured ${stopped.rows} samples labelled rest into live`
    )
    const saved = await ok<{ path: string; lines: number }>('devices.saveMonitor', { sessionId, timestamps: true })
    expect(saved.lines).toBeGreaterThan(10)
    await ok('devices.closeMonitor', { sessionId })
    expect((await ok<{ name: string }[]>('devices.datasets', {})).map((d) => d.name)).toEqual(['gestures', 'live'])
  })

  let deploymentId = ''

  it('trains in the sandbox with TinyTorch, quantises, and checks the fit', async () => {
    const built = await ok<{ model: Record<string, unknown>; fit: { fits: boolean; message: string } }>('devices.buildModel', {
      dataset: 'gestures',
      name: 'gesture',
      window: 10,
      hidden: 16,
      epochs: 40,
      boardId: 'nano33ble',
      // a new profile has passed no module: the learner's say-so takes the reference for the ones not passed
      referenceForUnpassed: true
    })
    // 600 samples per gesture in windows of 10: 60 examples each, every 5th held out → 36 test examples.
    expect(built.model).toMatchObject({
      name: 'gesture',
      classes: ['rest', 'shake', 'tilt'],
      inputSize: 30,
      outputSize: 3,
      testExamples: 36
    })
    const acc = built.model.accuracy as { floatAccuracy: number; int8Accuracy: number }
    expect(acc.floatAccuracy).toBeGreaterThan(0.9)
    expect(Math.abs(acc.int8Accuracy - acc.floatAccuracy)).toBeLessThanOrEqual(0.06)
    expect(built.model.usedReference).toEqual(expect.arrayContaining(['01_tensor', '05_autograd', '06_optimizers']))
    expect(built.fit.fits).toBe(true)
    // Flash: header 24 + layer 0 (32 + 30·16 weights + 16·4 bias) + layer 1 (32 + 16·3 + 3·4) + CRC 4 = 696 B. RAM: 30 in + 16 out.
    expect(built.fit.message).toBe('fits: 696 B of 1 MB flash, peak 46 B of 256 KB RAM')
    expect(events.some((e) => e.event === 'deviceProgress' && (e.payload as { operation: string }).operation === 'train')).toBe(true)
    expect((await ok<unknown[]>('devices.models', {})).length).toBe(1)
  })

  it('deploys to the virtual board, evaluates on it, and keeps the history', async () => {
    const r = await ok<{ deploymentId: string; bytes: number; board: string }>('devices.deploy', { model: 'gesture', path: port })
    deploymentId = r.deploymentId
    expect(r.board).toBe('nano33ble')
    const evaluation = await ok<Record<string, number>>('devices.evaluate', { model: 'gesture', path: port, deploymentId })
    // The virtual board runs the same interpreter: every output is bit-exact and on-device accuracy is the host's int8 accuracy.
    expect(evaluation.examples).toBe(36)
    expect(evaluation.bitExact).toBe(36)
    expect(evaluation.deviceAccuracy).toBe(evaluation.hostInt8Accuracy)
    // Latency is the profile's estimate: (30·16 + 16·3 MACs) · 5 + 19 outputs · 40 = 3400 cycles at 64 MHz ≈ 53 µs.
    expect(evaluation.meanMicros).toBe(53)
    const history = await ok<{ deploymentId: string; status: string; metrics: Record<string, unknown> }[]>('devices.history', {})
    expect(history[0]).toMatchObject({
      deploymentId,
      status: 'evaluated',
      metrics: { bytes: r.bytes, deviceAccuracy: evaluation.deviceAccuracy }
    })
    expect(store.summary().totals.find((t) => t.domain === 'devices')!.figures).toEqual([
      { label: 'deployments', value: 1 },
      { label: 'models built', value: 1 },
      { label: 'samples captured', value: expect.any(Number) }
    ])
  })

  it('turns what goes wrong into typed errors a learner can act on', async () => {
    const missing = await call('devices.deploy', { model: 'gesture', path: '/dev/ttyACM9' })
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('/dev/ttyACM9 is not there any more') }
    })
    expect((await ok<{ status: string }[]>('devices.history', {}))[0]!.status).toBe('failed')
    ctx.devices.datasets.append('one', ['a'], 'only', [[1], [2]])
    expect(await call('devices.buildModel', { dataset: 'one', name: 'x', boardId: 'nano33ble' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: 'dataset "one" has only the label only: capture at least two labels' }
    })
    expect(await call('devices.fitCheck', { model: 'gesture', boardId: 'cp210x' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('is a bridge, not a board') }
    })
    expect(await call('devices.fitCheck', { model: 'nope', boardId: 'nano33ble' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' }
    })
    expect(await call('devices.buildModel', { dataset: 'missing', name: 'x', boardId: 'nano33ble' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('there is no dataset "missing"') }
    })
  })

  it('refuses hostile requests before they reach a port or a file', async () => {
    for (const [channel, input] of [
      ['devices.startCapture', { sessionId: 's', dataset: '../../etc/passwd', label: 'x' }],
      ['devices.startCapture', { sessionId: 's', dataset: 'ok', label: 'has,comma' }],
      ['devices.send', { sessionId: 's', text: 'x'.repeat(5000), lineEnding: 'lf' }],
      ['devices.openMonitor', { path: '/dev/x', baud: 0 }],
      ['devices.openMonitor', { path: '', baud: 9600 }],
      ['devices.buildModel', { dataset: 'gestures', name: 'a/b', boardId: 'nano33ble' }],
      ['devices.buildModel', { dataset: 'gestures', name: 'ok', boardId: 'nano33ble', epochs: 1e9 }],
      ['devices.deploy', { model: 'gesture', path: port, retries: -1 }],
      ['devices.startVirtual', { profile: 'Not An Id!' }]
    ] as const) {
      const r = await call(channel, input)
      expect(r, `${channel} ${JSON.stringify(input).slice(0, 60)}`).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    }
    expect(await call('devices.send', { sessionId: 'nope', text: 'x', lineEnding: 'lf' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: 'that monitor is closed: open the port again' }
    })
    expect(await call('devices.startVirtual', { profile: 'cp210x' })).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    // Only character devices are opened as ports: not a regular file, not a folder.
    for (const path of [store.path, ctx.dataDir]) {
      expect(await call('devices.openMonitor', { path, baud: 9600 })).toMatchObject({
        ok: false,
        error: { code: 'unavailable', message: `${path} is not a serial device: pick a port from the list` }
      })
    }
    expect(await call('devices.diagnose', { path: store.path, baud: 9600 })).toMatchObject({ ok: false, error: { code: 'unavailable' } })
  })
})
