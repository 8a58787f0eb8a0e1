// Registry of every simulator function (for the CLI `sim <function> '<json>'` and IPC) and the sweep engine.
import {
  isSimFunctionName,
  simFunctions,
  type SimFunctionName,
  type SimParams,
  type SimResult,
  type SweepResult
} from '../../src-preload/contract'
import { CatalogError } from './catalog'
import { allToAll, hierarchicalAllReduce, ringAllReduce, treeAllReduce } from './collectives'
import { compression } from './compression'
import { inferenceLatency, trainingStep } from './inference'
import { activationMemory, kvCacheBytes, pagedKvCache } from './memory'
import { parallelStep } from './parallel'
import { mmcQueue } from './queue'
import { checkpointGoodput, clusterMtbf, failureProbability, nodeMtbf, stackedAvailability, youngDalyInterval } from './reliability'
import { amdahl, roofline } from './roofline'
import { chinchillaOptimal, egressCostMonthly, networkRoundTrip, pipelineBubble, trainingFlops } from './scaling'
import { llmServing } from './serving'
import { sustainability, tco } from './sustainability'
import { mcuInference, peakActivation } from './tinyml'
import { trainingMemory } from './trainingMemory'
import { SimInputError, integer, paramsObject } from './validate'

const entry = <N extends SimFunctionName>(
  name: N,
  description: string,
  fn: (params: SimParams<N>) => SimResult<N>
): SimFunctionEntry<N> => ({ fn, description, kind: simFunctions[name].kind })

export interface SimFunctionEntry<N extends SimFunctionName = SimFunctionName> {
  fn: (params: SimParams<N>) => SimResult<N>
  description: string
  kind: (typeof simFunctions)[N]['kind']
}

/** Every function at once, for callers whose names and parameters come from outside (CLI, IPC, sweeps). */
type AnyFunction = (params: unknown) => unknown

/** The function registered under a name; it validates its own parameters, whatever they are. */
function functionOf(name: SimFunctionName): AnyFunction {
  return models[name].fn as unknown as AnyFunction
}

/**
 * The most points one sweep may evaluate: tens of milliseconds of work and a few MB of results. A dashboard
 * needs a few thousand; a larger grid is refused with SimLimitError rather than run.
 */
export const SWEEP_MAX_POINTS = 20_000

/** A request that asks for more work than the engine allows. */
export class SimLimitError extends SimInputError {}

