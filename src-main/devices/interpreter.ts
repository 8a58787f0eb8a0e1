/**
 * The TypeScript twin of native/tinyrt: runs a validated TTM1 model on int8 input, bit for bit as
 * TensorFlow Lite's reference int8 fully-connected kernel does (see requant.ts).
 */
import { multiplyByQuantizedMultiplier } from './requant'
import type { DenseLayer, TtmModel } from './ttm'

/** One dense layer: acc = bias[o] + Σ w[o][i]·(x[i] − inputZeroPoint), requantised, offset, clamped. */
export function denseInt8(layer: DenseLayer, x: Int8Array): Int8Array {
  const { inSize, outSize, weights, bias, inputZeroPoint, outputZeroPoint, multiplier, shift } = layer
  const y = new Int8Array(outSize)
  const low = layer.activation === 'relu' ? Math.max(-128, outputZeroPoint) : -128
  for (let o = 0; o < outSize; o++) {
    let acc = bias[o]!
    const row = o * inSize
    for (let i = 0; i < inSize; i++) acc = (acc + weights[row + i]! * (x[i]! - inputZeroPoint)) | 0
    let v = (multiplyByQuantizedMultiplier(acc, multiplier, shift) + outputZeroPoint) | 0
    if (v < low) v = low
    if (v > 127) v = 127
    y[o] = v
  }
  return y
}

export function runTtm(model: TtmModel, input: Int8Array): Int8Array {
  if (input.length !== model.inputSize) throw new RangeError(`the model takes ${model.inputSize} int8 inputs, got ${input.length}`)
  let x = input
  for (const layer of model.layers) x = denseInt8(layer, x)
  return x
}

/** Multiply-accumulates of one inference. */
export function macCount(model: TtmModel): number {
  return model.layers.reduce((s, l) => s + l.inSize * l.outSize, 0)
}

/**
 * Bytes of activation memory one inference needs: the C runtime keeps a layer's input at one end of
 * its arena and writes the output at the other, so the peak is the largest inSize + outSize.
 */
export function arenaBytes(model: TtmModel): number {
  return model.layers.reduce((m, l) => Math.max(m, l.inSize + l.outSize), 0)
}
