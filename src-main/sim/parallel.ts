// 3D-parallel (data x tensor x pipeline) training step time.
import { getFabric } from './catalog'
import { hierarchicalAllReduce, ringAllReduce } from './collectives'
import type { Fabric, SimParams, SimResult } from '../../src-preload/contract'
import { lookupCluster, lookupFabric, numberOr, pick, requireFigure, resolveDevice, resolveModel } from './resolve'
import { pipelineBubble } from './scaling'
import { SimInputError, efficiency, fraction, nonNegative, paramsObject, positive, ranks } from './validate'

/** Resolve `<scope>Fabric` id, else the cluster's fabric; raw `<scope>Bandwidth` / `<scope>Latency` override it. */
function fabricFor(p: Record<string, unknown>, scope: 'intra' | 'inter', clusterFabric: string | undefined): Fabric | undefined {
  const field = scope === 'intra' ? 'intraFabric' : 'interFabric'
  if (p[field] !== undefined) return lookupFabric(p, field)
  return clusterFabric === undefined ? undefined : getFabric(clusterFabric)
}

function link(p: Record<string, unknown>, scope: 'intra' | 'inter', fabric: Fabric | undefined): { bandwidth: number; latency: number } {
  const bwField = scope === 'intra' ? 'intraBandwidth' : 'interBandwidth'
  const latField = scope === 'intra' ? 'intraLatency' : 'interLatency'
  return {
    bandwidth: pick(p, bwField, fabric?.bandwidthBytesPerSecond, positive, `give ${scope}Fabric, a cluster, or ${bwField}`),
    latency: pick(p, latField, fabric?.latencySeconds ?? 0, nonNegative)
  }
}

/**
 * Layout assumption: tensor parallel innermost (inside a node when it fits), then data parallel, pipeline outermost.
 * Tensor parallel: 4 all-reduces (2 forward, 2 backward) of microBatch x seqLen x hidden x bytesPerValue per layer per
 * micro-batch (Megatron-LM), ring over tp ranks. Pipeline: bubble (p-1)/(v m + p-1) of the pipelined time.
 * Data parallel: ring (or hierarchical across nodes) all-reduce of each device's gradient shard P/(t p) x bytesPerValue.
 */
