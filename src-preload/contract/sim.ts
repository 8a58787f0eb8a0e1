/**
 * The simulator: its catalog, its functions (names, parameters and results), its dashboards, and the
 * channels that run them. Main's engine (src-main/sim) implements these shapes; the renderer's calls are
 * typed and their answers checked against them. SI units throughout: seconds, bytes, FLOP, FLOP/s, bytes/s,
 * watts, joules, dollars.
 */
import { z } from 'zod'
import { empty, isoTime } from './common'

// ---------------------------------------------------------------------------------------------------
// Catalog: accelerators, models, fabrics, clusters and grids (resources/catalog/*.json)

export const PRECISIONS = ['fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8'] as const
export const precisionSchema = z.enum(PRECISIONS)
export type Precision = z.infer<typeof precisionSchema>

/** Storage bytes per value for each precision (tf32 is stored as 4-byte fp32). */
export const BYTES_PER_VALUE: Readonly<Record<Precision, number>> = {
  fp64: 8,
  fp32: 4,
  tf32: 4,
  fp16: 2,
  bf16: 2,
  fp8: 1,
  int8: 1
}

const positiveNumber = z.number().positive().finite()
const count = z.number().int().positive()
const base = {
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'id must be lower-case letters, digits, dots and dashes'),
  name: z.string().min(1),
  source: z.string().min(1)
}

export const AcceleratorSchema = z
  .object({
    ...base,
    kind: z.enum(['datacenter-gpu', 'datacenter-asic', 'edge-gpu', 'edge-asic', 'phone-npu', 'mcu']),
    /** Dense peak FLOP/s (OP/s for int8) per precision. */
    peakFlopsPerSecond: z
      .object({
        fp64: positiveNumber.optional(),
        fp32: positiveNumber.optional(),
        tf32: positiveNumber.optional(),
        fp16: positiveNumber.optional(),
        bf16: positiveNumber.optional(),
        fp8: positiveNumber.optional(),
        int8: positiveNumber.optional()
      })
      .strict()
      .refine((o) => Object.keys(o).length > 0, 'peakFlopsPerSecond needs at least one precision'),
    memoryBytes: positiveNumber,
    memoryBandwidthBytesPerSecond: positiveNumber.optional(),
    sramBytes: positiveNumber.optional(),
    flashBytes: positiveNumber.optional(),
    /** Per direction. */
    interconnectBandwidthBytesPerSecond: positiveNumber.optional(),
    tdpWatts: positiveNumber.optional(),
    priceDollars: positiveNumber.optional()
  })
  .strict()

