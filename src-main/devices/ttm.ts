/**
 * TTM1, the small int8 model format a board runs exactly as the app does. All integers little-endian.
 *
 *   header (24 B)  "TTM1", u16 version = 1, u16 layerCount (1–64), u32 inputSize, u32 outputSize,
 *                  f32 inputScale, i32 inputZeroPoint
 *   per layer      at a multiple of 4 from the start of the file: u8 kind (1 = dense), u8 activation
 *                  (0 none, 1 relu), u16 reserved = 0, u32 inSize, u32 outSize, i32 inputZeroPoint,
 *                  i32 outputZeroPoint, f32 outputScale, i32 multiplier, i32 shift (32 B); then
 *                  i8 weights[outSize × inSize] row-major; zero bytes up to the next multiple of 4;
 *                  then i32 bias[outSize]
 *   trailer        u32 CRC-32 (zlib) of every byte before it
 *
 * `decodeTtm` is the validator: it refuses a file with a TtmError naming the field at fault, checking in
 * a fixed order (the C runtime checks in the same order and names the same fields).
 */
import { crc32 } from './crc32'
import { SHIFT_MAX, SHIFT_MIN } from './requant'

export const TTM_MAGIC = 'TTM1'
export const TTM_VERSION = 1
export const TTM_MAX_LAYERS = 64
export const TTM_HEADER_BYTES = 24
export const TTM_LAYER_HEADER_BYTES = 32
export const TTM_KIND_DENSE = 1

export type Activation = 'none' | 'relu'

export interface DenseLayer {
  activation: Activation
  inSize: number
  outSize: number
  inputZeroPoint: number
  outputZeroPoint: number
  /** Scale of this layer's int8 output (informational: the kernel uses multiplier and shift). */
  outputScale: number
  multiplier: number
  shift: number
  /** outSize × inSize, row o holds output o's weights; the weight zero point is 0. */
  weights: Int8Array
  bias: Int32Array
}

export interface TtmModel {
  inputSize: number
  outputSize: number
  inputScale: number
  inputZeroPoint: number
  layers: DenseLayer[]
}

export class TtmError extends Error {
  constructor(
    /** The field at fault: "checksum", "version", "layers[2].inSize", … */
    readonly field: string,
    detail: string
  ) {
    super(`${field}: ${detail}`)
    this.name = 'TtmError'
  }
}

const align4 = (n: number) => (n + 3) & ~3

/** Size in bytes of one layer's record, header to bias. */
export function layerBytes(inSize: number, outSize: number): number {
  return TTM_LAYER_HEADER_BYTES + align4(inSize * outSize) + 4 * outSize
}

/** f32 in (0, ∞): finite, positive, not NaN (subnormals allowed). Checked on the bits, as the C runtime does. */
function positiveFiniteF32Bits(bits: number): boolean {
  return bits >>> 31 === 0 && ((bits >>> 23) & 0xff) !== 0xff && bits !== 0
}

const inInt8 = (v: number) => v >= -128 && v <= 127

