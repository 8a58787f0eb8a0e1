// LLM serving: KV cache, time to first token, inter-token latency, concurrency.
import { kvCacheBytes } from './memory'
import type { SimParams, SimResult } from '../../src-preload/contract'
import { numberOr, requireFigure, resolveDevice, resolveModel } from './resolve'
import { SimInputError, count, efficiency, fraction, paramsObject, positive, ranks } from './validate'

export function llmServing(params: SimParams<'llmServing'>): SimResult<'llmServing'> {
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
