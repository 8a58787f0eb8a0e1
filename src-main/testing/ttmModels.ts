/**
 * Random valid TTM1 models and inputs for differential tests between the TypeScript and C runtimes.
 * Most layers requantise realistically; one in five takes extremes of the valid range (left shifts that
 * wrap, the largest right shifts, biases near the int32 limits). Zero points cover the whole int8 range.
 */
import type { DenseLayer, TtmModel } from '../devices'

export function randomModel(rnd: () => number, opts: { maxLayers?: number; maxWidth?: number } = {}): TtmModel {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1))
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const maxWidth = opts.maxWidth ?? 48
  const layerCount = int(1, opts.maxLayers ?? 5)
  const inputSize = int(1, maxWidth)
  const inputZeroPoint = int(-128, 127)
  const layers: DenseLayer[] = []
  let inSize = inputSize
  let zero = inputZeroPoint
  for (let l = 0; l < layerCount; l++) {
    const outSize = int(1, maxWidth)
    const outputZeroPoint = int(-128, 127)
    const weights = Int8Array.from({ length: inSize * outSize }, () => int(-128, 127))
    // Mostly realistic requantisation (an output spread of tens of units for int8 inputs spread uniformly,
    // whose accumulator spreads about 74 · 74 · √inSize), sometimes the extremes of the valid range.
    const realistic = rnd() < 0.8
    const biasRange = realistic ? pick([0, 100, 5000]) : pick([2 ** 20, 2 ** 31 - 1])
    const bias = Int32Array.from({ length: outSize }, () => int(-biasRange, biasRange))
    const target = (10 + 60 * rnd()) / (74 * 74 * Math.sqrt(inSize))
    const shift = realistic ? Math.floor(Math.log2(target)) + 1 : pick([int(-31, 30), -31, 30, 0])
    const multiplier = realistic ? int(2 ** 30, 2 ** 31 - 1) : pick([0, 2 ** 31 - 1, int(0, 2 ** 31 - 1)])
    layers.push({
      activation: rnd() < 0.5 ? 'relu' : 'none',
      inSize,
      outSize,
      inputZeroPoint: zero,
      outputZeroPoint,
      outputScale: Math.fround(0.001 + rnd()),
      multiplier,
      shift,
      weights,
      bias
    })
    inSize = outSize
    zero = outputZeroPoint
  }
  return { inputSize, outputSize: inSize, inputScale: Math.fround(0.001 + rnd()), inputZeroPoint, layers }
}

export function randomInput(rnd: () => number, size: number): Int8Array {
  return Int8Array.from({ length: size }, () => -128 + Math.floor(rnd() * 256))
}
