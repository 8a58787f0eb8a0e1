import type { SimParams, SimResult } from '../../src-preload/contract'
import { fraction, nonNegative, paramsObject, positive } from './validate'

/** Roofline model: time = max(flops / peak, bytes / bandwidth). */
export function roofline(params: SimParams<'roofline'>): SimResult<'roofline'> {
  const p = paramsObject(params, 'roofline')
  const flops = nonNegative('flops', p.flops)
  const bytes = nonNegative('bytes', p.bytes)
  const peakFlops = positive('peakFlops', p.peakFlops)
  const bandwidth = positive('bandwidth', p.bandwidth)
  const computeSeconds = flops / peakFlops
  const memorySeconds = bytes / bandwidth
  const intensity = bytes === 0 ? (flops === 0 ? 0 : Infinity) : flops / bytes
  const ridge = peakFlops / bandwidth
  const bound = computeSeconds >= memorySeconds ? 'compute' : 'memory'
  return {
    seconds: Math.max(computeSeconds, memorySeconds),
    bound,
    intensity,
    ridge,
    computeSeconds,
    memorySeconds,
    attainableFlops: Math.min(peakFlops, intensity * bandwidth)
  }
}

/** Amdahl's law: 1 / ((1 - p) + p / s). */
export function amdahl(params: SimParams<'amdahl'>): number {
  const p = paramsObject(params, 'amdahl')
  const f = fraction('parallelFraction', p.parallelFraction)
  const s = positive('speedup', p.speedup)
  return 1 / (1 - f + f / s)
}
