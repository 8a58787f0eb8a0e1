// Higher-level models, the registry and sweep.
import { describe, it, expect } from 'vitest'
import type { SimFunctionName } from '../../src-preload/contract'
import {
  SimInputError,
  compression,
  inferenceLatency,
  llmServing,
  models,
  parallelStep,
  ringAllReduce,
  runSim,
  sustainability,
  sweep,
  tco,
  trainingMemory,
  trainingStep
} from './index'

describe('inferenceLatency / trainingStep', () => {
  it('GPT-2 small decode on a raw device is memory-bound', () => {
    // flops = 248e6 -> 248e6/1e12 = 2.48e-4 s; bytes = 124e6 * 2 = 248e6 -> /1e11 = 2.48e-3 s
    // throughput = 1 / 2.48e-3 = 403.2 tok/s; mfu = 248e6 / 2.48e-3 / 1e12 = 0.1; energy = 100 W * 2.48e-3 s
    const r = inferenceLatency({ model: 'gpt2-small', peakFlops: 1e12, bandwidth: 1e11, precision: 'fp16', powerWatts: 100 })
    expect(r.computeSeconds).toBeCloseTo(2.48e-4, 15)
    expect(r.memorySeconds).toBeCloseTo(2.48e-3, 15)
    expect(r.latencySeconds).toBeCloseTo(2.48e-3, 15)
    expect(r.bound).toBe('memory')
    expect(r.throughput).toBeCloseTo(403.2258064516129, 8)
    expect(r.mfu).toBeCloseTo(0.1, 12)
    expect(r.energyJoules).toBeCloseTo(0.248, 12)
  })
  it('batching raises throughput and eventually turns compute-bound', () => {
    const small = inferenceLatency({ model: 'llama3-8b', accelerator: 'h100-sxm', batch: 1 })
    const big = inferenceLatency({ model: 'llama3-8b', accelerator: 'h100-sxm', batch: 1024 })
    expect(big.throughput).toBeGreaterThan(small.throughput)
    expect(small.bound).toBe('memory')
    expect(big.bound).toBe('compute')
  })
  it('overhead adds to latency; catalog device without TDP gives null energy', () => {
    const r = inferenceLatency({ model: 'resnet50', accelerator: 'tpu-v5p', overheadSeconds: 0.001 })
    expect(r.overheadSeconds).toBe(0.001)
    expect(r.latencySeconds).toBeCloseTo(Math.max(r.computeSeconds, r.memorySeconds) + 0.001, 15)
    expect(r.energyJoules).toBeNull()
  })
  it('precision missing on a device is a field error', () => {
    expect(() => inferenceLatency({ model: 'resnet50', accelerator: 'tpu-v4', precision: 'fp8' })).toThrow(
      /accelerator "tpu-v4" has no fp8 peak; available: bf16, int8/
    )
  })
  it('ResNet-50 training step', () => {
    // flops = 3 * 8.2e9 * 32 = 7.872e11; /(1e14 * 0.5) = 0.015744 s
    // bytes = 25.6e6 * (5*2 + 2*12) = 8.704e8; /1e12 = 8.704e-4 s
    const r = trainingStep({ model: 'resnet50', peakFlops: 1e14, bandwidth: 1e12, precision: 'fp16', batch: 32, efficiency: 0.5 })
    expect(r.computeFlops).toBeCloseTo(7.872e11, 0)
    expect(r.computeSeconds).toBeCloseTo(0.015744, 12)
    expect(r.memorySeconds).toBeCloseTo(8.704e-4, 12)
    expect(r.bound).toBe('compute')
    expect(r.mfu).toBeCloseTo(0.5, 12)
    expect(r.throughputUnit).toBe('samples/s')
  })
  it('LLM training step uses 6 P per token', () => {
    const r = trainingStep({ model: 'gpt2-small', accelerator: 'a100-80gb', batch: 8 })
    // 3 * 248e6 * 8 * 1024 = 6 * 124e6 * 8192
    expect(r.computeFlops).toBeCloseTo(6 * 124e6 * 8192, 0)
  })
})

