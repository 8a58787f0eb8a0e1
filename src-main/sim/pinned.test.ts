// Every pinned function against values worked out by hand.
import { describe, it, expect } from 'vitest'
import {
  activationMemory,
  allToAll,
  amdahl,
  checkpointGoodput,
  chinchillaOptimal,
  clusterMtbf,
  egressCostMonthly,
  failureProbability,
  hierarchicalAllReduce,
  hierarchicalAllReduceTerms,
  kvCacheBytes,
  mcuInference,
  mmcQueue,
  networkRoundTrip,
  nodeMtbf,
  pagedKvCache,
  peakActivation,
  pipelineBubble,
  ringAllReduce,
  roofline,
  stackedAvailability,
  trainingFlops,
  treeAllReduce,
  youngDalyInterval
} from './index'

describe('roofline', () => {
  it('compute-bound case', () => {
    // compute = 1e12 / 1e14 = 0.01 s; memory = 1e9 / 1e12 = 0.001 s; intensity = 1e12/1e9 = 1000; ridge = 1e14/1e12 = 100
    const r = roofline({ flops: 1e12, bytes: 1e9, peakFlops: 1e14, bandwidth: 1e12 })
    expect(r.seconds).toBeCloseTo(0.01, 15)
    expect(r.bound).toBe('compute')
    expect(r.intensity).toBe(1000)
    expect(r.ridge).toBe(100)
    expect(r.attainableFlops).toBe(1e14)
  })
  it('memory-bound case', () => {
    // compute = 1e9 / 1e14 = 1e-5 s; memory = 1e9 / 1e12 = 1e-3 s; intensity 1 < ridge 100
    const r = roofline({ flops: 1e9, bytes: 1e9, peakFlops: 1e14, bandwidth: 1e12 })
    expect(r.seconds).toBeCloseTo(1e-3, 15)
    expect(r.bound).toBe('memory')
    expect(r.intensity).toBe(1)
    expect(r.attainableFlops).toBe(1e12) // 1 FLOP/B x 1e12 B/s
  })
  it('a tie counts as compute', () => {
    // 100 FLOP / 100 FLOP/s = 1 s; 1 B / 1 B/s = 1 s
    const r = roofline({ flops: 100, bytes: 1, peakFlops: 100, bandwidth: 1 })
    expect(r.seconds).toBe(1)
    expect(r.bound).toBe('compute')
  })
  it('zero bytes gives infinite intensity', () => {
    expect(roofline({ flops: 1, bytes: 0, peakFlops: 1, bandwidth: 1 }).intensity).toBe(Infinity)
    expect(roofline({ flops: 0, bytes: 0, peakFlops: 1, bandwidth: 1 }).seconds).toBe(0)
  })
})

describe('amdahl', () => {
  it('matches 1 / ((1-p) + p/s)', () => {
    // 1 / (0.1 + 0.9/10) = 1 / 0.19 = 5.263157894736842
    expect(amdahl({ parallelFraction: 0.9, speedup: 10 })).toBeCloseTo(5.263157894736842, 12)
    expect(amdahl({ parallelFraction: 1, speedup: 8 })).toBe(8)
    expect(amdahl({ parallelFraction: 0, speedup: 1000 })).toBe(1)
  })
})

