// Microcontroller deployment: does a model fit flash and SRAM, and how long does one inference take?
import type { SimParams, SimResult } from '../../src-preload/contract'
import { compression } from './compression'
import { lookupAccelerator, lookupModel, numberOr, pick, pickOptional } from './resolve'
import { efficiency, nonNegative, paramsObject, positive, ranks } from './validate'

/**
 * Peak activation memory of a CNN on a microcontroller, estimated from its widest layer: that layer's input
 * and output feature maps sit in the SRAM tensor arena together, each ceil(H/s) x ceil(W/s) x C values of
 * bits / 8 bytes. Real arenas add scratch buffers, so this is a lower bound.
 */
export function peakActivation(params: SimParams<'peakActivation'>): SimResult<'peakActivation'> {
  const p = paramsObject(params, 'peakActivation')
  const h = ranks('inputHeight', p.inputHeight)
  const w = ranks('inputWidth', p.inputWidth)
  const c = ranks('channels', p.channels)
  const s = numberOr(p, 'stride', 1, ranks)
  const bits = numberOr(p, 'bits', 8, positive)
  const featureMapValues = Math.ceil(h / s) * Math.ceil(w / s) * c
  return { featureMapValues, bytes: (2 * featureMapValues * bits) / 8 }
}

/**
 * One inference on a microcontroller: weights = params x bits / 8 must fit flash, the peak activations
 * (`peakActivation`) must fit SRAM, and the time is a roofline in which the weights and activations stream
 * from flash: t = max(F / (efficiency x peak), (weights + activations) / weightBandwidth). The peak is the
 * int8 figure for 8 bits or fewer (CMSIS-NN style SIMD kernels), the fp32 figure above that.
 */
export function mcuInference(params: SimParams<'mcuInference'>): SimResult<'mcuInference'> {
  const p = paramsObject(params, 'mcuInference')
  const model = lookupModel(p)
  const mcu = lookupAccelerator(p)
  const bits = numberOr(p, 'bits', 8, positive)
  const precision = bits <= 8 ? 'int8' : 'fp32'
  const paramCount = pick(p, 'params', model?.params, positive, 'give a model id or params')
  const flops = pick(p, 'flopsPerSample', model?.flopsPerSample ?? model?.flopsPerToken ?? 2 * paramCount, positive)
  const peak = pick(
    p,
    'peakFlops',
    mcu?.peakFlopsPerSecond[precision] ?? mcu?.peakFlopsPerSecond.fp32,
    positive,
    mcu ? `${mcu.id} has no ${precision} or fp32 peak in the catalog; give peakFlops` : 'give an accelerator id or peakFlops'
  )
  const eff = numberOr(p, 'efficiency', 0.3, efficiency)
  const weightBandwidth = positive('weightBandwidth', p.weightBandwidth)
  const weightsBytes = compression({ params: paramCount, bitsBefore: 32, bitsAfter: bits }).bytesAfter
  // peakActivation validates the shape fields and names them in its messages.
  const { inputHeight, inputWidth, channels, stride } = p
  const activation = peakActivation({ inputHeight, inputWidth, channels, stride, bits } as SimParams<'peakActivation'>)
  const flashBytes = pickOptional(p, 'flashBytes', mcu?.flashBytes, nonNegative) ?? null
  const sramBytes = pickOptional(p, 'sramBytes', mcu?.sramBytes, nonNegative) ?? null
  const achievedFlops = eff * peak
  const computeSeconds = flops / achievedFlops
  const memorySeconds = (weightsBytes + activation.bytes) / weightBandwidth
  const seconds = Math.max(computeSeconds, memorySeconds)
  return {
    weightsBytes,
    peakActivationBytes: activation.bytes,
    flashBytes,
    sramBytes,
    fitsFlash: flashBytes === null ? null : weightsBytes <= flashBytes,
    fitsSram: sramBytes === null ? null : activation.bytes <= sramBytes,
    precision,
    flops,
    peakFlops: peak,
    achievedFlops,
    computeSeconds,
    memorySeconds,
    seconds,
    bound: computeSeconds >= memorySeconds ? 'compute' : 'memory',
    inferencesPerSecond: 1 / seconds
  }
}