describe('trainingMemory', () => {
  const base = { params: 1e9, activationBytes: 0, precision: 'bf16' as const, optimizer: 'adam' as const }
  it('ZeRO stages divide optimizer, then gradients, then weights', () => {
    // weights 2e9, grads 2e9, Adam 12e9 -> 16e9
    expect(trainingMemory({ ...base }).totalBytes).toBe(16e9)
    // ZeRO-1 dp 8: 2 + 2 + 1.5 = 5.5e9; ZeRO-2: 2 + 0.25 + 1.5 = 3.75e9; ZeRO-3: 16/8 = 2e9
    expect(trainingMemory({ ...base, zeroStage: 1, dataParallel: 8 }).totalBytes).toBe(5.5e9)
    expect(trainingMemory({ ...base, zeroStage: 2, dataParallel: 8 }).totalBytes).toBe(3.75e9)
    expect(trainingMemory({ ...base, zeroStage: 3, dataParallel: 8 }).totalBytes).toBe(2e9)
    // ZeRO-0 ignores dp
    expect(trainingMemory({ ...base, zeroStage: 0, dataParallel: 8 }).totalBytes).toBe(16e9)
  })
  it('tensor and pipeline parallel split the model', () => {
    // 16e9 / (2 * 2) = 4e9
    expect(trainingMemory({ ...base, tensorParallel: 2, pipelineParallel: 2 }).totalBytes).toBe(4e9)
  })
  it('SGD uses 4 bytes per parameter of state', () => {
    expect(trainingMemory({ ...base, optimizer: 'sgd' }).optimizerBytes).toBe(4e9)
  })
  it('activations from Korthikanti, divided by tensor parallel', () => {
    // gpt2-small, full recompute: 2 * 1024 * 1 * 768 * 12 layers * (2/2) = 18,874,368 B
    const r = trainingMemory({ model: 'gpt2-small', recompute: 'full' })
    expect(r.activationsBytes).toBe(18874368)
    expect(trainingMemory({ model: 'gpt2-small', recompute: 'full', tensorParallel: 2 }).activationsBytes).toBe(18874368 / 2)
  })
  it('fits against capacity', () => {
    expect(trainingMemory({ model: 'llama3-70b', accelerator: 'h100-sxm' }).fits).toBe(false)
    const r = trainingMemory({
      model: 'llama3-70b',
      accelerator: 'h100-sxm',
      zeroStage: 3,
      dataParallel: 8,
      tensorParallel: 8,
      recompute: 'selective'
    })
    expect(r.fits).toBe(true)
    expect(r.headroomBytes).toBeCloseTo(80e9 - r.totalBytes, 0)
    expect(trainingMemory({ ...base }).fits).toBeNull()
  })
  it('validates', () => {
    expect(() => trainingMemory({ ...base, zeroStage: 4 })).toThrow(SimInputError)
    expect(() => trainingMemory({ params: 1e9 })).toThrow(/activationBytes is required/)
  })
})

describe('llmServing', () => {
  it('Llama 3 8B on a raw device', () => {
    // kv/token = 2*32*8*128*2 = 131072 B; per sequence x (1000+200) = 157,286,400 B
    // weights = 8.03e9 * 2 = 16.06e9 B
    // TTFT: prefill 1.606e10 * 1000 * 4 = 6.424e13 FLOP / 1e15 = 0.06424 s (> 16.06e9/2e12 = 0.00803 s)
    // decode bytes = 16.06e9 + 4 * 131072 * (1000 + 100) = 16,636,716,800 B -> / 2e12 = 0.0083183584 s
    // max concurrent = floor((0.9 * 80e9 - 16.06e9) / 157,286,400) = floor(355.66) = 355
    const r = llmServing({
      model: 'llama3-8b',
      peakFlops: 1e15,
      bandwidth: 2e12,
      memoryBytes: 80e9,
      promptTokens: 1000,
      outputTokens: 200,
      batch: 4
    })
    expect(r.kvBytesPerToken).toBe(131072)
    expect(r.kvBytesPerSequence).toBe(157286400)
    expect(r.weightsBytes).toBeCloseTo(16.06e9, 0)
    expect(r.ttftSeconds).toBeCloseTo(0.06424, 12)
    expect(r.decodeBytesPerStep).toBeCloseTo(16636716800, 0)
    expect(r.interTokenSeconds).toBeCloseTo(0.0083183584, 12)
    expect(r.decodeBound).toBe('memory')
    expect(r.tokensPerSecond).toBeCloseTo(4 / 0.0083183584, 6)
    expect(r.maxConcurrentSequences).toBe(355)
    expect(r.fits).toBe(true)
    expect(r.requestLatencySeconds).toBeCloseTo(0.06424 + 200 * 0.0083183584, 10)
  })
  it('70B does not fit one H100 in bf16 but fits two with tensor parallel', () => {
    expect(llmServing({ model: 'llama3-70b', accelerator: 'h100-sxm' }).fits).toBe(false)
    expect(llmServing({ model: 'llama3-70b', accelerator: 'h100-sxm', tensorParallel: 2 }).fits).toBe(true)
  })
  it('rejects non-LLMs', () => {
    expect(() => llmServing({ model: 'resnet50', accelerator: 'h100-sxm' })).toThrow(/needs an llm/)
  })
})