describe('collectives (alpha-beta)', () => {
  const base = { bytes: 1e9, bandwidth: 1e10, latency: 1e-5 }
  it('ring all-reduce', () => {
    // 2(4-1)/4 * 1e9/1e10 + 2(4-1) 1e-5 = 1.5 * 0.1 + 6e-5 = 0.15006
    expect(ringAllReduce({ ...base, ranks: 4 })).toBeCloseTo(0.15006, 12)
  })
  it('tree all-reduce', () => {
    // 2 ceil(log2 4) (0.1 + 1e-5) = 4 * 0.10001 = 0.40004
    expect(treeAllReduce({ ...base, ranks: 4 })).toBeCloseTo(0.40004, 12)
    // ceil(log2 5) = 3: 6 * 0.10001 = 0.60006
    expect(treeAllReduce({ ...base, ranks: 5 })).toBeCloseTo(0.60006, 12)
  })
  it('all-to-all', () => {
    // (4-1)/4 * 0.1 + 3 * 1e-5 = 0.075 + 0.00003 = 0.07503
    expect(allToAll({ ...base, ranks: 4 })).toBeCloseTo(0.07503, 12)
  })
  it('one rank costs 0', () => {
    expect(ringAllReduce({ ...base, ranks: 1 })).toBe(0)
    expect(treeAllReduce({ ...base, ranks: 1 })).toBe(0)
    expect(allToAll({ ...base, ranks: 1 })).toBe(0)
  })
  it('hierarchical all-reduce', () => {
    // M = 8e9, g = 8, 4 nodes, intra 4e11 B/s 2 us, inter 5e10 B/s 1 us
    // reduce-scatter = 7/8 * 8e9/4e11 + 7 * 2e-6 = 0.0175 + 0.000014 = 0.017514
    // inter ring of 1e9 over 4 = 1.5 * 1e9/5e10 + 6 * 1e-6 = 0.03 + 0.000006 = 0.030006
    // total = 2 * 0.017514 + 0.030006 = 0.065034
    const p = { bytes: 8e9, nodes: 4, gpusPerNode: 8, intraBandwidth: 4e11, interBandwidth: 5e10, intraLatency: 2e-6, interLatency: 1e-6 }
    expect(hierarchicalAllReduce(p)).toBeCloseTo(0.065034, 12)
    const t = hierarchicalAllReduceTerms(p)
    expect(t.reduceScatterSeconds).toBeCloseTo(0.017514, 12)
    expect(t.interNodeSeconds).toBeCloseTo(0.030006, 12)
    expect(t.allGatherSeconds).toBe(t.reduceScatterSeconds)
  })
  it('hierarchical with one node and one GPU costs 0', () => {
    expect(
      hierarchicalAllReduce({
        bytes: 1e9,
        nodes: 1,
        gpusPerNode: 1,
        intraBandwidth: 1,
        interBandwidth: 1,
        intraLatency: 1,
        interLatency: 1
      })
    ).toBe(0)
  })
})

describe('activationMemory (Korthikanti et al. 2022)', () => {
  const p = { batch: 2, seqLen: 4, hidden: 8, heads: 2, layers: 3, bytesPerValue: 2 }
  it('no recompute', () => {
    // per layer 34*4*2*8 + 5*2*4^2*2 = 2176 + 320 = 2496; x3 layers = 7488
    expect(activationMemory({ ...p, recompute: 'none' })).toBe(7488)
  })
  it('selective recompute drops the s^2 term', () => {
    // 2176 * 3 = 6528
    expect(activationMemory({ ...p, recompute: 'selective' })).toBe(6528)
  })
  it('full recompute keeps 2sbh', () => {
    // 2*4*2*8 = 128; x3 = 384
    expect(activationMemory({ ...p, recompute: 'full' })).toBe(384)
  })
  it('scales with bytesPerValue / 2', () => {
    // 7488 * 1/2 = 3744 at 8-bit; 7488 * 2 = 14976 at fp32
    expect(activationMemory({ ...p, bytesPerValue: 1, recompute: 'none' })).toBe(3744)
    expect(activationMemory({ ...p, bytesPerValue: 4, recompute: 'none' })).toBe(14976)
  })
  it('GPT-3 layer at s=2048', () => {
    // 34*2048*12288 = 855,638,016; 5*96*2048^2 = 2,013,265,920; sum 2,868,903,936
    expect(activationMemory({ batch: 1, seqLen: 2048, hidden: 12288, heads: 96, layers: 1, bytesPerValue: 2, recompute: 'none' })).toBe(
      2868903936
    )
  })
})

describe('KV cache', () => {
  it('Llama 3 8B at 8192 tokens is 1 GiB in bf16', () => {
    // 2 * 32 layers * 8 kv heads * 128 headDim * 8192 * 1 * 2 B = 1,073,741,824 = 2^30
    expect(kvCacheBytes({ layers: 32, kvHeads: 8, headDim: 128, seqLen: 8192, batch: 1, bytesPerValue: 2 })).toBe(2 ** 30)
  })
  it('paged: whole pages per sequence', () => {
    // 17 tokens in 16-token pages -> 2 pages/seq; 2 seqs -> 64 slots, 34 used;
    // bytes/token = 2*1*1*1*2 = 4 -> allocated 256 B; fragmentation 30/64 = 0.46875
    const r = pagedKvCache({ layers: 1, kvHeads: 1, headDim: 1, seqLen: 17, batch: 2, bytesPerValue: 2, pageTokens: 16 })
    expect(r.allocatedBytes).toBe(256)
    expect(r.usedBytes).toBe(136)
    expect(r.pagesPerSequence).toBe(2)
    expect(r.fragmentation).toBe(0.46875)
  })
  it('paged: exact fit has no fragmentation', () => {
    const r = pagedKvCache({ layers: 2, kvHeads: 2, headDim: 4, seqLen: 32, batch: 3, bytesPerValue: 2, pageTokens: 16 })
    expect(r.fragmentation).toBe(0)
    expect(r.allocatedBytes).toBe(kvCacheBytes({ layers: 2, kvHeads: 2, headDim: 4, seqLen: 32, batch: 3, bytesPerValue: 2 }))
  })
})

