import { fraction, nonNegative, paramsObject, positive } from './validate'

export interface RooflineParams {
  /** Work in FLOP. */
  flops: number
  /** Bytes moved to/from memory. */
  bytes: number
  /** Peak compute in FLOP/s. */
  peakFlops: number
  /** Memory bandwidth in bytes/s. */
  bandwidth: number
}

export interface RooflineResult {
  /** max(computeSeconds, memorySeconds). */
  seconds: number
  /** 'compute' when computeSeconds >= memorySeconds (a tie counts as compute). */
  bound: 'compute' | 'memory'
  /** Arithmetic intensity, FLOP/byte (Infinity when bytes = 0 and flops > 0). */
  intensity: number
  /** Ridge point peakFlops / bandwidth, FLOP/byte. */
  ridge: number
  computeSeconds: number
  memorySeconds: number
  /** Attainable FLOP/s = min(peakFlops, intensity * bandwidth). */
  attainableFlops: number
}

/** Roofline model: time = max(flops / peak, bytes / bandwidth). */
export function roofline(params: RooflineParams): RooflineResult {
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

export interface AmdahlParams {
  /** Fraction of the work that is parallelisable, 0..1. */
  parallelFraction: number
  /** Speedup of the parallel part (e.g. number of processors), > 0. */
  speedup: number
}

/** Amdahl's law: 1 / ((1 - p) + p / s). */
export function amdahl(params: AmdahlParams): number {
  const p = paramsObject(params, 'amdahl')
  const f = fraction('parallelFraction', p.parallelFraction)
  const s = positive('speedup', p.speedup)
  return 1 / (1 - f + f / s)
}
