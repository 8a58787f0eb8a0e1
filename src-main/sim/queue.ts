import type { SimParams, SimResult } from '../../src-preload/contract'
import { nonNegative, paramsObject, positive, ranks } from './validate'

/** log(sum(exp(xs))) without overflow. */
function logSumExp(xs: number[]): number {
  let max = -Infinity
  for (const x of xs) if (x > max) max = x
  if (max === -Infinity) return -Infinity
  let sum = 0
  for (const x of xs) sum += Math.exp(x - max)
  return max + Math.log(sum)
}

/**
 * Erlang C probability of waiting, computed in log space:
 * C = [a^c/c! * 1/(1-rho)] / [sum_{k<c} a^k/k! + a^c/c! * 1/(1-rho)], a = lambda/mu.
 */
export function erlangC(offeredLoad: number, servers: number): number {
  const a = offeredLoad
  const c = servers
  const rho = a / c
  if (a === 0) return 0
  if (rho >= 1) return 1
  const logA = Math.log(a)
  const terms: number[] = new Array(c + 1)
  let logFactorial = 0 // log k!
  for (let k = 0; k < c; k++) {
    if (k > 0) logFactorial += Math.log(k)
    terms[k] = k * logA - logFactorial
  }
  logFactorial += Math.log(c)
  const logLast = c * logA - logFactorial - Math.log1p(-rho)
  terms[c] = logLast
  return Math.exp(logLast - logSumExp(terms))
}

/** Wait quantile for M/M/c: P(W > t) = C exp(-(c mu - lambda) t). */
function waitQuantile(probWait: number, drain: number, q: number): number {
  if (probWait <= 0) return 0
  return Math.max(0, Math.log(probWait / (1 - q)) / drain)
}

/** M/M/c queue (Erlang C). */
export function mmcQueue(params: SimParams<'mmcQueue'>): SimResult<'mmcQueue'> {
  const p = paramsObject(params, 'mmcQueue')
  const lambda = nonNegative('arrivalRate', p.arrivalRate)
  const mu = positive('serviceRate', p.serviceRate)
  const c = ranks('servers', p.servers)
  const utilization = lambda / (c * mu)
  if (utilization >= 1) {
    return {
      utilization,
      stable: false,
      probWait: 1,
      waitP50: Infinity,
      waitP99: Infinity,
      meanWait: Infinity,
      meanResponse: Infinity
    }
  }
  const probWait = erlangC(lambda / mu, c)
  const drain = c * mu - lambda
  const meanWait = probWait / drain
  return {
    utilization,
    stable: true,
    probWait,
    waitP50: waitQuantile(probWait, drain, 0.5),
    waitP99: waitQuantile(probWait, drain, 0.99),
    meanWait,
    meanResponse: meanWait + 1 / mu
  }
}