describe('mmcQueue', () => {
  it('M/M/1 reduces to rho', () => {
    // rho = 0.5; C = rho = 0.5; mean wait = C/(mu - lambda) = 0.5/0.5 = 1
    // p50: ln(0.5/0.5)/0.5 = 0; p99: ln(0.5/0.01)/0.5 = 2 ln 50 = 7.824046010856292
    const r = mmcQueue({ arrivalRate: 0.5, serviceRate: 1, servers: 1 })
    expect(r.utilization).toBe(0.5)
    expect(r.stable).toBe(true)
    expect(r.probWait).toBeCloseTo(0.5, 12)
    expect(r.meanWait).toBeCloseTo(1, 12)
    expect(r.waitP50).toBeCloseTo(0, 12)
    expect(r.waitP99).toBeCloseTo(7.824046010856292, 10)
    expect(r.meanResponse).toBeCloseTo(2, 12)
  })
  it('M/M/2 Erlang C', () => {
    // a = 1, rho = 0.5: C = (1/2! * 1/(1-0.5)) / (1 + 1 + 1) = 1/3; mean wait = (1/3)/(2-1) = 1/3
    // p99 = ln((1/3)/0.01) / 1 = ln(33.33) = 3.506557897319982
    const r = mmcQueue({ arrivalRate: 1, serviceRate: 1, servers: 2 })
    expect(r.probWait).toBeCloseTo(1 / 3, 12)
    expect(r.meanWait).toBeCloseTo(1 / 3, 12)
    expect(r.waitP99).toBeCloseTo(3.506557897319982, 10)
  })
})

