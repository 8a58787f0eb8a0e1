// Single-device roofline models of one inference pass and one training step.
import { kvCacheBytes } from './memory'
import { roofline } from './roofline'
import { numberOr, requireFigure, resolveDevice, resolveModel } from './resolve'
import { SimInputError, count, efficiency, nonNegative, oneOf, paramsObject, ranks } from './validate'

export interface DeviceParams {
  /** Catalog accelerator id; raw figures below override it. */
  accelerator?: string
  precision?: 'fp64' | 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'int8'
  peakFlops?: number
  bandwidth?: number
  memoryBytes?: number
  powerWatts?: number
  bytesPerValue?: number
}

export interface ModelParams {
  /** Catalog model id; raw figures below override it. */
  model?: string
  kind?: 'llm' | 'vision' | 'audio'
  params?: number
  flopsPerToken?: number
  flopsPerSample?: number
  layers?: number
  hidden?: number
  heads?: number
  kvHeads?: number
  seqLen?: number
}

export interface InferenceLatencyParams extends DeviceParams, ModelParams {
  /** Samples (or sequences) per pass, default 1. */
  batch?: number
  /** LLM tokens processed per sequence in this pass: 1 = one decode step (default); promptTokens = prefill. */
  tokensPerSample?: number
  /** LLM tokens already in the KV cache per sequence, read during the pass (default 0). */
  contextTokens?: number
  /** Fraction of peak FLOP/s achieved, (0, 1], default 1. */
  efficiency?: number
  /** Fraction of peak memory bandwidth achieved, (0, 1], default 1. */
  bandwidthEfficiency?: number
  /** Fixed per-pass overhead (kernel launches, framework), seconds, default 0. */
  overheadSeconds?: number
}

export interface StepResult {
  computeFlops: number
  memoryBytes: number
  computeSeconds: number
  memorySeconds: number
  overheadSeconds: number
  /** max(compute, memory) + overhead. */
  latencySeconds: number
  /** Items per second (tokens for LLMs, samples otherwise). */
  throughput: number
  throughputUnit: 'tokens/s' | 'samples/s'
  /** Achieved FLOP/s over peak FLOP/s. */
  mfu: number
  /** Power assumed drawn for the whole latency (TDP unless powerWatts given); null when unknown. */
  powerWatts: number | null
  energyJoules: number | null
  intensity: number
  ridge: number
  bound: 'compute' | 'memory'
}

function finish(
  computeFlops: number,
  memoryBytes: number,
  items: number,
  unit: StepResult['throughputUnit'],
  peakFlops: number,
  bandwidth: number,
  eff: number,
  bwEff: number,
  overheadSeconds: number,
  powerWatts: number | undefined
): StepResult {
  const r = roofline({ flops: computeFlops, bytes: memoryBytes, peakFlops: peakFlops * eff, bandwidth: bandwidth * bwEff })
  const latencySeconds = r.seconds + overheadSeconds
  return {
    computeFlops,
    memoryBytes,
    computeSeconds: r.computeSeconds,
    memorySeconds: r.memorySeconds,
    overheadSeconds,
    latencySeconds,
    throughput: latencySeconds > 0 ? items / latencySeconds : Infinity,
    throughputUnit: unit,
    mfu: latencySeconds > 0 ? computeFlops / latencySeconds / peakFlops : 0,
    powerWatts: powerWatts ?? null,
    energyJoules: powerWatts === undefined ? null : powerWatts * latencySeconds,
    intensity: r.intensity,
    ridge: (peakFlops * eff) / (bandwidth * bwEff),
    bound: r.bound
  }
}

/** The inputs both single-device step models read, validated, with their defaults. */
function stepInputs(params: InferenceLatencyParams, fn: string) {
  const p = paramsObject(params, fn)
  const dev = resolveDevice(p)
  return {
    p,
    dev,
    model: resolveModel(p),
    batch: numberOr(p, 'batch', 1, ranks),
    eff: numberOr(p, 'efficiency', 1, efficiency),
    bwEff: numberOr(p, 'bandwidthEfficiency', 1, efficiency),
    overhead: numberOr(p, 'overheadSeconds', 0, nonNegative),
    bandwidth: requireFigure('bandwidth', dev.bandwidth, 'the accelerator has no memory bandwidth in the catalog; give bandwidth')
  }
}

