// Quantisation and pruning: size ratio and memory-bound speedup.
import { amdahl } from './roofline'
import { lookupModel, numberOr, pick } from './resolve'
import { fraction, fractionBelowOne, nonNegative, paramsObject, positive } from './validate'

export interface CompressionParams {
  /** Catalog model id, or give params. */
  model?: string
  params?: number
  /** Bits per weight before, default 16. */
  bitsBefore?: number
  /** Bits per weight after quantisation, default 16 (no quantisation). */
  bitsAfter?: number
  /** Fraction of weights pruned, 0..1 (exclusive of 1), default 0. */
  sparsity?: number
  /** Index metadata per kept weight for sparse storage, default 0 (e.g. 2 for 2:4). */
  indexBitsPerNonzero?: number
  /** Quantisation scale/zero-point overhead per weight, default 0 (e.g. 16/128 = 0.125 for a 16-bit scale per 128-group). */
  scaleBitsPerParam?: number
  /** Fraction of run time that is memory-bound weight traffic, default 1. */
  memoryBoundFraction?: number
}

export interface CompressionResult {
  bytesBefore: number
  bytesAfter: number
  bitsPerParamAfter: number
  /** bytesBefore / bytesAfter. */
  ratio: number
  savedBytes: number
  savedFraction: number
  /** Speedup if run time were all weight traffic: the ratio. */
  memoryBoundSpeedup: number
  /** Amdahl: only memoryBoundFraction of run time speeds up by the ratio. */
  speedup: number
}

export function compression(params: CompressionParams): CompressionResult {
  const p = paramsObject(params, 'compression')
  const m = lookupModel(p)
  const n = pick(p, 'params', m?.params, positive, 'give a model id or params')
  const bitsBefore = numberOr(p, 'bitsBefore', 16, positive)
  const bitsAfter = numberOr(p, 'bitsAfter', 16, positive)
  const sparsity = numberOr(p, 'sparsity', 0, fractionBelowOne)
  const indexBits = numberOr(p, 'indexBitsPerNonzero', 0, nonNegative)
  const scaleBits = numberOr(p, 'scaleBitsPerParam', 0, nonNegative)
  const memFrac = numberOr(p, 'memoryBoundFraction', 1, fraction)
  const bitsPerParamAfter = (1 - sparsity) * (bitsAfter + indexBits) + scaleBits
  const bytesBefore = (n * bitsBefore) / 8
  const bytesAfter = (n * bitsPerParamAfter) / 8
  const ratio = bytesBefore / bytesAfter
  return {
    bytesBefore,
    bytesAfter,
    bitsPerParamAfter,
    ratio,
    savedBytes: bytesBefore - bytesAfter,
    savedFraction: 1 - bytesAfter / bytesBefore,
    memoryBoundSpeedup: ratio,
    speedup: amdahl({ parallelFraction: memFrac, speedup: ratio })
  }
}