export function decodeTtm(bytes: Uint8Array): TtmModel {
  const len = bytes.length
  if (len < TTM_HEADER_BYTES + 4)
    throw new TtmError('length', `the file is ${len} bytes, shorter than its 24-byte header and 4-byte checksum`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes[0] !== 0x54 || bytes[1] !== 0x54 || bytes[2] !== 0x4d || bytes[3] !== 0x31)
    throw new TtmError('magic', 'the file does not start with "TTM1": it is not a TTM model')
  const version = view.getUint16(4, true)
  if (version !== TTM_VERSION)
    throw new TtmError('version', `version ${version} is not supported (this runtime reads version ${TTM_VERSION})`)
  const stored = view.getUint32(len - 4, true)
  const computed = crc32(bytes.subarray(0, len - 4))
  if (stored !== computed) {
    throw new TtmError(
      'checksum',
      `the CRC-32 stored in the file (0x${hex(stored)}) does not match its contents (0x${hex(computed)}): the file is damaged or incomplete`
    )
  }
  const layerCount = view.getUint16(6, true)
  if (layerCount < 1 || layerCount > TTM_MAX_LAYERS)
    throw new TtmError('layerCount', `${layerCount} layers; a model has 1 to ${TTM_MAX_LAYERS}`)
  const inputSize = view.getUint32(8, true)
  if (inputSize < 1) throw new TtmError('inputSize', 'must be at least 1')
  const outputSize = view.getUint32(12, true)
  if (outputSize < 1) throw new TtmError('outputSize', 'must be at least 1')
  const inputScaleBits = view.getUint32(16, true)
  if (!positiveFiniteF32Bits(inputScaleBits))
    throw new TtmError('inputScale', `${view.getFloat32(16, true)} is not a positive finite scale`)
  const inputZeroPoint = view.getInt32(20, true)
  if (!inInt8(inputZeroPoint)) throw new TtmError('inputZeroPoint', `${inputZeroPoint} is outside the int8 range −128…127`)

  const end = len - 4
  const layers: DenseLayer[] = []
  let at = TTM_HEADER_BYTES
  let prevOut = inputSize
  let prevZero = inputZeroPoint
  for (let l = 0; l < layerCount; l++) {
    const f = (name: string) => `layers[${l}].${name}`
    if (at + TTM_LAYER_HEADER_BYTES > end) throw new TtmError('length', `the file ends inside layer ${l}'s header`)
    const kind = bytes[at]!
    if (kind !== TTM_KIND_DENSE) throw new TtmError(f('kind'), `kind ${kind} is unknown (1 = dense)`)
    const act = bytes[at + 1]!
    if (act > 1) throw new TtmError(f('activation'), `activation ${act} is unknown (0 = none, 1 = relu)`)
    if (view.getUint16(at + 2, true) !== 0) throw new TtmError(f('reserved'), 'must be 0')
    const inSize = view.getUint32(at + 4, true)
    const outSize = view.getUint32(at + 8, true)
    if (inSize !== prevOut) {
      const what = l === 0 ? `the header's inputSize ${inputSize}` : `layer ${l - 1}'s outSize ${prevOut}`
      throw new TtmError(f('inSize'), `${inSize} does not match ${what}`)
    }
    if (outSize < 1) throw new TtmError(f('outSize'), 'must be at least 1')
    const inZero = view.getInt32(at + 12, true)
    if (inZero !== prevZero) {
      const what = l === 0 ? `the header's inputZeroPoint ${inputZeroPoint}` : `layer ${l - 1}'s outputZeroPoint ${prevZero}`
      throw new TtmError(f('inputZeroPoint'), `${inZero} does not match ${what}`)
    }
    const outZero = view.getInt32(at + 16, true)
    if (!inInt8(outZero)) throw new TtmError(f('outputZeroPoint'), `${outZero} is outside the int8 range −128…127`)
    const scaleBits = view.getUint32(at + 20, true)
    if (!positiveFiniteF32Bits(scaleBits))
      throw new TtmError(f('outputScale'), `${view.getFloat32(at + 20, true)} is not a positive finite scale`)
    const multiplier = view.getInt32(at + 24, true)
    if (multiplier < 0) throw new TtmError(f('multiplier'), `${multiplier} is negative`)
    const shift = view.getInt32(at + 28, true)
    if (shift < SHIFT_MIN || shift > SHIFT_MAX) throw new TtmError(f('shift'), `${shift} is outside ${SHIFT_MIN}…${SHIFT_MAX}`)
    const weightCount = inSize * outSize
    const weightsAt = at + TTM_LAYER_HEADER_BYTES
    // inSize · outSize may exceed 2^53 for hostile sizes; it is then far beyond any real file anyway.
    if (weightCount > end - weightsAt) throw new TtmError('length', `the file ends inside layer ${l}'s weights (${inSize} × ${outSize})`)
    const padAt = weightsAt + weightCount
    const biasAt = align4(padAt)
    if (biasAt + 4 * outSize > end) throw new TtmError('length', `the file ends inside layer ${l}'s bias`)
    for (let p = padAt; p < biasAt; p++)
      if (bytes[p] !== 0) throw new TtmError(f('padding'), 'the bytes between weights and bias must be 0')
    const bias = new Int32Array(outSize)
    for (let o = 0; o < outSize; o++) bias[o] = view.getInt32(biasAt + 4 * o, true)
    layers.push({
      activation: act === 1 ? 'relu' : 'none',
      inSize,
      outSize,
      inputZeroPoint: inZero,
      outputZeroPoint: outZero,
      outputScale: view.getFloat32(at + 20, true),
      multiplier,
      shift,
      weights: new Int8Array(bytes.slice(weightsAt, padAt).buffer),
      bias
    })
    prevOut = outSize
    prevZero = outZero
    at = biasAt + 4 * outSize
  }
  if (prevOut !== outputSize)
    throw new TtmError(`layers[${layerCount - 1}].outSize`, `${prevOut} does not match the header's outputSize ${outputSize}`)
  if (at !== end) throw new TtmError('length', `${end - at} unexpected bytes after the last layer`)
  return { inputSize, outputSize, inputScale: view.getFloat32(16, true), inputZeroPoint, layers }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0')
}