describe('parallelStep', () => {
  const base = {
    params: 1e9,
    layers: 24,
    hidden: 2048,
    heads: 16,
    seqLen: 1024,
    peakFlops: 1e14,
    precision: 'bf16' as const,
    dataParallel: 2,
    tensorParallel: 2,
    pipelineParallel: 2,
    microbatches: 4,
    gpusPerNode: 8,
    intraBandwidth: 1e11,
    intraLatency: 0,
    interBandwidth: 1e10,
    interLatency: 0
  }
  it('matches hand arithmetic', () => {
    // 8 devices; globalBatch = 2 * 1 * 4 = 8 seqs = 8192 tokens; FLOP = 3 * 2e9 * 8192 = 4.9152e13
    // compute = 4.9152e13 / (8 * 1e14) = 0.06144 s
    // bubble = (2-1)/(4+2-1) = 0.2 -> 0.06144 * 0.2/0.8 = 0.01536 s
    // TP: 4 * (24/2) * 4 = 192 all-reduces of 1*1024*2048*2 = 4,194,304 B; ring over 2 = 4194304/1e11 = 4.194304e-5 s
    //     -> 192 * 4.194304e-5 = 0.00805306368 s
    // DP: 1e9/(2*2) * 2 B = 5e8 B over 2 ranks in-node: 5e8/1e11 = 0.005 s
    // step = 0.06144 + 0.01536 + 0.00805306368 + 0.005 = 0.08985306368 s
    const r = parallelStep(base)
    expect(r.devices).toBe(8)
    expect(r.globalBatch).toBe(8)
    expect(r.totalFlops).toBeCloseTo(4.9152e13, 0)
    expect(r.computeSeconds).toBeCloseTo(0.06144, 12)
    expect(r.bubbleFraction).toBeCloseTo(0.2, 15)
    expect(r.bubbleSeconds).toBeCloseTo(0.01536, 12)
    expect(r.tensorParallelAllReduces).toBe(192)
    expect(r.tensorParallelSeconds).toBeCloseTo(0.00805306368, 12)
    expect(r.dataParallelSeconds).toBeCloseTo(0.005, 12)
    expect(r.stepSeconds).toBeCloseTo(0.08985306368, 12)
    expect(r.scalingEfficiency).toBeCloseTo(0.06144 / 0.08985306368, 12)
  })
  it('one device has perfect scaling', () => {
    const r = parallelStep({ ...base, dataParallel: 1, tensorParallel: 1, pipelineParallel: 1 })
    expect(r.stepSeconds).toBe(r.computeSeconds)
    expect(r.scalingEfficiency).toBe(1)
  })
  it('data parallel across nodes uses the hierarchical all-reduce', () => {
    // dp 4 x tp 4 = 16 > 8 per node: 2 dp ranks per node, 2 nodes
    const r = parallelStep({ ...base, dataParallel: 4, tensorParallel: 4, pipelineParallel: 1 })
    expect(r.dataParallelSeconds).toBeGreaterThan(ringAllReduce({ bytes: r.dataParallelBytes, ranks: 4, bandwidth: 1e11, latency: 0 }))
  })
  it('uses a catalog cluster and checks its size', () => {
    const r = parallelStep({
      model: 'llama3-70b',
      cluster: 'h100-32node-ndr',
      dataParallel: 8,
      tensorParallel: 8,
      pipelineParallel: 4,
      globalBatch: 512,
      efficiency: 0.5
    })
    expect(r.devices).toBe(256)
    expect(r.microbatches).toBe(64)
    expect(r.mfu).toBeLessThan(0.5)
    expect(r.mfu).toBeGreaterThan(0)
    expect(() => parallelStep({ model: 'llama3-70b', cluster: 'dgx-h100-1', dataParallel: 16 })).toThrow(/exceeds cluster "dgx-h100-1"/)
    expect(() => parallelStep({ model: 'llama3-70b', cluster: 'dgx-h100-1', dataParallel: 3, globalBatch: 8 })).toThrow(
      /globalBatch must be a multiple/
    )
  })
})

