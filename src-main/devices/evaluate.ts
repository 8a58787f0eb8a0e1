/**
 * On-device accuracy and latency: runs a model's held-out test set through a board (INFER per example)
 * and compares with the host's float model and the host's int8 interpreter.
 */
import type { DeviceClient } from './client'
import { runTtm } from './interpreter'
import { argmax, floatForward, type FloatModel, quantizeInput } from './quantize'
import type { TtmModel } from './ttm'

export interface DeviceEvaluation {
  examples: number
  deviceAccuracy: number
  hostFloatAccuracy: number
  hostInt8Accuracy: number
  /** Examples where the board's int8 outputs equal the host interpreter's bit for bit. */
  bitExact: number
  /** What the board reports per inference. */
  meanMicros: number
  maxMicros: number
  /** Round trip per example seen from the host (serial transfer included). */
  meanRoundTripSeconds: number
}

export async function evaluateOnDevice(
  client: DeviceClient,
  model: TtmModel,
  floatModel: FloatModel,
  test: { features: number[][]; labels: number[] },
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal
): Promise<DeviceEvaluation> {
  let device = 0
  let float = 0
  let int8 = 0
  let exact = 0
  let micros = 0
  let maxMicros = 0
  const started = performance.now()
  const n = test.features.length
  for (let k = 0; k < n; k++) {
    if (signal?.aborted) throw new Error('cancelled')
    const x = test.features[k]!
    const label = test.labels[k]!
    const q = quantizeInput(x, model.inputScale, model.inputZeroPoint)
    const host = runTtm(model, q)
    const r = await client.infer(q)
    if (argmax(r.output) === label) device++
    if (argmax(host) === label) int8++
    if (argmax(floatForward(floatModel, x)) === label) float++
    if (r.output.length === host.length && r.output.every((v, i) => v === host[i])) exact++
    micros += r.micros
    maxMicros = Math.max(maxMicros, r.micros)
    onProgress?.(k + 1, n)
  }
  const d = Math.max(1, n)
  return {
    examples: n,
    deviceAccuracy: device / d,
    hostFloatAccuracy: float / d,
    hostInt8Accuracy: int8 / d,
    bitExact: exact,
    meanMicros: micros / d,
    maxMicros,
    meanRoundTripSeconds: (performance.now() - started) / 1000 / d
  }
}
