// Single-device roofline models of one inference pass and one training step.
import { OPTIMIZER_BYTES_PER_PARAM, OPTIMIZERS, type SimParams, type SimResult } from '../../src-preload/contract'
import { kvCacheBytes } from './memory'
import { roofline } from './roofline'
import { numberOr, requireFigure, resolveDevice, resolveModel } from './resolve'
import { SimInputError, count, efficiency, nonNegative, oneOf, paramsObject, ranks } from './validate'

type StepResult = SimResult<'inferenceLatency'>

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
function stepInputs(params: SimParams<'inferenceLatency'>, fn: string) {
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
export function inferenceLatency(params: SimParams<'inferenceLatency'>): StepResult {
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

/**
 * One training step on one device: FLOP = 3 x forward (forward + 2x backward), i.e. 6 P per token for LLMs;
 * tokens = batch x seqLen for LLMs. Memory traffic per parameter:
 * weights read twice (fwd, bwd) + gradient write and read + optimizer state read and write + new weights write
 * = params x (4 x bytesPerValue + 2 x optimizerBytes + bytesPerValue). Activation traffic ignored.
 */
export function trainingStep(params: SimParams<'trainingStep'>): StepResult {
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