export function parallelStep(params: SimParams<'parallelStep'>): SimResult<'parallelStep'> {
  const p = paramsObject(params, 'parallelStep')
  const cluster = lookupCluster(p)
  const dev = resolveDevice(p, 'bf16', cluster?.accelerator)
  const model = resolveModel(p)
  const dp = numberOr(p, 'dataParallel', 1, ranks)
  const tp = numberOr(p, 'tensorParallel', 1, ranks)
  const pp = numberOr(p, 'pipelineParallel', 1, ranks)
  const v = numberOr(p, 'virtualStages', 1, ranks)
  const microBatch = numberOr(p, 'microBatch', 1, ranks)
  const eff = numberOr(p, 'efficiency', 1, efficiency)
  const overlap = numberOr(p, 'dpOverlap', 0, fraction)
  const gpusPerNode = pick(p, 'gpusPerNode', cluster?.acceleratorsPerNode ?? 8, ranks)

  let m: number
  if (p.globalBatch !== undefined) {
    const gb = ranks('globalBatch', p.globalBatch)
    if (gb % (dp * microBatch) !== 0) {
      throw new SimInputError('globalBatch', `globalBatch must be a multiple of dataParallel x microBatch = ${dp * microBatch} (got ${gb})`)
    }
    m = gb / (dp * microBatch)
    if (p.microbatches !== undefined && ranks('microbatches', p.microbatches) !== m) {
      throw new SimInputError(
        'microbatches',
        `microbatches must equal globalBatch / (dataParallel x microBatch) = ${m} (got ${String(p.microbatches)})`
      )
    }
  } else {
    m = numberOr(p, 'microbatches', 1, ranks)
  }
  const globalBatch = dp * microBatch * m

  const devices = dp * tp * pp
  if (cluster && devices > cluster.nodes * cluster.acceleratorsPerNode) {
    throw new SimInputError(
      'dataParallel',
      `dataParallel x tensorParallel x pipelineParallel = ${devices} exceeds cluster "${cluster.id}" (${cluster.nodes * cluster.acceleratorsPerNode} accelerators)`
    )
  }
  const nodes = Math.ceil(devices / gpusPerNode)

  const intraFabric = fabricFor(p, 'intra', cluster?.intraFabric)
  const interFabric = fabricFor(p, 'inter', cluster?.interFabric)

  const seqLen = model.kind === 'llm' ? requireFigure('seqLen', model.seqLen, 'give a sequence length') : 1
  const tokensPerStep = globalBatch * seqLen
  const totalFlops = 3 * model.forwardFlopsPerItem * tokensPerStep
  const computeSeconds = totalFlops / (devices * dev.peakFlops * eff)

  const bubbleFraction = pipelineBubble({ stages: pp, microbatches: m, virtualStages: v })
  const bubbleSeconds = (computeSeconds * bubbleFraction) / (1 - bubbleFraction)

  // tensor parallel
  let tensorParallelAllReduces = 0
  let tensorParallelBytesPerAllReduce = 0
  let tensorParallelSeconds = 0
  if (tp > 1) {
    const { layers, hidden } = model
    if (!layers || !hidden) throw new SimInputError('tensorParallel', 'tensorParallel > 1 needs layers and hidden (give a catalog model)')
    if (pp > layers) throw new SimInputError('pipelineParallel', `pipelineParallel must be <= layers (${layers}) (got ${pp})`)
    tensorParallelAllReduces = 4 * (layers / pp) * m
    tensorParallelBytesPerAllReduce = microBatch * seqLen * hidden * dev.bytesPerValue
    const inNode = tp <= gpusPerNode
    const l = link(p, inNode ? 'intra' : 'inter', inNode ? intraFabric : interFabric)
    const one = ringAllReduce({ bytes: tensorParallelBytesPerAllReduce, ranks: tp, bandwidth: l.bandwidth, latency: l.latency })
    tensorParallelSeconds = tensorParallelAllReduces * one
  }

  // data parallel
  const dataParallelBytes = (model.params / (tp * pp)) * dev.bytesPerValue
  let dataParallelSeconds = 0
  if (dp > 1) {
    if (tp * dp <= gpusPerNode) {
      const l = link(p, 'intra', intraFabric)
      dataParallelSeconds = ringAllReduce({ bytes: dataParallelBytes, ranks: dp, bandwidth: l.bandwidth, latency: l.latency })
    } else {
      const perNode = Math.max(1, Math.floor(gpusPerNode / tp))
      const inter = link(p, 'inter', interFabric)
      if (perNode === 1) {
        dataParallelSeconds = ringAllReduce({ bytes: dataParallelBytes, ranks: dp, bandwidth: inter.bandwidth, latency: inter.latency })
      } else {
        const intra = link(p, 'intra', intraFabric)
        dataParallelSeconds = hierarchicalAllReduce({
          bytes: dataParallelBytes,
          nodes: Math.ceil(dp / perNode),
          gpusPerNode: perNode,
          intraBandwidth: intra.bandwidth,
          interBandwidth: inter.bandwidth,
          intraLatency: intra.latency,
          interLatency: inter.latency
        })
      }
    }
  }
  const dataParallelExposedSeconds = dataParallelSeconds * (1 - overlap)

  const stepSeconds = computeSeconds + bubbleSeconds + tensorParallelSeconds + dataParallelExposedSeconds
  return {
    devices,
    nodes,
    microbatches: m,
    globalBatch,
    tokensPerStep,
    totalFlops,
    computeSeconds,
    bubbleFraction,
    bubbleSeconds,
    tensorParallelAllReduces,
    tensorParallelBytesPerAllReduce,
    tensorParallelSeconds,
    dataParallelBytes,
    dataParallelSeconds,
    dataParallelExposedSeconds,
    stepSeconds,
    scalingEfficiency: computeSeconds / stepSeconds,
    tokensPerSecond: tokensPerStep / stepSeconds,
    mfu: totalFlops / (stepSeconds * devices * dev.peakFlops)
  }
}