describe('sustainability and tco', () => {
  it('energy, carbon, water', () => {
    // 700 W * 8 * 3600 s = 20,160,000 J = 5.6 kWh IT; x1.5 PUE = 8.4 kWh; x 400 g = 3.36 kg; 5.6 kWh x 2 L = 11.2 L
    const r = sustainability({ powerWatts: 700, devices: 8, durationSeconds: 3600, carbonGramsPerKwh: 400, pue: 1.5, waterLitersPerKwh: 2 })
    expect(r.itEnergyJoules).toBe(20160000)
    expect(r.itEnergyKwh).toBeCloseTo(5.6, 12)
    expect(r.facilityEnergyKwh).toBeCloseTo(8.4, 12)
    expect(r.carbonKilograms).toBeCloseTo(3.36, 12)
    expect(r.waterLiters).toBeCloseTo(11.2, 12)
    const fr = sustainability({ accelerator: 'h100-sxm', durationSeconds: 3600, grid: 'fr' })
    const pl = sustainability({ accelerator: 'h100-sxm', durationSeconds: 3600, grid: 'pl' })
    expect(fr.carbonKilograms).toBeLessThan(pl.carbonKilograms)
  })
  it('TCO', () => {
    // capex 8 * 30000 = 240000 -> 80000/yr over 3 years
    // energy 700 * 8 * 1.5 * 8760 h / 1000 = 73,584 kWh/yr -> $7,358.40; maintenance 10% = $24,000
    // total/yr = 111,358.40; over 3 years 334,075.20; per device-hour 111358.4 / (8 * 8760) = 1.58902
    const r = tco({ priceDollars: 30000, powerWatts: 700, devices: 8, pue: 1.5, dollarsPerKwh: 0.1 })
    expect(r.amortisedCapexDollarsPerYear).toBe(80000)
    expect(r.energyKwhPerYear).toBeCloseTo(73584, 8)
    expect(r.energyDollarsPerYear).toBeCloseTo(7358.4, 8)
    expect(r.maintenanceDollarsPerYear).toBe(24000)
    expect(r.totalDollarsPerYear).toBeCloseTo(111358.4, 8)
    expect(r.totalDollars).toBeCloseTo(334075.2, 7)
    expect(r.dollarsPerDeviceHour).toBeCloseTo(1.5890182648401825, 12)
    expect(() => tco({ accelerator: 'tpu-v4' })).toThrow(/priceDollars is required/)
  })
})

describe('compression', () => {
  it('quantisation 16 -> 4 bits', () => {
    // ratio 16/4 = 4; saved 75%; Amdahl with 80% memory-bound: 1/(0.2 + 0.8/4) = 2.5
    const r = compression({ params: 1e9, bitsAfter: 4, memoryBoundFraction: 0.8 })
    expect(r.ratio).toBe(4)
    expect(r.bytesAfter).toBe(0.5e9)
    expect(r.savedFraction).toBe(0.75)
    expect(r.memoryBoundSpeedup).toBe(4)
    expect(r.speedup).toBeCloseTo(2.5, 12)
  })
  it('pruning with index overhead', () => {
    // 50% sparse, 16-bit values + 2 index bits per kept weight: 0.5 * 18 = 9 bits; ratio 16/9
    const r = compression({ params: 1e9, sparsity: 0.5, indexBitsPerNonzero: 2 })
    expect(r.bitsPerParamAfter).toBe(9)
    expect(r.ratio).toBeCloseTo(16 / 9, 12)
    expect(() => compression({ params: 1, sparsity: 1 })).toThrow(/sparsity must be < 1/)
  })
})