describe('reliability', () => {
  it('Young/Daly', () => {
    // sqrt(2 * 60 * 86400) = sqrt(10,368,000) = 3219.937887599697
    expect(youngDalyInterval({ checkpointSeconds: 60, mtbfSeconds: 86400 })).toBeCloseTo(3219.937887599697, 9)
  })
  it('cluster MTBF', () => {
    // 1e6 / 1000 = 1000; x 0.5 correlation = 500
    expect(clusterMtbf({ componentMtbfSeconds: 1e6, count: 1000 })).toBe(1000)
    expect(clusterMtbf({ componentMtbfSeconds: 1e6, count: 1000, correlation: 0.5 })).toBe(500)
  })
  it('node MTBF', () => {
    // 1 / (8/8e5 + 1/1e6) = 1 / 1.1e-5 = 90909.0909...
    expect(
      nodeMtbf({
        components: [
          { count: 8, mtbfSeconds: 8e5 },
          { count: 1, mtbfSeconds: 1e6 }
        ]
      })
    ).toBeCloseTo(90909.09090909091, 6)
    expect(nodeMtbf({ components: [{ count: 0, mtbfSeconds: 1 }] })).toBe(Infinity)
  })
  it('failure probability', () => {
    // T = M: 1 - 1/e = 0.6321205588285577
    expect(failureProbability({ durationSeconds: 100, mtbfSeconds: 100 })).toBeCloseTo(0.6321205588285577, 14)
    expect(failureProbability({ durationSeconds: 0, mtbfSeconds: 100 })).toBe(0)
  })
  it('stacked availability', () => {
    // 1 - 0.01^3 = 0.999999
    expect(stackedAvailability({ availability: 0.99, replicas: 3 })).toBeCloseTo(0.999999, 14)
  })
  it('checkpoint goodput at the Young/Daly optimum', () => {
    // M = 1.6e8 s / 16000 GPUs = 10,000 s; tau* = sqrt(2 x 50 x 10,000) = sqrt(1e6) = 1000 s
    // delta/tau = 50/1000 = 0.05; tau/2M = 1000/20,000 = 0.05; R/M = 300/10,000 = 0.03; overhead 0.13, goodput 0.87
    // closed form at tau*: sqrt(2 x 50 / 10,000) + 0.03 = 0.1 + 0.03 = 0.13
    const r = checkpointGoodput({ componentMtbfSeconds: 1.6e8, count: 16000, checkpointSeconds: 50, restartSeconds: 300 })
    expect(r.mtbfSeconds).toBe(10_000)
    expect(r.optimalIntervalSeconds).toBeCloseTo(1000, 9)
    expect(r.intervalSeconds).toBeCloseTo(1000, 9)
    expect(r.checkpointFraction).toBeCloseTo(0.05, 12)
    expect(r.lostWorkFraction).toBeCloseTo(0.05, 12)
    expect(r.restartFraction).toBeCloseTo(0.03, 15)
    expect(r.overheadFraction).toBeCloseTo(0.13, 12)
    expect(r.goodput).toBeCloseTo(0.87, 12)
    expect(r.overheadAtOptimum).toBeCloseTo(0.13, 12)
    expect(r.goodputAtOptimum).toBeCloseTo(0.87, 12)
  })
  it('checkpoint goodput at a chosen interval, and capped when failures swamp the job', () => {
    // tau = 4000 s, same job: 50/4000 = 0.0125; 4000/20,000 = 0.2; + 0.03 = 0.2425; goodput 0.7575
    const r = checkpointGoodput({
      componentMtbfSeconds: 1.6e8,
      count: 16000,
      checkpointSeconds: 50,
      restartSeconds: 300,
      intervalSeconds: 4000
    })
    expect(r.overheadFraction).toBeCloseTo(0.2425, 12)
    expect(r.goodput).toBeCloseTo(0.7575, 12)
    expect(r.goodputAtOptimum).toBeCloseTo(0.87, 12)
    // 1.6e6 GPUs: M = 100 s, tau* = sqrt(2 x 50 x 100) = 100 s; 0.5 + 0.5 + 300/100 = 4, capped at 1: nothing gets done
    const swamped = checkpointGoodput({ componentMtbfSeconds: 1.6e8, count: 1.6e6, checkpointSeconds: 50, restartSeconds: 300 })
    expect(swamped.optimalIntervalSeconds).toBeCloseTo(100, 9)
    expect(swamped.overheadFraction).toBe(1)
    expect(swamped.goodput).toBe(0)
    expect(swamped.goodputAtOptimum).toBe(0)
    // no restart cost given: R = 0
    expect(checkpointGoodput({ componentMtbfSeconds: 1.6e8, count: 16000, checkpointSeconds: 50 }).overheadFraction).toBeCloseTo(0.1, 12)
  })
})

