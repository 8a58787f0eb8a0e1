/**
 * ONNX export of the course's models: a Sequential of Linear, ReLU, Sigmoid, Tanh, GELU, Softmax, Conv2d,
 * MaxPool2d, AvgPool2d, Flatten, LayerNorm and Dropout (evaluation mode), described as plain data (what a
 * milestone returns from the sandbox), becomes an ONNX graph at opset 17 with its weights as initializers.
 * Every layer maps to standard operators, so any ONNX runtime can execute the file.
 */
import { z } from 'zod'
import { AttributeType, DataType, ModelProto } from './onnxProto'

export const ONNX_OPSET = 17
const IR_VERSION = 8

const finite = z.number().refine(Number.isFinite, 'must be a finite number')
const positive = z.number().int().positive()
const pair = z.tuple([positive, positive])

/** One layer of a Sequential, as data. Weights are row-major, in the shapes the course's layers use. */
export const layerSpecSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('Linear'),
    inFeatures: positive,
    outFeatures: positive,
    weight: z.array(finite),
    bias: z.array(finite).nullable()
  }),
  z.object({ op: z.enum(['ReLU', 'Sigmoid', 'Tanh', 'GELU']) }),
  z.object({ op: z.literal('Softmax'), dim: z.number().int() }),
  z.object({ op: z.literal('Dropout'), p: z.number().min(0).max(1) }),
  z.object({ op: z.literal('Flatten'), startDim: z.number().int().min(0) }),
  z.object({
    op: z.literal('Conv2d'),
    inChannels: positive,
    outChannels: positive,
    kernelSize: pair,
    stride: positive,
    padding: z.number().int().min(0),
    weight: z.array(finite),
    bias: z.array(finite).nullable()
  }),
  z.object({ op: z.enum(['MaxPool2d', 'AvgPool2d']), kernelSize: pair, stride: pair, padding: z.number().int().min(0) }),
  z.object({
    op: z.literal('LayerNorm'),
    normalizedShape: z.array(positive).min(1),
    eps: z.number().positive(),
    weight: z.array(finite),
    bias: z.array(finite)
  })
])

export const modelSpecSchema = z.object({ layers: z.array(layerSpecSchema).min(1).max(256) })

export type LayerSpec = z.infer<typeof layerSpecSchema>
export type ModelSpec = z.infer<typeof modelSpecSchema>

export class OnnxExportError extends Error {}

interface Node {
  opType: string
  input: string[]
  output: string[]
  name: string
  attribute: Record<string, unknown>[]
}

interface Initializer {
  name: string
  dims: number[]
  dataType: number
  rawData: Uint8Array
}

function floatTensor(name: string, dims: number[], values: ArrayLike<number>): Initializer {
  const data = Float32Array.from(values)
  return { name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(data.buffer) }
}

function int64Tensor(name: string, values: number[]): Initializer {
  const data = BigInt64Array.from(values.map((v) => BigInt(v)))
  return { name, dims: [values.length], dataType: DataType.INT64, rawData: new Uint8Array(data.buffer) }
}

const ints = (name: string, values: number[]) => ({ name, type: AttributeType.INTS, ints: values })
const int = (name: string, value: number) => ({ name, type: AttributeType.INT, i: value })
const float = (name: string, value: number) => ({ name, type: AttributeType.FLOAT, f: value })

function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/** Builds the graph layer by layer, tracking the shape (batch dimension included) to catch mismatches early. */
class GraphBuilder {
  readonly nodes: Node[] = []
  readonly initializers: Initializer[] = []
  private counter = 0

  constant(prefix: string, dims: number[], values: ArrayLike<number>): string {
    const name = `${prefix}_${this.counter++}`
    this.initializers.push(floatTensor(name, dims, values))
    return name
  }

  constantInt64(prefix: string, values: number[]): string {
    const name = `${prefix}_${this.counter++}`
    this.initializers.push(int64Tensor(name, values))
    return name
  }

