import { fraction, nonNegative, paramsObject, positive, integer, ranks, SimInputError } from './validate'

export interface YoungDalyParams {
  /** delta: time to write one checkpoint, seconds. */
  checkpointSeconds: number
  /** M: mean time between failures of the job's whole cluster, seconds. */
  mtbfSeconds: number
}

/** Young/Daly optimal checkpoint interval: sqrt(2 delta M). */
export function youngDalyInterval(params: YoungDalyParams): number {
  const p = paramsObject(params, 'youngDalyInterval')
  const delta = nonNegative('checkpointSeconds', p.checkpointSeconds)
  const m = positive('mtbfSeconds', p.mtbfSeconds)
  return Math.sqrt(2 * delta * m)
}

export interface ClusterMtbfParams {
  componentMtbfSeconds: number
  count: number
  /** Multiplier for correlated failures (default 1 = independent). */
  correlation?: number
}

/** MTBF of `count` independent identical components: MTBF / count * correlation. */
export function clusterMtbf(params: ClusterMtbfParams): number {
  const p = paramsObject(params, 'clusterMtbf')
  const mtbf = positive('componentMtbfSeconds', p.componentMtbfSeconds)
  const count = ranks('count', p.count)
  const correlation = p.correlation === undefined ? 1 : positive('correlation', p.correlation)
  return (mtbf / count) * correlation
}

export interface NodeMtbfParams {
  components: { count: number; mtbfSeconds: number }[]
}

/** Series system of component types: 1 / sum(count / MTBF). Infinity when no components fail. */
export function nodeMtbf(params: NodeMtbfParams): number {
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

export interface FailureProbabilityParams {
  durationSeconds: number
  mtbfSeconds: number
}

/** Probability of at least one failure during T with exponential failures: 1 - e^(-T/M). */
export function failureProbability(params: FailureProbabilityParams): number {
  const p = paramsObject(params, 'failureProbability')
  const t = nonNegative('durationSeconds', p.durationSeconds)
  const m = positive('mtbfSeconds', p.mtbfSeconds)
  return -Math.expm1(-t / m)
}

export interface StackedAvailabilityParams {
  /** Availability of one replica, 0..1. */
  availability: number
  /** Independent replicas k (integer >= 1). */
  replicas: number
}

/** Availability of k independent replicas where any one suffices: 1 - (1 - A)^k. */
export function stackedAvailability(params: StackedAvailabilityParams): number {
  const p = paramsObject(params, 'stackedAvailability')
  const a = fraction('availability', p.availability)
  const k = ranks('replicas', p.replicas)
  return 1 - (1 - a) ** k
}
