/**
 * Post-training int8 quantisation of a trained Sequential of Linear and ReLU layers, as TensorFlow Lite's
 * converter does it for fully-connected models: per-tensor scales; weights symmetric (zero point 0, values
 * −127…127); activations asymmetric, their ranges measured on a calibration set (and widened to include
 * 0, so zero is exact); biases int32 at scale inputScale·weightScale; a ReLU fuses into the Linear before it.
 */
import { z } from 'zod'
import { runTtm } from './interpreter'
import { quantizeMultiplier } from './requant'
import type { DenseLayer, TtmModel } from './ttm'

const finite = z.number().finite()

/** What the training script returns: weight rows are outputs (weight[o][i]), as in TTM1. */
export const floatModelSchema = z
  .object({
    layers: z
      .array(
        z.discriminatedUnion('kind', [
          z
            .object({
              kind: z.literal('linear'),
              weight: z.array(z.array(finite).min(1).max(4096)).min(1).max(4096),
              bias: z.array(finite)
            })
            .strict(),
          z.object({ kind: z.literal('relu') }).strict()
        ])
      )
      .min(1)
      .max(128)
  })
  .strict()

export type FloatModel = z.infer<typeof floatModelSchema>
type Linear = Extract<FloatModel['layers'][number], { kind: 'linear' }>

interface FusedLayer {
  weight: number[][]
  bias: number[]
  relu: boolean
}

export class QuantizeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'QuantizeError'
  }
}

/** Checks the shapes and the layer order, and fuses each ReLU into the Linear before it. */
export function fuseLayers(model: FloatModel): FusedLayer[] {
  const fused: FusedLayer[] = []
  let width: number | null = null
  model.layers.forEach((layer, i) => {
    if (layer.kind === 'relu') {
      const last = fused[fused.length - 1]
      if (!last || last.relu) throw new QuantizeError(`layer ${i}: a ReLU must follow a Linear layer`)
      last.relu = true
      return
    }
    const lin: Linear = layer
    const inSize = lin.weight[0]!.length
    if (lin.weight.some((row) => row.length !== inSize)) throw new QuantizeError(`layer ${i}: the weight rows differ in length`)
    if (lin.bias.length !== lin.weight.length)
      throw new QuantizeError(`layer ${i}: ${lin.weight.length} outputs but ${lin.bias.length} biases`)
    if (width !== null && inSize !== width)
      throw new QuantizeError(`layer ${i}: takes ${inSize} inputs but the layer before gives ${width}`)
    width = lin.weight.length
    fused.push({ weight: lin.weight, bias: lin.bias, relu: false })
  })
  if (fused.length > 64) throw new QuantizeError(`${fused.length} Linear layers; a TTM1 model has at most 64`)
  return fused
}

export function inputSizeOf(model: FloatModel): number {
  return fuseLayers(model)[0]!.weight[0]!.length
}

function forwardFused(layers: readonly FusedLayer[], x: ArrayLike<number>, onLayer?: (l: number, y: Float64Array) => void): Float64Array {
  let h: ArrayLike<number> = x
  layers.forEach((layer, l) => {
    const y = new Float64Array(layer.weight.length)
    for (let o = 0; o < y.length; o++) {
      const row = layer.weight[o]!
      let acc = layer.bias[o]!
      for (let i = 0; i < row.length; i++) acc += row[i]! * h[i]!
      y[o] = layer.relu && acc < 0 ? 0 : acc
    }
    onLayer?.(l, y)
    h = y
  })
  return h as Float64Array
}

/** The float model's outputs (float64 arithmetic). */
export function floatForward(model: FloatModel, x: ArrayLike<number>): Float64Array {
  return forwardFused(fuseLayers(model), x)
}

/** std::round: halves away from zero, as TFLite quantises. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x)
}

/** Asymmetric int8 parameters covering [lo, hi] and 0. A range of nothing (a dead layer) gets scale 1/255. */
export function activationParams(lo: number, hi: number): { scale: number; zeroPoint: number } {
  lo = Math.min(lo, 0)
  hi = Math.max(hi, 0)
  if (hi - lo < 1e-8) hi = lo + 1
  const scale = Math.fround((hi - lo) / 255)
  const zeroPoint = Math.min(127, Math.max(-128, roundHalfAway(-128 - lo / scale)))
  return { scale, zeroPoint }
}

