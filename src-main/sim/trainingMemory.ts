// Per-device training memory: weights, gradients, optimizer state and activations
// under ZeRO and tensor/pipeline parallelism.
import {
  BYTES_PER_VALUE,
  OPTIMIZER_BYTES_PER_PARAM,
  OPTIMIZERS,
  PRECISIONS,
  RECOMPUTE_MODES,
  type SimParams,
  type SimResult
} from '../../src-preload/contract'
import { activationMemory } from './memory'
import { lookupAccelerator, numberOr, pickOptional, resolveModel } from './resolve'
import { SimInputError, count, nonNegative, oneOf, paramsObject, positive, ranks } from './validate'

/**
 * Per device: weights = P/(t p) x bytesPerValue (/ d at ZeRO-3), gradients the same (/ d at ZeRO >= 2),
 * optimizer = P/(t p) x optimizer bytes (/ d at ZeRO >= 1). Activations: Korthikanti et al. 2022 for the
 * whole model's layers divided by t (assumes sequence parallelism with tensor parallelism); with 1F1B
 * pipelining the first stage holds p micro-batches of L/p layers, i.e. L layers' worth, so p does not reduce it.
 */
export function trainingMemory(params: SimParams<'trainingMemory'>): SimResult<'trainingMemory'> {
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
