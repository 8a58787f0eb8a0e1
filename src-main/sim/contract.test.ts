// The engine answers in the shapes the contract declares (src-preload/contract/sim.ts), for every function.
import { describe, expect, it } from 'vitest'
import {
  decodeNonFinite,
  encodeNonFinite,
  type SimFunctionName,
  type SimParams,
  simFunctionNames,
  simFunctions,
  sweepResultSchema
} from '../../src-preload/contract'
import { models, runSim } from './index'

/** One valid call of every function; typed by the contract, so a renamed or missing parameter fails to compile. */
const samples: { [N in SimFunctionName]: SimParams<N> } = {
  roofline: { flops: 1e12, bytes: 1e9, peakFlops: 1e14, bandwidth: 1e12 },
  amdahl: { parallelFraction: 0.9, speedup: 10 },
  ringAllReduce: { bytes: 1e9, ranks: 8, bandwidth: 1e11, latency: 1e-5 },
  treeAllReduce: { bytes: 1e9, ranks: 8, bandwidth: 1e11, latency: 1e-5 },
  allToAll: { bytes: 1e9, ranks: 8, bandwidth: 1e11, latency: 1e-5 },
  hierarchicalAllReduce: {
    bytes: 1e9,
    nodes: 4,
    gpusPerNode: 8,
    intraBandwidth: 4.5e11,
    interBandwidth: 5e10,
    intraLatency: 1e-6,
    interLatency: 5e-6
  },
  activationMemory: { batch: 1, seqLen: 2048, hidden: 4096, heads: 32, layers: 32, bytesPerValue: 2, recompute: 'selective' },
  kvCacheBytes: { layers: 32, kvHeads: 8, headDim: 128, seqLen: 4096, batch: 4, bytesPerValue: 2 },
  pagedKvCache: { layers: 32, kvHeads: 8, headDim: 128, seqLen: 100, batch: 4, bytesPerValue: 2, pageTokens: 16 },
  mmcQueue: { arrivalRate: 5, serviceRate: 1, servers: 4 },
  youngDalyInterval: { checkpointSeconds: 60, mtbfSeconds: 86400 },
  clusterMtbf: { componentMtbfSeconds: 1e6, count: 1000 },
  nodeMtbf: { components: [{ count: 8, mtbfSeconds: 8e5 }] },
  failureProbability: { durationSeconds: 100, mtbfSeconds: 100 },
  checkpointGoodput: { componentMtbfSeconds: 1.6e8, count: 16000, checkpointSeconds: 50, restartSeconds: 300 },
  pipelineBubble: { stages: 4, microbatches: 12 },
  stackedAvailability: { availability: 0.99, replicas: 3 },
  trainingFlops: { params: 70e9, tokens: 15e12 },
  chinchillaOptimal: { computeFlops: 5.76e23 },
  networkRoundTrip: { distanceMeters: 1e6 },
  egressCostMonthly: { bytesPerSecond: 1e6, dollarsPerGB: 0.09 },
  peakActivation: { inputHeight: 49, inputWidth: 10, channels: 64, stride: 2 },
  inferenceLatency: { model: 'llama3-8b', accelerator: 'h100-sxm', batch: 8, contextTokens: 1024 },
  trainingStep: { model: 'llama3-8b', accelerator: 'h100-sxm', batch: 4 },
  trainingMemory: { model: 'llama3-8b', accelerator: 'h100-sxm', zeroStage: 1, dataParallel: 8 },
  llmServing: { model: 'llama3-8b', accelerator: 'h100-sxm', batch: 16 },
  parallelStep: { model: 'llama3-8b', cluster: 'h100-32node-ndr', dataParallel: 8, tensorParallel: 8, globalBatch: 64 },
  sustainability: { accelerator: 'h100-sxm', devices: 8, durationSeconds: 3600, grid: 'us' },
  tco: { accelerator: 'h100-sxm', devices: 8 },
  compression: { model: 'llama3-8b', bitsAfter: 4 },
  mcuInference: {
    model: 'ds-cnn-kws',
    accelerator: 'stm32h743',
    weightBandwidth: 200e6,
    inputHeight: 49,
    inputWidth: 10,
    channels: 64,
    stride: 2
  },
  sweep: { model: 'mmcQueue', base: { serviceRate: 1, servers: 4 }, axes: { arrivalRate: [1, 3, 5] } }
}

describe('the simulator contract', () => {
  it('registers exactly the functions the contract names', () => {
    expect(Object.keys(models).sort()).toEqual([...simFunctionNames].sort())
    for (const name of simFunctionNames) expect(models[name].kind, name).toBe(simFunctions[name].kind)
  })

  it.each(simFunctionNames)('%s: the sample parameters fit the params schema and the answer fits the result schema', (name) => {
    const params = samples[name]
    expect(simFunctions[name].params.safeParse(params).success).toBe(true)
    const answer = runSim(name, params)
    const parsed = simFunctions[name].result.safeParse(answer)
    expect(parsed.success, parsed.error?.message).toBe(true)
    // ...and still does after the wire's encoding of non-finite numbers and back
    const wire = JSON.parse(JSON.stringify(encodeNonFinite(answer)))
    expect(simFunctions[name].result.safeParse(decodeNonFinite(wire)).success).toBe(true)
  })

  it('a sweep answer checks each point against the swept function', () => {
    const answer = runSim('sweep', samples.sweep)
    const schema = sweepResultSchema(simFunctions.mmcQueue.result)
    const parsed = schema.parse(decodeNonFinite(JSON.parse(JSON.stringify(encodeNonFinite(answer)))))
    // lambda = 5 on 4 servers of mu = 1: rho = 1.25, unstable, the wait is infinite after the round trip
    expect(parsed.points[2]!.output!.meanWait).toBe(Infinity)
    expect(parsed.points[0]!.output!.stable).toBe(true)
    // a shape the contract does not declare is refused
    expect(schema.safeParse({ ...parsed, points: [{ inputs: {}, output: { utilization: 'high' } }] }).success).toBe(false)
  })
})