describe('registry and sweep', () => {
  it('registers every function with a description', () => {
    const names: SimFunctionName[] = [
      'roofline',
      'amdahl',
      'ringAllReduce',
      'treeAllReduce',
      'allToAll',
      'hierarchicalAllReduce',
      'activationMemory',
      'kvCacheBytes',
      'pagedKvCache',
      'mmcQueue',
      'youngDalyInterval',
      'clusterMtbf',
      'nodeMtbf',
      'failureProbability',
      'checkpointGoodput',
      'peakActivation',
      'mcuInference',
      'pipelineBubble',
      'stackedAvailability',
      'trainingFlops',
      'chinchillaOptimal',
      'networkRoundTrip',
      'egressCostMonthly',
      'inferenceLatency',
      'trainingStep',
      'trainingMemory',
      'llmServing',
      'parallelStep',
      'sustainability',
      'tco',
      'compression',
      'sweep'
    ]
    for (const n of names) {
      expect(typeof models[n]?.fn, n).toBe('function')
      expect(models[n]!.description.length, n).toBeGreaterThan(10)
    }
    expect(runSim('amdahl', { parallelFraction: 0.5, speedup: 2 })).toBeCloseTo(4 / 3, 12)
  })
  it('evaluates the cartesian grid in order, last axis fastest', () => {
    const r = sweep({
      model: 'ringAllReduce',
      base: { bandwidth: 1e10, latency: 1e-6 },
      axes: { ranks: [1, 2, 4], bytes: [1e6, 1e7, 1e8, 1e9] }
    })
    expect(r.count).toBe(12)
    expect(r.points).toHaveLength(12)
    expect(r.axes).toEqual(['ranks', 'bytes'])
    expect(r.points[0]!.inputs).toEqual({ ranks: 1, bytes: 1e6 })
    expect(r.points[1]!.inputs).toEqual({ ranks: 1, bytes: 1e7 })
    expect(r.points[4]!.inputs).toEqual({ ranks: 2, bytes: 1e6 })
    expect(r.points[11]!.inputs).toEqual({ ranks: 4, bytes: 1e9 })
    for (const pt of r.points) {
      expect(pt.output).toBe(ringAllReduce({ bandwidth: 1e10, latency: 1e-6, ...(pt.inputs as { ranks: number; bytes: number }) }))
    }
    expect(r.points[0]!.output).toBe(0)
  })
  it('records invalid points instead of failing', () => {
    const r = sweep({ model: 'ringAllReduce', base: { bytes: 1, bandwidth: 1, latency: 0 }, axes: { ranks: [0, 1, 2] } })
    expect(r.errors).toBe(1)
    expect(r.points[0]!.error).toBe('ranks must be >= 1 (got 0)')
    expect(r.points[2]!.output).toBe(1)
  })
  it('sweeps a higher-level model over string axes too', () => {
    const r = sweep({
      model: 'inferenceLatency',
      base: { model: 'llama3-8b' },
      axes: { accelerator: ['h100-sxm', 'a100-80gb'], batch: [1, 64] }
    })
    expect(r.count).toBe(4)
    expect((r.points[0]!.output as { latencySeconds: number }).latencySeconds).toBe(
      inferenceLatency({ model: 'llama3-8b', accelerator: 'h100-sxm', batch: 1 }).latencySeconds
    )
  })
  it('validates its own inputs', () => {
    expect(() => sweep({ model: 'nope', axes: {} })).toThrow(/model must be the name of a simulator function/)
    expect(() => sweep({ model: 'amdahl', axes: { speedup: [] } })).toThrow(/axes.speedup must be a non-empty array/)
    expect(() => sweep({ model: 'amdahl', axes: { speedup: [1, 2, 3] }, maxPoints: 2 })).toThrow(
      /more than maxPoints 2: use fewer or coarser axes/
    )
  })
  it('evaluates a 10,000-point grid, every point valid (its speed is measured by npm run bench:sim)', () => {
    const batch = Array.from({ length: 100 }, (_, i) => i + 1)
    const eff = Array.from({ length: 100 }, (_, i) => (i + 1) / 100)
    const r = sweep({ model: 'inferenceLatency', base: { model: 'llama3-8b', accelerator: 'h100-sxm' }, axes: { batch, efficiency: eff } })
    expect(r.count).toBe(10000)
    expect(r.errors).toBe(0)
    // row-major over the axes: the last point is batch 100 at efficiency 1
    expect(r.points.at(-1)!.inputs).toEqual({ batch: 100, efficiency: 1 })
  })
})
