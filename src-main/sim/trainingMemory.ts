// Per-device training memory: weights, gradients, optimizer state and activations
// under ZeRO and tensor/pipeline parallelism.
import { BYTES_PER_VALUE } from './catalog'
import { OPTIMIZERS, OPTIMIZER_BYTES_PER_PARAM } from './inference'
import type { DeviceParams, ModelParams, Optimizer } from './inference'
import { activationMemory, RECOMPUTE_MODES, type Recompute } from './memory'
import { lookupAccelerator, numberOr, pickOptional, resolveModel } from './resolve'
import { SimInputError, count, nonNegative, oneOf, paramsObject, positive, ranks } from './validate'
import { PRECISIONS } from './catalog'

export interface TrainingMemoryParams extends ModelParams, Pick<DeviceParams, 'accelerator' | 'precision' | 'bytesPerValue'> {
  /** Sequences (or samples) per micro-batch per device, default 1. */
  microBatch?: number
  optimizer?: Optimizer
  /** Overrides the optimizer's bytes per parameter. */
  optimizerBytesPerParam?: number
  /** ZeRO stage 0-3: 1 shards optimizer state, 2 also gradients, 3 also weights across data-parallel ranks. */
  zeroStage?: number
  dataParallel?: number
  tensorParallel?: number
  pipelineParallel?: number
  recompute?: Recompute
  /** Bytes per activation value, default = bytesPerValue of the precision. */
  activationBytesPerValue?: number
  /** Raw per-device activation bytes (for non-transformer models); overrides the Korthikanti estimate. */
  activationBytes?: number
  /** Device memory capacity in bytes; defaults to the accelerator's memoryBytes. */
  capacityBytes?: number
}

export interface TrainingMemoryResult {
  /** Parameters held by each device before ZeRO sharding: params / (tensorParallel x pipelineParallel). */
  paramsPerDevice: number
  weightsBytes: number
  gradientsBytes: number
  optimizerBytes: number
  activationsBytes: number
  /** Per-device total. */
  totalBytes: number
  devices: number
  /** Sum over all devices. */
  clusterTotalBytes: number
  capacityBytes: number | null
  fits: boolean | null
  headroomBytes: number | null
}

/**
 * Per device: weights = P/(t p) x bytesPerValue (/ d at ZeRO-3), gradients the same (/ d at ZeRO >= 2),
 * optimizer = P/(t p) x optimizer bytes (/ d at ZeRO >= 1). Activations: Korthikanti et al. 2022 for the
 * whole model's layers divided by t (assumes sequence parallelism with tensor parallelism); with 1F1B
 * pipelining the first stage holds p micro-batches of L/p layers, i.e. L layers' worth, so p does not reduce it.
 */
export function trainingMemory(params: TrainingMemoryParams): TrainingMemoryResult {
  const p = paramsObject(params, 'trainingMemory')
  const model = resolveModel(p)
  const acc = lookupAccelerator(p)
  const precision = oneOf('precision', p.precision ?? 'bf16', PRECISIONS)
  const bytesPerValue = numberOr(p, 'bytesPerValue', BYTES_PER_VALUE[precision], positive)
  const microBatch = numberOr(p, 'microBatch', 1, ranks)
  const optimizer = oneOf('optimizer', p.optimizer ?? 'adam', OPTIMIZERS)
  const optBytes = numberOr(p, 'optimizerBytesPerParam', OPTIMIZER_BYTES_PER_PARAM[optimizer], nonNegative)
  const zero = numberOr(p, 'zeroStage', 0, count)
  if (zero > 3) throw new SimInputError('zeroStage', `zeroStage must be 0, 1, 2 or 3 (got ${zero})`)
  const dp = numberOr(p, 'dataParallel', 1, ranks)
  const tp = numberOr(p, 'tensorParallel', 1, ranks)
  const pp = numberOr(p, 'pipelineParallel', 1, ranks)
  const recompute = oneOf('recompute', p.recompute ?? 'none', RECOMPUTE_MODES)
  const actBpv = numberOr(p, 'activationBytesPerValue', bytesPerValue, positive)
  if (model.layers !== undefined && pp > model.layers) {
    throw new SimInputError('pipelineParallel', `pipelineParallel must be <= layers (${model.layers}) (got ${pp})`)
  }

  const paramsPerDevice = model.params / (tp * pp)
  const weightsBytes = (paramsPerDevice * bytesPerValue) / (zero >= 3 ? dp : 1)
  const gradientsBytes = (paramsPerDevice * bytesPerValue) / (zero >= 2 ? dp : 1)
  const optimizerBytes = (paramsPerDevice * optBytes) / (zero >= 1 ? dp : 1)

  let activationsBytes: number
  if (p.activationBytes !== undefined) {
    activationsBytes = nonNegative('activationBytes', p.activationBytes)
  } else {
    const { layers, hidden, heads, seqLen } = model
    if (!layers || !hidden || !heads || !seqLen) {
      throw new SimInputError(
        'activationBytes',
        'activationBytes is required for models without transformer shape (layers, hidden, heads, seqLen)'
      )
    }
    activationsBytes = activationMemory({ batch: microBatch, seqLen, hidden, heads, layers, bytesPerValue: actBpv, recompute }) / tp
  }

  const totalBytes = weightsBytes + gradientsBytes + optimizerBytes + activationsBytes
  const capacity = pickOptional(p, 'capacityBytes', acc?.memoryBytes, positive)
  const devices = dp * tp * pp
  return {
    paramsPerDevice,
    weightsBytes,
    gradientsBytes,
    optimizerBytes,
    activationsBytes,
    totalBytes,
    devices,
    clusterTotalBytes: totalBytes * devices,
    capacityBytes: capacity ?? null,
    fits: capacity === undefined ? null : totalBytes <= capacity,
    headroomBytes: capacity === undefined ? null : capacity - totalBytes
  }
}