export function quantizeInput(x: ArrayLike<number>, scale: number, zeroPoint: number): Int8Array {
  const q = new Int8Array(x.length)
  for (let i = 0; i < x.length; i++) q[i] = Math.min(127, Math.max(-128, roundHalfAway(x[i]! / scale) + zeroPoint))
  return q
}

export function dequantize(q: ArrayLike<number>, scale: number, zeroPoint: number): Float64Array {
  return Float64Array.from({ length: q.length }, (_, i) => (q[i]! - zeroPoint) * scale)
}

const INT32_LIMIT = 2 ** 31 - 1

export function quantizeModel(model: FloatModel, calibration: readonly ArrayLike<number>[]): TtmModel {
  const layers = fuseLayers(model)
  if (calibration.length === 0) throw new QuantizeError('the calibration set is empty')
  const inputSize = layers[0]!.weight[0]!.length
  let inLo = Infinity
  let inHi = -Infinity
  const lo = layers.map(() => Infinity)
  const hi = layers.map(() => -Infinity)
  for (const x of calibration) {
    if (x.length !== inputSize) throw new QuantizeError(`a calibration example has ${x.length} values; the model takes ${inputSize}`)
    for (let i = 0; i < x.length; i++) {
      inLo = Math.min(inLo, x[i]!)
      inHi = Math.max(inHi, x[i]!)
    }
    forwardFused(layers, x, (l, y) => {
      for (const v of y) {
        if (v < lo[l]!) lo[l] = v
        if (v > hi[l]!) hi[l] = v
      }
    })
  }
  const input = activationParams(inLo, inHi)
  let inScale = input.scale
  let inZero = input.zeroPoint
  const dense: DenseLayer[] = layers.map((layer, l) => {
    const out = activationParams(lo[l]!, hi[l]!)
    const inSize = layer.weight[0]!.length
    const outSize = layer.weight.length
    let maxAbs = 0
    for (const row of layer.weight) for (const w of row) maxAbs = Math.max(maxAbs, Math.abs(w))
    const weightScale = Math.fround(maxAbs > 0 ? maxAbs / 127 : 1)
    const weights = new Int8Array(outSize * inSize)
    layer.weight.forEach((row, o) => {
      row.forEach((w, i) => {
        weights[o * inSize + i] = Math.min(127, Math.max(-127, roundHalfAway(w / weightScale)))
      })
    })
    const biasScale = inScale * weightScale
    const bias = Int32Array.from(layer.bias, (b) => Math.min(INT32_LIMIT, Math.max(-INT32_LIMIT, roundHalfAway(b / biasScale))))
    let requant: { multiplier: number; shift: number }
    try {
      requant = quantizeMultiplier((inScale * weightScale) / out.scale)
    } catch (e) {
      throw new QuantizeError(`layer ${l}: ${(e as Error).message}; its weights are out of proportion to its outputs`)
    }
    const { multiplier, shift } = requant
    const d: DenseLayer = {
      activation: layer.relu ? 'relu' : 'none',
      inSize,
      outSize,
      inputZeroPoint: inZero,
      outputZeroPoint: out.zeroPoint,
      outputScale: out.scale,
      multiplier,
      shift,
      weights,
      bias
    }
    inScale = out.scale
    inZero = out.zeroPoint
    return d
  })
  return {
    inputSize,
    outputSize: dense[dense.length - 1]!.outSize,
    inputScale: input.scale,
    inputZeroPoint: input.zeroPoint,
    layers: dense
  }
}

/** Index of the largest value (the first, on ties). */
export function argmax(xs: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i
  return best
}

export interface AccuracyReport {
  examples: number
  floatAccuracy: number
  int8Accuracy: number
  /** Fraction of examples where the int8 model picks the float model's class. */
  agreement: number
}

/** Float and int8 (TypeScript interpreter) accuracy on labelled examples. */
export function compareAccuracy(
  model: FloatModel,
  ttm: TtmModel,
  features: readonly ArrayLike<number>[],
  labels: readonly number[]
): AccuracyReport {
  let floatRight = 0
  let int8Right = 0
  let agree = 0
  features.forEach((x, k) => {
    const f = argmax(floatForward(model, x))
    const q = argmax(runTtm(ttm, quantizeInput(x, ttm.inputScale, ttm.inputZeroPoint)))
    if (f === labels[k]) floatRight++
    if (q === labels[k]) int8Right++
    if (f === q) agree++
  })
  const n = Math.max(1, features.length)
  return { examples: features.length, floatAccuracy: floatRight / n, int8Accuracy: int8Right / n, agreement: agree / n }
}
