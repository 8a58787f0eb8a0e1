import { RECOMPUTE_MODES, type SimParams, type SimResult } from '../../src-preload/contract'
import { integer, oneOf, paramsObject, positive, ranks } from './validate'

/**
 * Activation memory of a transformer in bytes (Korthikanti et al. 2022,
 * "Reducing Activation Recomputation in Large Transformer Models").
 * Per layer at 16-bit: 34 s b h + 5 a s^2 b (no recompute);
 * selective recompute drops the 5 a s^2 b attention term; full recompute keeps
 * only the layer input, 2 s b h. Scaled by bytesPerValue / 2, times layers.
 */
export function activationMemory(params: SimParams<'activationMemory'>): number {
  const p = paramsObject(params, 'activationMemory')
  const b = ranks('batch', p.batch)
  const s = ranks('seqLen', p.seqLen)
  const h = ranks('hidden', p.hidden)
  const a = ranks('heads', p.heads)
  const layers = integer('layers', p.layers, 0)
  const bytesPerValue = positive('bytesPerValue', p.bytesPerValue)
  const recompute = oneOf('recompute', p.recompute ?? 'none', RECOMPUTE_MODES)
  let perLayer16: number
  if (recompute === 'full') perLayer16 = 2 * s * b * h
  else if (recompute === 'selective') perLayer16 = 34 * s * b * h
  else perLayer16 = 34 * s * b * h + 5 * a * s * s * b
  return perLayer16 * (bytesPerValue / 2) * layers
}

function kvInputs(params: SimParams<'kvCacheBytes'>, fn: string) {
  const p = paramsObject(params, fn)
  return {
    layers: integer('layers', p.layers, 0),
    kvHeads: integer('kvHeads', p.kvHeads, 0),
    headDim: integer('headDim', p.headDim, 0),
    seqLen: integer('seqLen', p.seqLen, 0),
    batch: integer('batch', p.batch, 0),
    bytesPerValue: positive('bytesPerValue', p.bytesPerValue),
    raw: p
  }
}

/** KV-cache bytes = 2 (K and V) * layers * kvHeads * headDim * seqLen * batch * bytesPerValue. */
export function kvCacheBytes(params: SimParams<'kvCacheBytes'>): number {
  const k = kvInputs(params, 'kvCacheBytes')
  return 2 * k.layers * k.kvHeads * k.headDim * k.seqLen * k.batch * k.bytesPerValue
}

/** Paged KV cache: each sequence rounded up to whole pages. */
export function pagedKvCache(params: SimParams<'pagedKvCache'>): SimResult<'pagedKvCache'> {
  const k = kvInputs(params, 'pagedKvCache')
  const pageTokens = ranks('pageTokens', k.raw.pageTokens)
  const bytesPerToken = 2 * k.layers * k.kvHeads * k.headDim * k.bytesPerValue
  const pagesPerSequence = Math.ceil(k.seqLen / pageTokens)
  const totalPages = pagesPerSequence * k.batch
  const allocatedSlots = totalPages * pageTokens
  const usedSlots = k.seqLen * k.batch
  return {
    allocatedBytes: allocatedSlots * bytesPerToken,
    usedBytes: usedSlots * bytesPerToken,
    pagesPerSequence,
    totalPages,
    fragmentation: allocatedSlots === 0 ? 0 : (allocatedSlots - usedSlots) / allocatedSlots
  }
}