  node(opType: string, input: string[], attribute: Record<string, unknown>[] = [], output?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.counter++}`
    this.nodes.push({ opType, input, output: [out], name: `${opType}_${this.nodes.length}`, attribute })
    return out
  }
}

function expectSize(what: string, values: readonly number[], size: number): void {
  if (values.length !== size) throw new OnnxExportError(`${what}: expected ${size} values, got ${values.length}`)
}

function addLayer(g: GraphBuilder, layer: LayerSpec, x: string, shape: number[], index: number): { name: string; shape: number[] } {
  const where = `layer ${index} (${layer.op})`
  switch (layer.op) {
    case 'Linear': {
      const last = shape[shape.length - 1]
      if (last !== layer.inFeatures)
        throw new OnnxExportError(`${where} expects ${layer.inFeatures} input features, the input has shape ${fmt(shape)}`)
      expectSize(`${where} weight`, layer.weight, layer.inFeatures * layer.outFeatures)
      const w = g.constant('linear_weight', [layer.inFeatures, layer.outFeatures], layer.weight)
      let y = g.node('MatMul', [x, w])
      if (layer.bias) {
        expectSize(`${where} bias`, layer.bias, layer.outFeatures)
        y = g.node('Add', [y, g.constant('linear_bias', [layer.outFeatures], layer.bias)])
      }
      return { name: y, shape: [...shape.slice(0, -1), layer.outFeatures] }
    }
    case 'ReLU':
      return { name: g.node('Relu', [x]), shape }
    case 'Sigmoid':
      return { name: g.node('Sigmoid', [x]), shape }
    case 'Tanh':
      return { name: g.node('Tanh', [x]), shape }
    case 'GELU': {
      // The course's GELU: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), from primitives (Gelu arrives only in opset 20).
      const cube = g.node('Mul', [g.node('Mul', [x, x]), x])
      const inner = g.node('Add', [x, g.node('Mul', [cube, g.constant('gelu_k', [], [0.044715])])])
      const t = g.node('Tanh', [g.node('Mul', [inner, g.constant('gelu_c', [], [Math.sqrt(2 / Math.PI)])])])
      const y = g.node('Mul', [g.node('Mul', [x, g.constant('gelu_half', [], [0.5])]), g.node('Add', [t, g.constant('gelu_one', [], [1])])])
      return { name: y, shape }
    }
    case 'Softmax': {
      const axis = layer.dim < 0 ? layer.dim + shape.length : layer.dim
      if (axis < 0 || axis >= shape.length) throw new OnnxExportError(`${where}: dim ${layer.dim} is out of range for shape ${fmt(shape)}`)
      return { name: g.node('Softmax', [x], [int('axis', axis)]), shape }
    }
    case 'Dropout':
      return { name: g.node('Identity', [x]), shape }
    case 'Flatten': {
      if (layer.startDim > shape.length)
        throw new OnnxExportError(`${where}: startDim ${layer.startDim} exceeds the ${shape.length} dimensions of ${fmt(shape)}`)
      // Reshape with 0 = "keep this dimension" for the leading axes and −1 for the rest, like Flatten(startDim).
      const target = g.constantInt64('flatten_shape', [...new Array<number>(layer.startDim).fill(0), -1])
      const rest = shape.slice(layer.startDim).reduce((a, b) => a * b, 1)
      return { name: g.node('Reshape', [x, target]), shape: [...shape.slice(0, layer.startDim), rest] }
    }
    case 'Conv2d': {
      if (shape.length !== 4 || shape[1] !== layer.inChannels) {
        throw new OnnxExportError(`${where} expects NCHW input with ${layer.inChannels} channels, got ${fmt(shape)}`)
      }
      const [kh, kw] = layer.kernelSize
      expectSize(`${where} weight`, layer.weight, layer.outChannels * layer.inChannels * kh * kw)
      const inputs = [x, g.constant('conv_weight', [layer.outChannels, layer.inChannels, kh, kw], layer.weight)]
      if (layer.bias) {
        expectSize(`${where} bias`, layer.bias, layer.outChannels)
        inputs.push(g.constant('conv_bias', [layer.outChannels], layer.bias))
      }
      const p = layer.padding
      const y = g.node('Conv', inputs, [
        ints('kernel_shape', [kh, kw]),
        ints('strides', [layer.stride, layer.stride]),
        ints('pads', [p, p, p, p])
      ])
      const oh = Math.floor((shape[2]! + 2 * p - kh) / layer.stride) + 1
      const ow = Math.floor((shape[3]! + 2 * p - kw) / layer.stride) + 1
      if (oh <= 0 || ow <= 0) throw new OnnxExportError(`${where}: the kernel does not fit the input ${fmt(shape)}`)
      return { name: y, shape: [shape[0]!, layer.outChannels, oh, ow] }
    }
    case 'MaxPool2d':
    case 'AvgPool2d': {
      if (shape.length !== 4) throw new OnnxExportError(`${where} expects NCHW input, got ${fmt(shape)}`)
      const [kh, kw] = layer.kernelSize
      const [sh, sw] = layer.stride
      const p = layer.padding
      const attrs: Record<string, unknown>[] = [ints('kernel_shape', [kh, kw]), ints('strides', [sh, sw]), ints('pads', [p, p, p, p])]
      // The course's average pooling counts padding as zeros (it always divides by kh·kw).
      if (layer.op === 'AvgPool2d') attrs.push(int('count_include_pad', 1))
      const y = g.node(layer.op === 'MaxPool2d' ? 'MaxPool' : 'AveragePool', [x], attrs)
      const oh = Math.floor((shape[2]! + 2 * p - kh) / sh) + 1
      const ow = Math.floor((shape[3]! + 2 * p - kw) / sw) + 1
      if (oh <= 0 || ow <= 0) throw new OnnxExportError(`${where}: the window does not fit the input ${fmt(shape)}`)
      return { name: y, shape: [shape[0]!, shape[1]!, oh, ow] }
    }
    case 'LayerNorm': {
      const k = layer.normalizedShape.length
      if (shape.slice(-k).join(',') !== layer.normalizedShape.join(',')) {
        throw new OnnxExportError(`${where} normalises ${fmt(layer.normalizedShape)} but the input has shape ${fmt(shape)}`)
      }
      const size = layer.normalizedShape.reduce((a, b) => a * b, 1)
      expectSize(`${where} weight`, layer.weight, size)
      expectSize(`${where} bias`, layer.bias, size)
      const scale = g.constant('ln_weight', layer.normalizedShape, layer.weight)
      const bias = g.constant('ln_bias', layer.normalizedShape, layer.bias)
      return { name: g.node('LayerNormalization', [x, scale, bias], [int('axis', -k), float('epsilon', layer.eps)]), shape }
    }
  }
}

function valueInfo(name: string, shape?: number[]): Record<string, unknown> {
  if (!shape) return { name, type: { tensorType: { elemType: DataType.FLOAT } } }
  // The first dimension is the batch: left symbolic so the file runs on any batch size.
  const dim = shape.map((d, i) => (i === 0 ? { dimParam: 'batch' } : { dimValue: d }))
  return { name, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim } } } }
}

/** The output shape the model gives for `inputShape`, without building anything else. */
export function outputShape(model: ModelSpec, inputShape: number[]): number[] {
  const g = new GraphBuilder()
  let cur = { name: 'input', shape: inputShape }
  model.layers.forEach((l, i) => {
    cur = addLayer(g, l, cur.name, cur.shape, i)
  })
  return cur.shape
}

/**
 * Serialises `model` as an ONNX file (opset 17). `inputShape` is one example batch's shape, batch first
 * ([N, features] or [N, C, H, W]); the batch dimension is symbolic in the file. Throws OnnxExportError
 * (with the layer at fault) for a model whose layers or weights do not fit together.
 */
export function exportOnnx(model: ModelSpec, inputShape: number[]): Uint8Array {
  const parsed = modelSpecSchema.safeParse(model)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new OnnxExportError(`the model description is invalid at "${issue.path.join('.')}": ${issue.message}`)
  }
  if (inputShape.length < 2 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new OnnxExportError(`inputShape must be a batch shape like [N, features] or [N, C, H, W], got ${fmt(inputShape)}`)
  }
  const g = new GraphBuilder()
  let cur = { name: 'input', shape: inputShape }
  parsed.data.layers.forEach((layer, i) => {
    cur = addLayer(g, layer, cur.name, cur.shape, i)
  })
  g.node('Identity', [cur.name], [], 'output')
  return encodeGraph({
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [{ name: 'input', shape: inputShape }],
    outputs: [{ name: 'output', shape: cur.shape }]
  })
}

/** A graph of standard operators, for tests that check the course's operations against ONNX Runtime. */
export interface OnnxGraph {
  nodes: { opType: string; input: string[]; output: string[]; attribute?: Record<string, unknown>[] }[]
  initializers?: { name: string; dims: number[]; values: ArrayLike<number> }[]
  /** float32 inputs and outputs; the first dimension of each is left symbolic (an output without a shape is inferred). */
  inputs: { name: string; shape: number[] }[]
  outputs: { name: string; shape?: number[] }[]
}

/** Serialises a graph at opset 17 (used by exportOnnx; also handy for single-operator files). */
export function encodeGraph(graph: {
  nodes: OnnxGraph['nodes']
  initializers: (Initializer | { name: string; dims: number[]; values: ArrayLike<number> })[]
  inputs: OnnxGraph['inputs']
  outputs: OnnxGraph['outputs']
}): Uint8Array {
  const message = ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'MLSys Workstation',
    producerVersion: '1',
    docString: 'Exported from a TinyTorch model',
    graph: {
      name: 'tinytorch',
      node: graph.nodes.map((n, i) => ({ name: `${n.opType}_${i}`, ...n, attribute: n.attribute ?? [] })),
      initializer: graph.initializers.map((t) => ('values' in t ? floatTensor(t.name, t.dims, t.values) : t)),
      input: graph.inputs.map((v) => valueInfo(v.name, v.shape)),
      output: graph.outputs.map((v) => valueInfo(v.name, v.shape))
    }
  })
  return ModelProto.encode(message).finish()
}

/** Attribute helpers for encodeGraph callers. */
export const onnxAttribute = { ints, int, float }