/** Evaluate a registered function over the cartesian grid of `axes`; invalid points carry `error`. */
export function sweep(params: SimParams<'sweep'>): SweepResult {
  const p = paramsObject(params, 'sweep')
  const name = p.model
  if (typeof name !== 'string' || !isSimFunctionName(name) || name === 'sweep') {
    throw new SimInputError(
      'model',
      `model must be the name of a simulator function (got ${JSON.stringify(name)}); known: ${Object.keys(models)
        .filter((k) => k !== 'sweep')
        .join(', ')}`
    )
  }
  const fn = functionOf(name)
  const base = p.base === undefined ? {} : paramsObject(p.base, 'sweep base')
  const axesObj = paramsObject(p.axes, 'sweep axes')
  const maxPoints = p.maxPoints === undefined ? SWEEP_MAX_POINTS : Math.min(integer('maxPoints', p.maxPoints, 1), SWEEP_MAX_POINTS)
  const names = Object.keys(axesObj)
  const values: (number | string)[][] = names.map((axis) => {
    const vals = axesObj[axis]
    const field = `axes.${axis}`
    if (!Array.isArray(vals) || vals.length === 0)
      throw new SimInputError(field, `${field} must be a non-empty array (got ${JSON.stringify(vals)})`)
    for (const v of vals) {
      if (!(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) {
        throw new SimInputError(field, `${field} must contain finite numbers or strings (got ${JSON.stringify(v)})`)
      }
    }
    return vals as (number | string)[]
  })
  let count = 1
  for (const v of values) count *= v.length
  if (count > maxPoints) {
    const limit = maxPoints === SWEEP_MAX_POINTS ? `the most one sweep may evaluate (${SWEEP_MAX_POINTS})` : `maxPoints ${maxPoints}`
    throw new SimLimitError('axes', `axes give ${count} points, more than ${limit}: use fewer or coarser axes`)
  }

  const points: SweepResult['points'] = new Array(count)
  const idx = new Array<number>(names.length).fill(0)
  let errors = 0
  // Invalid points are expected in a grid; skip V8 stack capture while they throw.
  const ErrorCtor = Error as { stackTraceLimit?: number }
  const savedLimit = ErrorCtor.stackTraceLimit
  ErrorCtor.stackTraceLimit = 0
  // One params object reused across points: the functions are pure and keep no reference to it.
  const call: Record<string, unknown> = { ...base }
  try {
    for (let i = 0; i < count; i++) {
      const inputs: Record<string, number | string> = {}
      for (let a = 0; a < names.length; a++) {
        const v = values[a]![idx[a]!]!
        inputs[names[a]!] = v
        call[names[a]!] = v
      }
      try {
        points[i] = { inputs, output: fn(call) }
      } catch (e) {
        if (!(e instanceof SimInputError || e instanceof CatalogError)) throw e
        errors++
        points[i] = { inputs, error: e.message }
      }
      // advance the odometer, last axis fastest
      for (let a = names.length - 1; a >= 0; a--) {
        if (++idx[a]! < values[a]!.length) break
        idx[a] = 0
      }
    }
  } finally {
    ErrorCtor.stackTraceLimit = savedLimit
  }
  return { model: name, axes: names, count, errors, points }
}

/** Every simulator function of the contract by name, each taking one object of named parameters. */
export const models: { [N in SimFunctionName]: SimFunctionEntry<N> } = {
  roofline: entry('roofline', 'Roofline time, bound, arithmetic intensity and ridge point for flops/bytes on a device', roofline),
  amdahl: entry('amdahl', "Amdahl's law: overall speedup from a parallel fraction and its speedup", amdahl),
  ringAllReduce: entry('ringAllReduce', 'Ring all-reduce time (alpha-beta): 2(N-1)/N M/beta + 2(N-1) alpha', ringAllReduce),
  treeAllReduce: entry('treeAllReduce', 'Tree all-reduce time: 2 ceil(log2 N) (M/beta + alpha)', treeAllReduce),
  allToAll: entry('allToAll', 'All-to-all time: (N-1)/N M/beta + (N-1) alpha', allToAll),
  hierarchicalAllReduce: entry(
    'hierarchicalAllReduce',
    'Hierarchical all-reduce: intra-node reduce-scatter, inter-node ring, intra-node all-gather',
    hierarchicalAllReduce
  ),
  activationMemory: entry(
    'activationMemory',
    'Transformer activation bytes (Korthikanti et al. 2022) with none/selective/full recompute',
    activationMemory
  ),
  kvCacheBytes: entry('kvCacheBytes', 'KV-cache bytes: 2 x layers x kvHeads x headDim x seqLen x batch x bytesPerValue', kvCacheBytes),
  pagedKvCache: entry('pagedKvCache', 'Paged KV cache: allocated bytes and fragmentation with whole pages per sequence', pagedKvCache),
  mmcQueue: entry('mmcQueue', 'M/M/c queue (Erlang C): utilisation, probability of waiting, mean/p50/p99 wait', mmcQueue),
  youngDalyInterval: entry('youngDalyInterval', 'Young/Daly optimal checkpoint interval sqrt(2 delta MTBF)', youngDalyInterval),
  clusterMtbf: entry('clusterMtbf', 'Cluster MTBF = component MTBF / count x correlation', clusterMtbf),
  nodeMtbf: entry('nodeMtbf', 'Node MTBF from component counts and MTBFs: 1 / sum(count / MTBF)', nodeMtbf),
  failureProbability: entry(
    'failureProbability',
    'Probability of at least one failure in a duration: 1 - exp(-T/MTBF)',
    failureProbability
  ),
  checkpointGoodput: entry(
    'checkpointGoodput',
    'Checkpoint overhead and goodput: delta/tau + tau/2M + R/M with M = component MTBF / GPUs; tau defaults to Young/Daly',
    checkpointGoodput
  ),
  pipelineBubble: entry('pipelineBubble', 'Pipeline bubble fraction (p-1)/(v m + p-1)', pipelineBubble),
  stackedAvailability: entry('stackedAvailability', 'Availability of k independent replicas: 1 - (1-A)^k', stackedAvailability),
  trainingFlops: entry('trainingFlops', 'Training compute 6 x params x tokens', trainingFlops),
  chinchillaOptimal: entry('chinchillaOptimal', 'Compute-optimal params and tokens (D = 20 P, C = 6 P D)', chinchillaOptimal),
  networkRoundTrip: entry('networkRoundTrip', 'Fibre round-trip propagation time at 2e8 m/s', networkRoundTrip),
  egressCostMonthly: entry(
    'egressCostMonthly',
    'Egress dollars for a 30-day month at a steady byte rate (GB = 1e9 bytes)',
    egressCostMonthly
  ),
  peakActivation: entry(
    'peakActivation',
    'Peak activation bytes of a CNN: 2 x ceil(H/s) x ceil(W/s) x C x bits/8 (widest layer in and out)',
    peakActivation
  ),
  inferenceLatency: entry(
    'inferenceLatency',
    'Single-device inference pass: compute vs memory time, latency, throughput, MFU, energy',
    inferenceLatency
  ),
  trainingStep: entry(
    'trainingStep',
    'Single-device training step (3x forward FLOP): compute vs memory time, throughput, MFU, energy',
    trainingStep
  ),
  trainingMemory: entry(
    'trainingMemory',
    'Per-device training memory: weights, gradients, optimizer, activations under ZeRO/TP/PP; fits?',
    trainingMemory
  ),
  llmServing: entry('llmServing', 'LLM serving: KV cache per sequence, TTFT, inter-token latency, max concurrent sequences', llmServing),
  parallelStep: entry(
    'parallelStep',
    '3D-parallel training step: compute, TP all-reduces, pipeline bubble, DP all-reduce, scaling efficiency',
    parallelStep
  ),
  sustainability: entry('sustainability', 'Energy, carbon and water of a run from power, duration and grid', sustainability),
  tco: entry('tco', 'Total cost of ownership: capex amortised over years + energy + maintenance', tco),
  compression: entry('compression', 'Quantisation/pruning: size ratio, memory saved, memory-bound speedup', compression),
  mcuInference: entry(
    'mcuInference',
    'Microcontroller inference: weights vs flash, peak activations vs SRAM, latency max(F/(eta peak), (W+A)/flash bandwidth)',
    mcuInference
  ),
  sweep: entry('sweep', 'Evaluate any registered function over a cartesian grid of parameter values', sweep)
}

/** Run a registered function by name (CLI / IPC entry point). */
export function runSim(name: string, params: unknown): unknown {
  if (!isSimFunctionName(name)) {
    throw new SimInputError('function', `unknown simulator function ${JSON.stringify(name)}; known: ${Object.keys(models).join(', ')}`)
  }
  return functionOf(name)(params)
}