/** Writes a model as TTM1 bytes, then reads them back through the validator: an inconsistent model never reaches a file. */
export function encodeTtm(model: TtmModel): Uint8Array {
  let size = TTM_HEADER_BYTES + 4
  for (const layer of model.layers) {
    if (layer.weights.length !== layer.inSize * layer.outSize)
      throw new TtmError(
        'weights',
        `a ${layer.inSize} × ${layer.outSize} layer needs ${layer.inSize * layer.outSize} weights, got ${layer.weights.length}`
      )
    if (layer.bias.length !== layer.outSize)
      throw new TtmError('bias', `a layer with ${layer.outSize} outputs needs as many biases, got ${layer.bias.length}`)
    size += layerBytes(layer.inSize, layer.outSize)
  }
  const bytes = new Uint8Array(size)
  const view = new DataView(bytes.buffer)
  bytes.set([0x54, 0x54, 0x4d, 0x31], 0)
  view.setUint16(4, TTM_VERSION, true)
  view.setUint16(6, model.layers.length, true)
  view.setUint32(8, model.inputSize, true)
  view.setUint32(12, model.outputSize, true)
  view.setFloat32(16, model.inputScale, true)
  view.setInt32(20, model.inputZeroPoint, true)
  let at = TTM_HEADER_BYTES
  for (const layer of model.layers) {
    bytes[at] = TTM_KIND_DENSE
    bytes[at + 1] = layer.activation === 'relu' ? 1 : 0
    view.setUint32(at + 4, layer.inSize, true)
    view.setUint32(at + 8, layer.outSize, true)
    view.setInt32(at + 12, layer.inputZeroPoint, true)
    view.setInt32(at + 16, layer.outputZeroPoint, true)
    view.setFloat32(at + 20, layer.outputScale, true)
    view.setInt32(at + 24, layer.multiplier, true)
    view.setInt32(at + 28, layer.shift, true)
    const weightsAt = at + TTM_LAYER_HEADER_BYTES
    bytes.set(new Uint8Array(layer.weights.buffer, layer.weights.byteOffset, layer.weights.length), weightsAt)
    const biasAt = align4(weightsAt + layer.weights.length)
    for (let o = 0; o < layer.outSize; o++) view.setInt32(biasAt + 4 * o, layer.bias[o]!, true)
    at = biasAt + 4 * layer.outSize
  }
  view.setUint32(at, crc32(bytes.subarray(0, at)), true)
  decodeTtm(bytes)
  return bytes
}