describe('TinyML', () => {
  it('peak activations of the widest layer', () => {
    // DS-CNN: ceil(49/2) x ceil(10/2) x 64 = 25 x 5 x 64 = 8000 values; in + out at 1 byte = 16,000 B
    expect(peakActivation({ inputHeight: 49, inputWidth: 10, channels: 64, stride: 2, bits: 8 })).toEqual({
      featureMapValues: 8000,
      bytes: 16_000
    })
    // MobileNetV2 stem at 4 bits: 112 x 112 x 32 = 401,408 values; 2 x 401,408 x 0.5 B = 401,408 B
    expect(peakActivation({ inputHeight: 224, inputWidth: 224, channels: 32, stride: 2, bits: 4 }).bytes).toBe(401_408)
    // defaults stride 1, 8 bits: 3 x 3 x 1 = 9 values, 18 B
    expect(peakActivation({ inputHeight: 3, inputWidth: 3, channels: 1 }).bytes).toBe(18)
  })
  it('DS-CNN keyword spotting on an STM32H743 at int8 is compute-bound', () => {
    // weights 38.6e3 params x 8/8 = 38,600 B <= 2 MiB flash; activations 16,000 B <= 1 MiB SRAM
    // int8 peak 1.92e9 OP/s x 0.3 = 5.76e8; compute 5.4e6 / 5.76e8 = 0.009375 s
    // flash traffic (38,600 + 16,000) B / 200e6 B/s = 2.73e-4 s, so compute-bound; 1 / 0.009375 = 106.67 inferences/s
    const r = mcuInference({
      model: 'ds-cnn-kws',
      accelerator: 'stm32h743',
      bits: 8,
      efficiency: 0.3,
      weightBandwidth: 200e6,
      inputHeight: 49,
      inputWidth: 10,
      channels: 64,
      stride: 2
    })
    expect(r.weightsBytes).toBe(38_600)
    expect(r.peakActivationBytes).toBe(16_000)
    expect(r.flashBytes).toBe(2_097_152)
    expect(r.sramBytes).toBe(1_048_576)
    expect(r.fitsFlash).toBe(true)
    expect(r.fitsSram).toBe(true)
    expect(r.precision).toBe('int8')
    expect(r.peakFlops).toBe(1.92e9)
    expect(r.achievedFlops).toBeCloseTo(5.76e8, 3)
    expect(r.computeSeconds).toBeCloseTo(0.009375, 12)
    expect(r.memorySeconds).toBeCloseTo(2.73e-4, 15)
    expect(r.seconds).toBeCloseTo(0.009375, 12)
    expect(r.bound).toBe('compute')
    expect(r.inferencesPerSecond).toBeCloseTo(106.66666666666667, 9)
  })
  it('raw figures: too big for flash and SRAM, and bound by flash bandwidth', () => {
    // 16 bits: weights 1e6 x 2 B = 2e6 B > 1e6 flash; activations 2 x 8 x 8 x 4 x 2 B = 1024 B > 100 B SRAM
    // compute 2e8 / (0.5 x 1e9) = 0.4 s; flash (2e6 + 1024) / 1e6 B/s = 2.001024 s: memory-bound
    const r = mcuInference({
      params: 1e6,
      flopsPerSample: 2e8,
      peakFlops: 1e9,
      flashBytes: 1e6,
      sramBytes: 100,
      bits: 16,
      efficiency: 0.5,
      weightBandwidth: 1e6,
      inputHeight: 8,
      inputWidth: 8,
      channels: 4,
      stride: 1
    })
    expect(r.precision).toBe('fp32')
    expect(r.weightsBytes).toBe(2e6)
    expect(r.peakActivationBytes).toBe(1024)
    expect(r.fitsFlash).toBe(false)
    expect(r.fitsSram).toBe(false)
    expect(r.computeSeconds).toBeCloseTo(0.4, 12)
    expect(r.memorySeconds).toBeCloseTo(2.001024, 12)
    expect(r.seconds).toBeCloseTo(2.001024, 12)
    expect(r.bound).toBe('memory')
  })
})

describe('scaling laws and misc', () => {
  it('pipeline bubble', () => {
    // (4-1)/(12+4-1) = 3/15 = 0.2; interleaved v=2: 3/(24+3) = 1/9
    expect(pipelineBubble({ stages: 4, microbatches: 12 })).toBeCloseTo(0.2, 15)
    expect(pipelineBubble({ stages: 4, microbatches: 12, virtualStages: 2 })).toBeCloseTo(1 / 9, 15)
    expect(pipelineBubble({ stages: 1, microbatches: 1 })).toBe(0)
  })
  it('training FLOPs', () => {
    // 6 * 70e9 * 15e12 = 6.3e24
    expect(trainingFlops({ params: 70e9, tokens: 15e12 })).toBeCloseTo(6.3e24, -12)
  })
  it('Chinchilla optimal', () => {
    // C = 5.76e23: P = sqrt(C/120) = sqrt(4.8e21) = 6.928e10; D = 20P = 1.3856e12
    const r = chinchillaOptimal({ computeFlops: 5.76e23 })
    expect(r.params).toBeCloseTo(69282032302.7551, 0)
    expect(r.tokens).toBeCloseTo(20 * 69282032302.7551, -1)
    expect(6 * r.params * r.tokens).toBeCloseTo(5.76e23, -10)
  })
  it('network round trip', () => {
    // 1000 km there and back: 2e6 m / 2e8 m/s = 0.01 s
    expect(networkRoundTrip({ distanceMeters: 1e6 })).toBeCloseTo(0.01, 15)
  })
  it('egress cost', () => {
    // 1e6 B/s * 30*86400 s = 2.592e12 B = 2592 GB; * $0.09 = $233.28
    expect(egressCostMonthly({ bytesPerSecond: 1e6, dollarsPerGB: 0.09 })).toBeCloseTo(233.28, 9)
  })
})