/**
 * One inference pass on one device: compute = batch x forward FLOP / (peak x efficiency);
 * memory = weights (params x bytesPerValue) + KV cache read for LLMs / (bandwidth x bandwidthEfficiency).
 */
export function inferenceLatency(params: InferenceLatencyParams): StepResult {
  const { p, dev, model, batch, eff, bwEff, overhead, bandwidth } = stepInputs(params, 'inferenceLatency')
  const isLlm = model.kind === 'llm'
  const tokensPerSample = isLlm ? numberOr(p, 'tokensPerSample', 1, ranks) : 1
  const contextTokens = isLlm ? numberOr(p, 'contextTokens', 0, count) : 0
  const items = batch * tokensPerSample
  const computeFlops = items * model.forwardFlopsPerItem
  let bytes = model.params * dev.bytesPerValue
  if (isLlm && contextTokens > 0) {
    const { layers, hidden, heads, kvHeads } = model
    if (!layers || !hidden || !heads || !kvHeads) {
      throw new SimInputError('contextTokens', 'contextTokens needs layers, hidden, heads and kvHeads (give a catalog model)')
    }
    bytes += kvCacheBytes({ layers, kvHeads, headDim: hidden / heads, seqLen: contextTokens, batch, bytesPerValue: dev.bytesPerValue })
  }
  return finish(
    computeFlops,
    bytes,
    items,
    isLlm ? 'tokens/s' : 'samples/s',
    dev.peakFlops,
    bandwidth,
    eff,
    bwEff,
    overhead,
    dev.powerWatts
  )
}

export const OPTIMIZERS = ['adam', 'sgd', 'none'] as const
export type Optimizer = (typeof OPTIMIZERS)[number]

/**
 * Optimizer state in bytes per parameter (mixed precision):
 * adam = 12 (FP32 master weights 4 + first moment 4 + second moment 4);
 * sgd = 4 (FP32 momentum buffer only; assumes the weights themselves are the master copy, as in plain FP32/BF16 SGD);
 * none = 0.
 */
export const OPTIMIZER_BYTES_PER_PARAM: Record<Optimizer, number> = { adam: 12, sgd: 4, none: 0 }

export interface TrainingStepParams extends InferenceLatencyParams {
  optimizer?: Optimizer
}

/**
 * One training step on one device: FLOP = 3 x forward (forward + 2x backward), i.e. 6 P per token for LLMs;
 * tokens = batch x seqLen for LLMs. Memory traffic per parameter:
 * weights read twice (fwd, bwd) + gradient write and read + optimizer state read and write + new weights write
 * = params x (4 x bytesPerValue + 2 x optimizerBytes + bytesPerValue). Activation traffic ignored.
 */
export function trainingStep(params: TrainingStepParams): StepResult {
  const { p, dev, model, batch, eff, bwEff, overhead, bandwidth } = stepInputs(params, 'trainingStep')
  const optimizer = oneOf('optimizer', p.optimizer ?? 'adam', OPTIMIZERS)
  const isLlm = model.kind === 'llm'
  const seqLen = isLlm ? requireFigure('seqLen', model.seqLen, 'LLM training needs a sequence length') : 1
  const items = batch * seqLen
  const computeFlops = 3 * model.forwardFlopsPerItem * items
  const bytes = model.params * (5 * dev.bytesPerValue + 2 * OPTIMIZER_BYTES_PER_PARAM[optimizer])
  return finish(
    computeFlops,
    bytes,
    items,
    isLlm ? 'tokens/s' : 'samples/s',
    dev.peakFlops,
    bandwidth,
    eff,
    bwEff,
    overhead,
    dev.powerWatts
  )
}
