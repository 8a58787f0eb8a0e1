// LLM serving: KV cache, time to first token, inter-token latency, concurrency.
import { kvCacheBytes } from './memory'
import type { DeviceParams, ModelParams } from './inference'
import { numberOr, requireFigure, resolveDevice, resolveModel } from './resolve'
import { SimInputError, count, efficiency, fraction, paramsObject, positive, ranks } from './validate'

export interface LlmServingParams extends DeviceParams, ModelParams {
  promptTokens?: number
  outputTokens?: number
  /** Concurrent sequences decoded together, default 1. */
  batch?: number
  /** Bytes per KV value, default = bytesPerValue of the precision. */
  kvBytesPerValue?: number
  efficiency?: number
  bandwidthEfficiency?: number
  /** Fraction of device memory usable for weights + KV cache, default 0.9. */
  memoryUtilization?: number
  /** Devices the model is split across (their FLOP/s, bandwidth and memory add; communication ignored), default 1. */
  tensorParallel?: number
}

export interface LlmServingResult {
  weightsBytes: number
  kvBytesPerToken: number
  kvBytesPerSequence: number
  prefillFlops: number
  prefillComputeSeconds: number
  prefillMemorySeconds: number
  /** Time to first token: prefill of the batch's prompts, max(compute, weights read). */
  ttftSeconds: number
  decodeBytesPerStep: number
  decodeComputeSeconds: number
  decodeMemorySeconds: number
  /** Inter-token latency: one decode step reading weights + the batch's KV cache (mean context). */
  interTokenSeconds: number
  decodeBound: 'compute' | 'memory'
  /** Output tokens per second across the batch. */
  tokensPerSecond: number
  /** TTFT + outputTokens x inter-token latency. */
  requestLatencySeconds: number
  maxConcurrentSequences: number
  fits: boolean
}

export function llmServing(params: LlmServingParams): LlmServingResult {
  const p = paramsObject(params, 'llmServing')
  const dev = resolveDevice(p)
  const model = resolveModel(p)
  if (model.kind !== 'llm') throw new SimInputError('model', `llmServing needs an llm model (got kind ${model.kind})`)
  const { layers, hidden, heads, kvHeads } = model
  if (!layers || !hidden || !heads || !kvHeads) {
    throw new SimInputError('model', 'llmServing needs layers, hidden, heads and kvHeads (give a catalog model or raw figures)')
  }
  const prompt = numberOr(p, 'promptTokens', 512, ranks)
  const output = numberOr(p, 'outputTokens', 256, count)
  const batch = numberOr(p, 'batch', 1, ranks)
  const kvBpv = numberOr(p, 'kvBytesPerValue', dev.bytesPerValue, positive)
  const eff = numberOr(p, 'efficiency', 1, efficiency)
  const bwEff = numberOr(p, 'bandwidthEfficiency', 1, efficiency)
  const memUtil = numberOr(p, 'memoryUtilization', 0.9, fraction)
  const tp = numberOr(p, 'tensorParallel', 1, ranks)
  const bandwidth =
    requireFigure('bandwidth', dev.bandwidth, 'the accelerator has no memory bandwidth in the catalog; give bandwidth') * tp * bwEff
  const memoryBytes = requireFigure('memoryBytes', dev.memoryBytes, 'give memoryBytes') * tp
  const flops = dev.peakFlops * tp * eff

  const headDim = hidden / heads
  const kvBytesPerToken = kvCacheBytes({ layers, kvHeads, headDim, seqLen: 1, batch: 1, bytesPerValue: kvBpv })
  const kvBytesPerSequence = kvBytesPerToken * (prompt + output)
  const weightsBytes = model.params * dev.bytesPerValue

  const prefillFlops = model.forwardFlopsPerItem * prompt * batch
  const prefillComputeSeconds = prefillFlops / flops
  const prefillMemorySeconds = weightsBytes / bandwidth
  const ttftSeconds = Math.max(prefillComputeSeconds, prefillMemorySeconds)

  const meanContext = prompt + output / 2
  const decodeBytesPerStep = weightsBytes + batch * kvBytesPerToken * meanContext
  const decodeMemorySeconds = decodeBytesPerStep / bandwidth
  const decodeComputeSeconds = (model.forwardFlopsPerItem * batch) / flops
  const interTokenSeconds = Math.max(decodeMemorySeconds, decodeComputeSeconds)

  const maxConcurrentSequences = Math.max(0, Math.floor((memoryBytes * memUtil - weightsBytes) / kvBytesPerSequence))
  return {
    weightsBytes,
    kvBytesPerToken,
    kvBytesPerSequence,
    prefillFlops,
    prefillComputeSeconds,
    prefillMemorySeconds,
    ttftSeconds,
    decodeBytesPerStep,
    decodeComputeSeconds,
    decodeMemorySeconds,
    interTokenSeconds,
    decodeBound: decodeComputeSeconds >= decodeMemorySeconds ? 'compute' : 'memory',
    tokensPerSecond: batch / interTokenSeconds,
    requestLatencySeconds: ttftSeconds + output * interTokenSeconds,
    maxConcurrentSequences,
    fits: batch <= maxConcurrentSequences
  }
}