export const ModelSchema = z
  .object({
    ...base,
    kind: z.enum(['llm', 'vision', 'audio']),
    params: positiveNumber,
    /** Forward FLOP per token (LLMs). */
    flopsPerToken: positiveNumber.optional(),
    /** Forward FLOP per sample (vision/audio). */
    flopsPerSample: positiveNumber.optional(),
    layers: count.optional(),
    hidden: count.optional(),
    heads: count.optional(),
    kvHeads: count.optional(),
    /** Default sequence length (context) in tokens. */
    seqLen: count.optional(),
    vocab: count.optional()
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.kind === 'llm') {
      for (const key of ['flopsPerToken', 'layers', 'hidden', 'heads', 'kvHeads', 'seqLen'] as const) {
        if (m[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required for an llm` })
      }
      if (m.hidden !== undefined && m.heads !== undefined && m.hidden % m.heads !== 0) {
        ctx.addIssue({ code: 'custom', path: ['heads'], message: 'hidden must be divisible by heads' })
      }
    } else if (m.flopsPerSample === undefined) {
      ctx.addIssue({ code: 'custom', path: ['flopsPerSample'], message: `flopsPerSample is required for a ${m.kind} model` })
    }
  })

export const FabricSchema = z
  .object({
    ...base,
    scope: z.enum(['intra-node', 'inter-node']),
    /** Per direction. */
    bandwidthBytesPerSecond: positiveNumber,
    latencySeconds: z.number().nonnegative().finite()
  })
  .strict()

export const ClusterSchema = z
  .object({
    ...base,
    nodes: count,
    acceleratorsPerNode: count,
    accelerator: z.string(),
    intraFabric: z.string(),
    interFabric: z.string()
  })
  .strict()

export const GridSchema = z
  .object({
    ...base,
    carbonGramsPerKwh: z.number().nonnegative().finite(),
    pue: z.number().min(1).finite(),
    waterLitersPerKwh: z.number().nonnegative().finite()
  })
  .strict()

export const catalogSchema = z.object({
  accelerators: z.array(AcceleratorSchema),
  models: z.array(ModelSchema),
  fabrics: z.array(FabricSchema),
  clusters: z.array(ClusterSchema),
  grids: z.array(GridSchema)
})

export type Accelerator = z.infer<typeof AcceleratorSchema>
export type CatalogModel = z.infer<typeof ModelSchema>
export type Fabric = z.infer<typeof FabricSchema>
export type Cluster = z.infer<typeof ClusterSchema>
export type Grid = z.infer<typeof GridSchema>
export type Catalog = z.infer<typeof catalogSchema>

// ---------------------------------------------------------------------------------------------------
// Vocabulary the functions share

export const RECOMPUTE_MODES = ['none', 'selective', 'full'] as const
export type Recompute = (typeof RECOMPUTE_MODES)[number]

export const OPTIMIZERS = ['adam', 'sgd', 'none'] as const
export type Optimizer = (typeof OPTIMIZERS)[number]

/**
 * Optimizer state in bytes per parameter (mixed precision):
 * adam = 12 (FP32 master weights 4 + first moment 4 + second moment 4);
 * sgd = 4 (FP32 momentum buffer only; assumes the weights themselves are the master copy, as in plain FP32/BF16 SGD);
 * none = 0.
 */
export const OPTIMIZER_BYTES_PER_PARAM: Readonly<Record<Optimizer, number>> = { adam: 12, sgd: 4, none: 0 }

// ---------------------------------------------------------------------------------------------------
// Functions: the parameters each takes and the result it gives. The engine validates parameters itself
// (with messages that name the field); these schemas are the shapes both sides are typed from, and the
// renderer checks each answer against its result schema.

/** Any number, ±Infinity and NaN included (an unstable queue waits forever). */
const real = z.custom<number>((v) => typeof v === 'number', 'expected a number')
const num = z.number()
const opt = num.optional()
const seconds = real

const rooflineParams = z.object({
  /** Work in FLOP. */
  flops: num,
  /** Bytes moved to/from memory. */
  bytes: num,
  /** Peak compute in FLOP/s. */
  peakFlops: num,
  /** Memory bandwidth in bytes/s. */
  bandwidth: num
})
const rooflineResult = z.object({
  /** max(computeSeconds, memorySeconds). */
  seconds,
  /** 'compute' when computeSeconds >= memorySeconds (a tie counts as compute). */
  bound: z.enum(['compute', 'memory']),
  /** Arithmetic intensity, FLOP/byte (Infinity when bytes = 0 and flops > 0). */
  intensity: real,
  /** Ridge point peakFlops / bandwidth, FLOP/byte. */
  ridge: real,
  computeSeconds: seconds,
  memorySeconds: seconds,
  /** Attainable FLOP/s = min(peakFlops, intensity * bandwidth). */
  attainableFlops: real
})

const amdahlParams = z.object({
  /** Fraction of the work that is parallelisable, 0..1. */
  parallelFraction: num,
  /** Speedup of the parallel part (e.g. number of processors), > 0. */
  speedup: num
})

const collectiveParams = z.object({
  /** Message size M in bytes (the full buffer each rank contributes). */
  bytes: num,
  /** Number of participating ranks N (integer >= 1). */
  ranks: num,
  /** Link bandwidth beta in bytes/s per direction. */
  bandwidth: num,
  /** Per-message latency alpha in seconds. */
  latency: num
})

const hierarchicalAllReduceParams = z.object({
  bytes: num,
  nodes: num,
  gpusPerNode: num,
  /** Intra-node bandwidth, bytes/s per direction. */
  intraBandwidth: num,
  /** Inter-node bandwidth, bytes/s per direction. */
  interBandwidth: num,
  intraLatency: num,
  interLatency: num
})

const activationMemoryParams = z.object({
  batch: num,
  seqLen: num,
  hidden: num,
  heads: num,
  layers: num,
  /** Bytes per stored activation value (2 for fp16/bf16). */
  bytesPerValue: num,
  /** Default 'none'. */
  recompute: z.enum(RECOMPUTE_MODES).optional()
})

const kvCacheParams = z.object({ layers: num, kvHeads: num, headDim: num, seqLen: num, batch: num, bytesPerValue: num })
const pagedKvCacheParams = kvCacheParams.extend({
  /** Tokens per KV page/block (e.g. 16 in vLLM). */
  pageTokens: num
})
const pagedKvCacheResult = z.object({
  allocatedBytes: real,
  /** Bytes actually holding tokens. */
  usedBytes: real,
  pagesPerSequence: real,
  totalPages: real,
  /** Wasted token slots / allocated token slots (0 when nothing is allocated). */
  fragmentation: real
})

const mmcQueueParams = z.object({
  /** lambda, arrivals per second. */
  arrivalRate: num,
  /** mu, completions per second per server. */
  serviceRate: num,
  /** c, number of servers (integer >= 1). */
  servers: num
})
const mmcQueueResult = z.object({
  /** rho = lambda / (c mu). */
  utilization: real,
  stable: z.boolean(),
  /** Erlang C: probability an arrival has to wait. */
  probWait: real,
  /** Median wait in the queue, seconds. */
  waitP50: seconds,
  /** 99th-percentile wait in the queue, seconds. */
  waitP99: seconds,
  /** Mean wait in the queue, seconds (C / (c mu - lambda)). */
  meanWait: seconds,
  /** Mean time in system = meanWait + 1/mu, seconds. */
  meanResponse: seconds
})

const youngDalyParams = z.object({
  /** delta: time to write one checkpoint, seconds. */
  checkpointSeconds: num,
  /** M: mean time between failures of the job's whole cluster, seconds. */
  mtbfSeconds: num
})
const clusterMtbfParams = z.object({
  componentMtbfSeconds: num,
  count: num,
  /** Multiplier for correlated failures (default 1 = independent). */
  correlation: opt
})
const nodeMtbfParams = z.object({ components: z.array(z.object({ count: num, mtbfSeconds: num })) })
const failureProbabilityParams = z.object({ durationSeconds: num, mtbfSeconds: num })
const stackedAvailabilityParams = z.object({
  /** Availability of one replica, 0..1. */
  availability: num,
  /** Independent replicas k (integer >= 1). */
  replicas: num
})

const checkpointGoodputParams = z.object({
  /** MTBF of one GPU (with its share of host and network), seconds. */
  componentMtbfSeconds: num,
  /** GPUs in the job: the cluster's MTBF is componentMtbfSeconds / count. */
  count: num,
  /** delta: time to write one checkpoint, seconds. */
  checkpointSeconds: num,
  /** R: time to restart after a failure (detect, reschedule, reload), seconds; default 0. */
  restartSeconds: opt,
  /** tau: the checkpoint interval to evaluate, seconds; default the Young/Daly optimum. */
  intervalSeconds: opt
})
const checkpointGoodputResult = z.object({
  /** M = componentMtbfSeconds / count. */
  mtbfSeconds: seconds,
  /** tau* = sqrt(2 delta M). */
  optimalIntervalSeconds: seconds,
  /** The interval evaluated below (the given one, else tau*). */
  intervalSeconds: seconds,
  /** delta / tau: time spent writing checkpoints. */
  checkpointFraction: real,
  /** tau / 2M: work redone after a failure, on average half an interval. */
  lostWorkFraction: real,
  /** R / M: restarts. */
  restartFraction: real,
  /** Sum of the three, capped at 1. */
  overheadFraction: real,
  /** 1 - overhead. */
  goodput: real,
  /** The overhead at tau*: sqrt(2 delta / M) + R / M, capped at 1. */
  overheadAtOptimum: real,
  goodputAtOptimum: real
})

const pipelineBubbleParams = z.object({
  /** Pipeline stages p. */
  stages: num,
  /** Microbatches per step m. */
  microbatches: num,
  /** Virtual stages (interleaved chunks) per device v, default 1. */
  virtualStages: opt
})
const trainingFlopsParams = z.object({ params: num, tokens: num })
const chinchillaParams = z.object({ computeFlops: num })
const chinchillaResult = z.object({ params: real, tokens: real })
const networkRoundTripParams = z.object({ distanceMeters: num })
const egressCostParams = z.object({ bytesPerSecond: num, dollarsPerGB: num })

/** A device from the catalog (`accelerator`) and/or raw figures that override it. */
const deviceParams = {
  /** Catalog accelerator id; raw figures below override it. */
  accelerator: z.string().optional(),
  precision: precisionSchema.optional(),
  peakFlops: opt,
  bandwidth: opt,
  memoryBytes: opt,
  powerWatts: opt,
  bytesPerValue: opt
}
/** A model from the catalog (`model`) and/or raw figures that override it. */
const modelParams = {
  /** Catalog model id; raw figures below override it. */
  model: z.string().optional(),
  kind: z.enum(['llm', 'vision', 'audio']).optional(),
  params: opt,
  flopsPerToken: opt,
  flopsPerSample: opt,
  layers: opt,
  hidden: opt,
  heads: opt,
  kvHeads: opt,
  seqLen: opt
}

const inferenceLatencyParams = z.object({
  ...deviceParams,
  ...modelParams,
  /** Samples (or sequences) per pass, default 1. */
  batch: opt,
  /** LLM tokens processed per sequence in this pass: 1 = one decode step (default); promptTokens = prefill. */
  tokensPerSample: opt,
  /** LLM tokens already in the KV cache per sequence, read during the pass (default 0). */
  contextTokens: opt,
  /** Fraction of peak FLOP/s achieved, (0, 1], default 1. */
  efficiency: opt,
  /** Fraction of peak memory bandwidth achieved, (0, 1], default 1. */
  bandwidthEfficiency: opt,
  /** Fixed per-pass overhead (kernel launches, framework), seconds, default 0. */
  overheadSeconds: opt
})
const trainingStepParams = inferenceLatencyParams.extend({ optimizer: z.enum(OPTIMIZERS).optional() })
const stepResult = z.object({
  computeFlops: real,
  memoryBytes: real,
  computeSeconds: seconds,
  memorySeconds: seconds,
  overheadSeconds: seconds,
  /** max(compute, memory) + overhead. */
  latencySeconds: seconds,
  /** Items per second (tokens for LLMs, samples otherwise). */
  throughput: real,
  throughputUnit: z.enum(['tokens/s', 'samples/s']),
  /** Achieved FLOP/s over peak FLOP/s. */
  mfu: real,
  /** Power assumed drawn for the whole latency (TDP unless powerWatts given); null when unknown. */
  powerWatts: real.nullable(),
  energyJoules: real.nullable(),
  intensity: real,
  ridge: real,
  bound: z.enum(['compute', 'memory'])
})

const trainingMemoryParams = z.object({
  ...modelParams,
  accelerator: deviceParams.accelerator,
  precision: deviceParams.precision,
  bytesPerValue: deviceParams.bytesPerValue,
  /** Sequences (or samples) per micro-batch per device, default 1. */
  microBatch: opt,
  optimizer: z.enum(OPTIMIZERS).optional(),
  /** Overrides the optimizer's bytes per parameter. */
  optimizerBytesPerParam: opt,
  /** ZeRO stage 0-3: 1 shards optimizer state, 2 also gradients, 3 also weights across data-parallel ranks. */
  zeroStage: opt,
  dataParallel: opt,
  tensorParallel: opt,
  pipelineParallel: opt,
  recompute: z.enum(RECOMPUTE_MODES).optional(),
  /** Bytes per activation value, default = bytesPerValue of the precision. */
  activationBytesPerValue: opt,
  /** Raw per-device activation bytes (for non-transformer models); overrides the Korthikanti estimate. */
  activationBytes: opt,
  /** Device memory capacity in bytes; defaults to the accelerator's memoryBytes. */
  capacityBytes: opt
})
const trainingMemoryResult = z.object({
  /** Parameters held by each device before ZeRO sharding: params / (tensorParallel x pipelineParallel). */
  paramsPerDevice: real,
  weightsBytes: real,
  gradientsBytes: real,
  optimizerBytes: real,
  activationsBytes: real,
  /** Per-device total. */
  totalBytes: real,
  devices: real,
  /** Sum over all devices. */
  clusterTotalBytes: real,
  capacityBytes: real.nullable(),
  fits: z.boolean().nullable(),
  headroomBytes: real.nullable()
})

const llmServingParams = z.object({
  ...deviceParams,
  ...modelParams,
  promptTokens: opt,
  outputTokens: opt,
  /** Concurrent sequences decoded together, default 1. */
  batch: opt,
  /** Bytes per KV value, default = bytesPerValue of the precision. */
  kvBytesPerValue: opt,
  efficiency: opt,
  bandwidthEfficiency: opt,
  /** Fraction of device memory usable for weights + KV cache, default 0.9. */
  memoryUtilization: opt,
  /** Devices the model is split across (their FLOP/s, bandwidth and memory add; communication ignored), default 1. */
  tensorParallel: opt
})
const llmServingResult = z.object({
  weightsBytes: real,
  kvBytesPerToken: real,
  kvBytesPerSequence: real,
  prefillFlops: real,
  prefillComputeSeconds: seconds,
  prefillMemorySeconds: seconds,
  /** Time to first token: prefill of the batch's prompts, max(compute, weights read). */
  ttftSeconds: seconds,
  decodeBytesPerStep: real,
  decodeComputeSeconds: seconds,
  decodeMemorySeconds: seconds,
  /** Inter-token latency: one decode step reading weights + the batch's KV cache (mean context). */
  interTokenSeconds: seconds,
  decodeBound: z.enum(['compute', 'memory']),
  /** Output tokens per second across the batch. */
  tokensPerSecond: real,
  /** TTFT + outputTokens x inter-token latency. */
  requestLatencySeconds: seconds,
  maxConcurrentSequences: real,
  fits: z.boolean()
})

const parallelStepParams = z.object({
  ...deviceParams,
  ...modelParams,
  /** Catalog cluster id: supplies accelerator, gpusPerNode and fabrics unless given. */
  cluster: z.string().optional(),
  dataParallel: opt,
  tensorParallel: opt,
  pipelineParallel: opt,
  /** Interleaved virtual stages per device, default 1. */
  virtualStages: opt,
  /** Sequences per micro-batch, default 1. */
  microBatch: opt,
  /** Micro-batches per step per data-parallel replica, default 1 (or derived from globalBatch). */
  microbatches: opt,
  /** Sequences per step over the whole job; must equal dataParallel x microBatch x microbatches. */
  globalBatch: opt,
  /** Fraction of peak FLOP/s achieved by the kernels, default 1. */
  efficiency: opt,
  /** Fraction of the data-parallel all-reduce hidden behind the backward pass, 0..1, default 0. */
  dpOverlap: opt,
  gpusPerNode: opt,
  intraFabric: z.string().optional(),
  interFabric: z.string().optional(),
  intraBandwidth: opt,
  interBandwidth: opt,
  intraLatency: opt,
  interLatency: opt
})
const parallelStepResult = z.object({
  devices: real,
  nodes: real,
  microbatches: real,
  globalBatch: real,
  tokensPerStep: real,
  totalFlops: real,
  /** Ideal compute time per step: totalFlops / (devices x peak x efficiency). */
  computeSeconds: seconds,
  bubbleFraction: real,
  bubbleSeconds: seconds,
  tensorParallelAllReduces: real,
  tensorParallelBytesPerAllReduce: real,
  tensorParallelSeconds: seconds,
  dataParallelBytes: real,
  dataParallelSeconds: seconds,
  /** Data-parallel time not hidden by overlap. */
  dataParallelExposedSeconds: seconds,
  stepSeconds: seconds,
  /** computeSeconds / stepSeconds. */
  scalingEfficiency: real,
  tokensPerSecond: real,
  mfu: real
})

const sustainabilityParams = z.object({
  /** Catalog accelerator id (for tdpWatts), or give powerWatts. */
  accelerator: z.string().optional(),
  powerWatts: opt,
  devices: opt,
  durationSeconds: num,
  /** Average power as a fraction of powerWatts, default 1. */
  utilization: opt,
  /** Catalog grid id, or give the three figures below. */
  grid: z.string().optional(),
  carbonGramsPerKwh: opt,
  pue: opt,
  waterLitersPerKwh: opt
})
const sustainabilityResult = z.object({
  itEnergyJoules: real,
  facilityEnergyJoules: real,
  itEnergyKwh: real,
  facilityEnergyKwh: real,
  carbonKilograms: real,
  waterLiters: real
})

const tcoParams = z.object({
  accelerator: z.string().optional(),
  priceDollars: opt,
  powerWatts: opt,
  devices: opt,
  /** Amortisation period, default 3 years. */
  years: opt,
  /** Average power as a fraction of powerWatts, default 1. */
  utilization: opt,
  grid: z.string().optional(),
  /** Default: the grid's PUE, else 1. */
  pue: opt,
  /** Electricity price, default 0.10 $/kWh. */
  dollarsPerKwh: opt,
  /** Maintenance per year as a fraction of capex, default 0.1. */
  maintenanceFractionPerYear: opt
})
const tcoResult = z.object({
  capexDollars: real,
  amortisedCapexDollarsPerYear: real,
  energyKwhPerYear: real,
  energyDollarsPerYear: real,
  maintenanceDollarsPerYear: real,
  totalDollarsPerYear: real,
  totalDollars: real,
  dollarsPerDeviceHour: real
})

const compressionParams = z.object({
  /** Catalog model id, or give params. */
  model: z.string().optional(),
  params: opt,
  /** Bits per weight before, default 16. */
  bitsBefore: opt,
  /** Bits per weight after quantisation, default 16 (no quantisation). */
  bitsAfter: opt,
  /** Fraction of weights pruned, 0..1 (exclusive of 1), default 0. */
  sparsity: opt,
  /** Index metadata per kept weight for sparse storage, default 0 (e.g. 2 for 2:4). */
  indexBitsPerNonzero: opt,
  /** Quantisation scale/zero-point overhead per weight, default 0 (e.g. 16/128 = 0.125 for a 16-bit scale per 128-group). */
  scaleBitsPerParam: opt,
  /** Fraction of run time that is memory-bound weight traffic, default 1. */
  memoryBoundFraction: opt
})
const compressionResult = z.object({
  bytesBefore: real,
  bytesAfter: real,
  bitsPerParamAfter: real,
  /** bytesBefore / bytesAfter. */
  ratio: real,
  savedBytes: real,
  savedFraction: real,
  /** Speedup if run time were all weight traffic: the ratio. */
  memoryBoundSpeedup: real,
  /** Amdahl: only memoryBoundFraction of run time speeds up by the ratio. */
  speedup: real
})

const peakActivationParams = z.object({
  /** Height and width of the input to the widest layer, before its downsampling. */
  inputHeight: num,
  inputWidth: num,
  /** Channels of the widest feature map. */
  channels: num,
  /** Downsampling (stride) before the widest layer, default 1. */
  stride: opt,
  /** Bits per activation value, default 8. */
  bits: opt
})
const peakActivationResult = z.object({
  /** ceil(H / s) x ceil(W / s) x C: values in one feature map. */
  featureMapValues: real,
  /** Input and output of the widest layer live in SRAM together: 2 x values x bits / 8. */
  bytes: real
})

const mcuInferenceParams = z.object({
  /** Catalog model id, or give params and flopsPerSample. */
  model: z.string().optional(),
  params: opt,
  /** Forward FLOP (OP) per inference; default from the model (2 x params when it has none). */
  flopsPerSample: opt,
  /** Catalog microcontroller id, or give peakFlops, flashBytes and sramBytes. */
  accelerator: z.string().optional(),
  peakFlops: opt,
  flashBytes: opt,
  sramBytes: opt,
  /** Bits per weight and per activation, default 8 (int8 kernels up to 8 bits, fp32 above). */
  bits: opt,
  /** Fraction of the peak the kernels reach, (0, 1], default 0.3. */
  efficiency: opt,
  /** Bytes/s at which weights stream from flash (an assumption: the catalog has none for MCUs). */
  weightBandwidth: num,
  inputHeight: num,
  inputWidth: num,
  channels: num,
  stride: opt
})
const mcuInferenceResult = z.object({
  weightsBytes: real,
  peakActivationBytes: real,
  flashBytes: real.nullable(),
  sramBytes: real.nullable(),
  fitsFlash: z.boolean().nullable(),
  fitsSram: z.boolean().nullable(),
  /** The precision whose peak the compute time uses. */
  precision: precisionSchema,
  flops: real,
  /** The microcontroller's peak at that precision, OP/s. */
  peakFlops: real,
  /** efficiency x peak. */
  achievedFlops: real,
  computeSeconds: seconds,
  /** (weights + activations) / weightBandwidth. */
  memorySeconds: seconds,
  /** max(compute, memory). */
  seconds,
  bound: z.enum(['compute', 'memory']),
  inferencesPerSecond: real
})

const sweepParams = z.object({
  /** Registry name of the function to evaluate. */
  model: z.string(),
  /** Parameters shared by every point. */
  base: z.record(z.string(), z.unknown()).optional(),
  /** Parameter name -> values; the grid is their cartesian product (first axis varies slowest). */
  axes: z.record(z.string(), z.array(z.union([num, z.string()]))),
  /** A lower limit on the grid size than the engine's own (20,000 points, which no request may exceed). */
  maxPoints: opt
})
/** The result of a sweep whose points are answers of the given function. */
export function sweepResultSchema<T extends z.ZodType>(output: T) {
  return z.object({
    model: z.string(),
    axes: z.array(z.string()),
    count: z.number(),
    errors: z.number(),
    points: z.array(
      z.object({
        inputs: z.record(z.string(), z.union([real, z.string()])),
        output: output.optional(),
        /** Set instead of output when this point's inputs are invalid. */
        error: z.string().optional()
      })
    )
  })
}

const fn = <P extends z.ZodType, R extends z.ZodType>(kind: 'pinned' | 'model' | 'sweep', params: P, result: R) => ({
  kind,
  params,
  result
})

/** Every simulator function by name: its kind, its parameters and its result. */
export const simFunctions = {
  roofline: fn('pinned', rooflineParams, rooflineResult),
  amdahl: fn('pinned', amdahlParams, real),
  ringAllReduce: fn('pinned', collectiveParams, seconds),
  treeAllReduce: fn('pinned', collectiveParams, seconds),
  allToAll: fn('pinned', collectiveParams, seconds),
  hierarchicalAllReduce: fn('pinned', hierarchicalAllReduceParams, seconds),
  activationMemory: fn('pinned', activationMemoryParams, real),
  kvCacheBytes: fn('pinned', kvCacheParams, real),
  pagedKvCache: fn('pinned', pagedKvCacheParams, pagedKvCacheResult),
  mmcQueue: fn('pinned', mmcQueueParams, mmcQueueResult),
  youngDalyInterval: fn('pinned', youngDalyParams, seconds),
  clusterMtbf: fn('pinned', clusterMtbfParams, seconds),
  nodeMtbf: fn('pinned', nodeMtbfParams, seconds),
  failureProbability: fn('pinned', failureProbabilityParams, real),
  checkpointGoodput: fn('pinned', checkpointGoodputParams, checkpointGoodputResult),
  pipelineBubble: fn('pinned', pipelineBubbleParams, real),
  stackedAvailability: fn('pinned', stackedAvailabilityParams, real),
  trainingFlops: fn('pinned', trainingFlopsParams, real),
  chinchillaOptimal: fn('pinned', chinchillaParams, chinchillaResult),
  networkRoundTrip: fn('pinned', networkRoundTripParams, seconds),
  egressCostMonthly: fn('pinned', egressCostParams, real),
  peakActivation: fn('pinned', peakActivationParams, peakActivationResult),
  inferenceLatency: fn('model', inferenceLatencyParams, stepResult),
  trainingStep: fn('model', trainingStepParams, stepResult),
  trainingMemory: fn('model', trainingMemoryParams, trainingMemoryResult),
  llmServing: fn('model', llmServingParams, llmServingResult),
  parallelStep: fn('model', parallelStepParams, parallelStepResult),
  sustainability: fn('model', sustainabilityParams, sustainabilityResult),
  tco: fn('model', tcoParams, tcoResult),
  compression: fn('model', compressionParams, compressionResult),
  mcuInference: fn('model', mcuInferenceParams, mcuInferenceResult),
  sweep: fn('sweep', sweepParams, sweepResultSchema(z.unknown()))
}

export type SimFunctionName = keyof typeof simFunctions
/** Functions a sweep can evaluate (every one but the sweep itself). */
export type SweepableName = Exclude<SimFunctionName, 'sweep'>
export type SimParams<N extends SimFunctionName> = z.input<(typeof simFunctions)[N]['params']>
export type SimResult<N extends SimFunctionName> = z.output<(typeof simFunctions)[N]['result']>
export type SweepResult<T = unknown> = Omit<SimResult<'sweep'>, 'points'> & {
  points: { inputs: Record<string, number | string>; output?: T; error?: string }[]
}
export const simFunctionNames = Object.keys(simFunctions) as SimFunctionName[]

export function isSimFunctionName(name: string): name is SimFunctionName {
  return Object.hasOwn(simFunctions, name)
}

/**
 * JSON has no Infinity or NaN: the wire carries them as the strings 'Infinity', '-Infinity' and 'NaN'.
 * Main encodes every answer; the renderer decodes it before checking it against the result schema.
 */
export function encodeNonFinite(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value)
  if (Array.isArray(value)) return value.map(encodeNonFinite)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeNonFinite(v)]))
  }
  return value
}

export function decodeNonFinite(value: unknown): unknown {
  if (value === 'Infinity') return Infinity
  if (value === '-Infinity') return -Infinity
  if (value === 'NaN') return NaN
  if (Array.isArray(value)) return value.map(decodeNonFinite)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeNonFinite(v)]))
  }
  return value
}

// ---------------------------------------------------------------------------------------------------
// Dashboards: their ids and titles (the Progress page and the activity log name them too)

export interface DashboardInfo {
  id: string
  title: string
  blurb: string
}

export const DASHBOARDS: readonly DashboardInfo[] = [
  { id: 'roofline', title: 'Roofline', blurb: 'Compute- or memory-bound? Devices, precisions and a workload point on log-log axes.' },
  { id: 'batch', title: 'Batch size', blurb: 'Inference latency vs batch: where the bottleneck flips from memory to compute.' },
  {
    id: 'memory',
    title: 'Training memory',
    blurb: 'Weights, gradients, optimizer state and activations against device capacity; ZeRO, recompute, TP/PP/DP.'
  },
  { id: 'serving', title: 'LLM serving', blurb: 'KV cache growth with context and batch, TTFT, inter-token latency, sequences that fit.' },
  { id: 'parallelism', title: '3D parallelism', blurb: 'Step-time breakdown and the pipeline bubble as a Gantt of stages × microbatches.' },
  { id: 'collectives', title: 'Collectives', blurb: 'Ring vs tree vs hierarchical all-reduce over message size (α–β model).' },
  { id: 'tail', title: 'Tail latency', blurb: 'M/M/c queue: p50/p99 wait as load rises, against an SLA; beyond ρ = 1 it is unstable.' },
  { id: 'reliability', title: 'Reliability', blurb: 'Young–Daly checkpoint U-curve and goodput as the cluster grows.' },
  { id: 'carbon', title: 'Carbon & cost', blurb: 'The same job across grid regions: energy, carbon, water and total cost of ownership.' },
  { id: 'tinyml', title: 'TinyML', blurb: 'Does it fit? Model weights vs flash, peak activations vs SRAM, latency on a microcontroller.' }
]

export function dashboardTitle(id: string): string | undefined {
  return DASHBOARDS.find((d) => d.id === id)?.title
}

// ---------------------------------------------------------------------------------------------------
// Channels

const functionKind = z.enum(['pinned', 'model', 'sweep'])

export const simChannels = {
  /** Function names with descriptions, and the validated hardware/model catalog. */
  list: {
    request: empty,
    response: z.object({
      functions: z.array(z.object({ name: z.string(), description: z.string(), kind: functionKind })),
      catalog: catalogSchema
    })
  },
  /**
   * Evaluates one simulator function. Non-finite numbers (an unstable queue's wait) travel as the
   * strings 'Infinity', '-Infinity' or 'NaN' so JSON does not turn them into null (see decodeNonFinite).
   * `record` appends a sim_run entry to the log (on a revealed prediction, not on every slider move).
   */
  run: {
    request: z
      .object({
        name: z.string().min(1).max(100),
        params: z.record(z.string(), z.unknown()),
        record: z
          .object({ dashboard: z.string().min(1).max(100), prediction: z.number().optional() })
          .strict()
          .optional()
      })
      .strict(),
    response: z.object({ result: z.unknown() })
  },
  scenarios: {
    request: z.object({ dashboard: z.string().min(1).max(100) }).strict(),
    response: z.array(
      z.object({
        scenarioId: z.string(),
        dashboard: z.string(),
        name: z.string(),
        params: z.record(z.string(), z.unknown()),
        savedAt: isoTime
      })
    )
  },
  saveScenario: {
    request: z
      .object({
        dashboard: z.string().min(1).max(100),
        name: z.string().trim().min(1).max(200),
        params: z.record(z.string(), z.unknown())
      })
      .strict(),
    response: z.object({ scenarioId: z.string() })
  },
  deleteScenario: {
    request: z.object({ dashboard: z.string().min(1).max(100), scenarioId: z.string().min(1) }).strict(),
    response: z.object({ deleted: z.boolean() })
  }
}
