import type { SimParams, SimResult } from '../../src-preload/contract'
import { fraction, nonNegative, paramsObject, positive, integer, ranks, SimInputError } from './validate'

/** Young/Daly optimal checkpoint interval: sqrt(2 delta M). */
export function youngDalyInterval(params: SimParams<'youngDalyInterval'>): number {
  const p = paramsObject(params, 'youngDalyInterval')
  const delta = nonNegative('checkpointSeconds', p.checkpointSeconds)
  const m = positive('mtbfSeconds', p.mtbfSeconds)
  return Math.sqrt(2 * delta * m)
}

/** MTBF of `count` independent identical components: MTBF / count * correlation. */
export function clusterMtbf(params: SimParams<'clusterMtbf'>): number {
  const p = paramsObject(params, 'clusterMtbf')
  const mtbf = positive('componentMtbfSeconds', p.componentMtbfSeconds)
  const count = ranks('count', p.count)
  const correlation = p.correlation === undefined ? 1 : positive('correlation', p.correlation)
  return (mtbf / count) * correlation
}

/** Series system of component types: 1 / sum(count / MTBF). Infinity when no components fail. */
export function nodeMtbf(params: SimParams<'nodeMtbf'>): number {
  const p = paramsObject(params, 'nodeMtbf')
  if (!Array.isArray(p.components) || p.components.length === 0) {
    throw new SimInputError(
      'components',
      `components must be a non-empty array of { count, mtbfSeconds } (got ${JSON.stringify(p.components)})`
    )
  }
  let rate = 0
  p.components.forEach((c: unknown, i: number) => {
    const item = paramsObject(c, `nodeMtbf components[${i}]`)
    const count = integer(`components[${i}].count`, item.count, 0)
    const mtbf = positive(`components[${i}].mtbfSeconds`, item.mtbfSeconds)
    rate += count / mtbf
  })
  return rate === 0 ? Infinity : 1 / rate
}

/** Probability of at least one failure during T with exponential failures: 1 - e^(-T/M). */
export function failureProbability(params: SimParams<'failureProbability'>): number {
  const p = paramsObject(params, 'failureProbability')
  const t = nonNegative('durationSeconds', p.durationSeconds)
  const m = positive('mtbfSeconds', p.mtbfSeconds)
  return -Math.expm1(-t / m)
}

/** Availability of k independent replicas where any one suffices: 1 - (1 - A)^k. */
export function stackedAvailability(params: SimParams<'stackedAvailability'>): number {
  const p = paramsObject(params, 'stackedAvailability')
  const a = fraction('availability', p.availability)
  const k = ranks('replicas', p.replicas)
  return 1 - (1 - a) ** k
}

/**
 * Checkpointing overhead and goodput of a job on `count` GPUs (Young 1974, Daly 2006, first order):
 * with cluster MTBF M = componentMtbf / count, checkpoint write time delta and restart cost R, an interval tau
 * loses delta / tau to writing checkpoints, tau / 2M to work redone after a failure (half an interval on
 * average) and R / M to restarts. The sum is least at tau* = sqrt(2 delta M), where it is sqrt(2 delta / M) + R / M.
 * Goodput is the rest; the overhead is capped at 1 (nothing useful gets done).
 */
export function checkpointGoodput(params: SimParams<'checkpointGoodput'>): SimResult<'checkpointGoodput'> {
  const p = paramsObject(params, 'checkpointGoodput')
  const componentMtbfSeconds = positive('componentMtbfSeconds', p.componentMtbfSeconds)
  const m = clusterMtbf({ componentMtbfSeconds, count: ranks('count', p.count) })
  const delta = nonNegative('checkpointSeconds', p.checkpointSeconds)
  const restart = p.restartSeconds === undefined ? 0 : nonNegative('restartSeconds', p.restartSeconds)
  const optimal = youngDalyInterval({ checkpointSeconds: delta, mtbfSeconds: m })
  const tau = p.intervalSeconds === undefined ? optimal : positive('intervalSeconds', p.intervalSeconds)
  const checkpointFraction = tau === 0 ? (delta === 0 ? 0 : Infinity) : delta / tau
  const lostWorkFraction = tau / (2 * m)
  const restartFraction = restart / m
  const overheadFraction = Math.min(1, checkpointFraction + lostWorkFraction + restartFraction)
  const overheadAtOptimum = Math.min(1, Math.sqrt((2 * delta) / m) + restartFraction)
  return {
    mtbfSeconds: m,
    optimalIntervalSeconds: optimal,
    intervalSeconds: tau,
    checkpointFraction,
    lostWorkFraction,
    restartFraction,
    overheadFraction,
    goodput: 1 - overheadFraction,
    overheadAtOptimum,
    goodputAtOptimum: 1 - overheadAtOptimum
  }
}
