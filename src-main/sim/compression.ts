import type { SimParams, SimResult } from '../../src-preload/contract'
// Quantisation and pruning: size ratio and memory-bound speedup.
import { amdahl } from './roofline'
import { lookupModel, numberOr, pick } from './resolve'
import { fraction, fractionBelowOne, nonNegative, paramsObject, positive } from './validate'

export function compression(params: SimParams<'compression'>): SimResult<'compression'> {
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
