import type { SimParams } from '../../src-preload/contract'
import { nonNegative, paramsObject, positive, ranks } from './validate'

type CollectiveParams = SimParams<'ringAllReduce'>
type HierarchicalAllReduceParams = SimParams<'hierarchicalAllReduce'>

function collective(params: CollectiveParams, fn: string) {
  const p = paramsObject(params, fn)
  return {
    bytes: nonNegative('bytes', p.bytes),
    ranks: ranks('ranks', p.ranks),
    bandwidth: positive('bandwidth', p.bandwidth),
    latency: nonNegative('latency', p.latency)
  }
}

/** Ring all-reduce (alpha-beta): 2(N-1)/N * M/beta + 2(N-1) alpha. */
export function ringAllReduce(params: CollectiveParams): number {
  const { bytes, ranks: n, bandwidth, latency } = collective(params, 'ringAllReduce')
  if (n === 1) return 0
  return ((2 * (n - 1)) / n) * (bytes / bandwidth) + 2 * (n - 1) * latency
}

/** Tree (reduce then broadcast) all-reduce: 2 ceil(log2 N) (M/beta + alpha). */
export function treeAllReduce(params: CollectiveParams): number {
  const { bytes, ranks: n, bandwidth, latency } = collective(params, 'treeAllReduce')
  if (n === 1) return 0
  return 2 * Math.ceil(Math.log2(n)) * (bytes / bandwidth + latency)
}

/** All-to-all: (N-1)/N * M/beta + (N-1) alpha. */
export function allToAll(params: CollectiveParams): number {
  const { bytes, ranks: n, bandwidth, latency } = collective(params, 'allToAll')
  if (n === 1) return 0
  return ((n - 1) / n) * (bytes / bandwidth) + (n - 1) * latency
}

export interface HierarchicalAllReduceTerms {
  reduceScatterSeconds: number
  interNodeSeconds: number
  allGatherSeconds: number
  seconds: number
}

/** The three phases of a hierarchical all-reduce, for showing the working. */
export function hierarchicalAllReduceTerms(params: HierarchicalAllReduceParams): HierarchicalAllReduceTerms {
  const p = paramsObject(params, 'hierarchicalAllReduce')
  const bytes = nonNegative('bytes', p.bytes)
  const nodes = ranks('nodes', p.nodes)
  const g = ranks('gpusPerNode', p.gpusPerNode)
  const intraBandwidth = positive('intraBandwidth', p.intraBandwidth)
  const interBandwidth = positive('interBandwidth', p.interBandwidth)
  const intraLatency = nonNegative('intraLatency', p.intraLatency)
  const interLatency = nonNegative('interLatency', p.interLatency)
  // reduce-scatter inside the node: (g-1)/g * M / intraBw + (g-1) intraLat
  const reduceScatterSeconds = ((g - 1) / g) * (bytes / intraBandwidth) + (g - 1) * intraLatency
  // ring all-reduce of each GPU's 1/g shard across the nodes
  const interNodeSeconds = ringAllReduce({ bytes: bytes / g, ranks: nodes, bandwidth: interBandwidth, latency: interLatency })
  // all-gather inside the node costs the same as the reduce-scatter
  const allGatherSeconds = reduceScatterSeconds
  return {
    reduceScatterSeconds,
    interNodeSeconds,
    allGatherSeconds,
    seconds: reduceScatterSeconds + interNodeSeconds + allGatherSeconds
  }
}

/** Hierarchical all-reduce: intra-node reduce-scatter, inter-node ring of M/g, intra-node all-gather. */
export function hierarchicalAllReduce(params: HierarchicalAllReduceParams): number {
  return hierarchicalAllReduceTerms(params).seconds
}
