import type { SimParams, SimResult } from '../../src-preload/contract'
import { nonNegative, paramsObject, ranks } from './validate'

/** Pipeline bubble fraction of the step: (p-1) / (v m + p - 1). */
export function pipelineBubble(params: SimParams<'pipelineBubble'>): number {
  const p = paramsObject(params, 'pipelineBubble')
  const stages = ranks('stages', p.stages)
  const m = ranks('microbatches', p.microbatches)
  const v = p.virtualStages === undefined ? 1 : ranks('virtualStages', p.virtualStages)
  return (stages - 1) / (v * m + stages - 1)
}

/** Training compute C = 6 P D FLOP (forward 2PD + backward 4PD). */
export function trainingFlops(params: SimParams<'trainingFlops'>): number {
  const p = paramsObject(params, 'trainingFlops')
  return 6 * nonNegative('params', p.params) * nonNegative('tokens', p.tokens)
}

/** Chinchilla compute-optimal split (Hoffmann et al. 2022): D = 20 P, C = 6 P D => P = sqrt(C / 120). */
export function chinchillaOptimal(params: SimParams<'chinchillaOptimal'>): SimResult<'chinchillaOptimal'> {
  const p = paramsObject(params, 'chinchillaOptimal')
  const c = nonNegative('computeFlops', p.computeFlops)
  const n = Math.sqrt(c / 120)
  return { params: n, tokens: 20 * n }
}

/** Speed of light in optical fibre, m/s (refractive index ~1.5). */
export const FIBRE_METRES_PER_SECOND = 2e8
export const SECONDS_PER_30_DAY_MONTH = 30 * 24 * 3600
export const BYTES_PER_GB = 1e9

/** Propagation-only round trip through fibre: 2 d / 2e8 m/s. */
export function networkRoundTrip(params: SimParams<'networkRoundTrip'>): number {
  const p = paramsObject(params, 'networkRoundTrip')
  return (2 * nonNegative('distanceMeters', p.distanceMeters)) / FIBRE_METRES_PER_SECOND
}

/** Egress dollars for a 30-day month at a steady rate (GB = 1e9 bytes). */
export function egressCostMonthly(params: SimParams<'egressCostMonthly'>): number {
  const p = paramsObject(params, 'egressCostMonthly')
  const rate = nonNegative('bytesPerSecond', p.bytesPerSecond)
  const price = nonNegative('dollarsPerGB', p.dollarsPerGB)
  return ((rate * SECONDS_PER_30_DAY_MONTH) / BYTES_PER_GB) * price
}
