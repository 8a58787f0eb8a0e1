// Every layer exportOnnx supports, built with the course's reference layers, exported and run in the real
// ONNX Runtime: the outputs must match the layer's own forward pass.
import { Random, nd } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { GELU, ReLU, Sigmoid, Softmax, Tanh } from 'tinytorch/02_activations'
import { Dropout, Linear, Sequential } from 'tinytorch/03_layers'
import { AvgPool2d, Conv2d, Flatten, MaxPool2d } from 'tinytorch/09_spatial'
import { LayerNorm } from 'tinytorch/13_transformers'
import { describe, expect, it } from 'vitest'
import {
  describeConv2d,
  describeLinear,
  describePool,
  describeSequential,
  type Describers
} from '../../curriculum/tinytorch/milestones/lib/onnx'
import { exportOnnx, OnnxExportError, outputShape, runOnnx, type ModelSpec } from './index'
import { ModelProto } from './onnxProto'

const describers: Describers = [
  [Linear, describeLinear],
  [Conv2d, describeConv2d],
  [MaxPool2d, describePool('MaxPool2d')],
  [AvgPool2d, describePool('AvgPool2d')],
  [Flatten, (l: Flatten) => ({ op: 'Flatten', startDim: l.startDim })],
  [ReLU, () => ({ op: 'ReLU' })],
  [Sigmoid, () => ({ op: 'Sigmoid' })],
  [Tanh, () => ({ op: 'Tanh' })],
  [GELU, () => ({ op: 'GELU' })],
  [Softmax, (l: Softmax) => ({ op: 'Softmax', dim: l.dim })],
  [Dropout, (l: Dropout) => ({ op: 'Dropout', p: l.p })],
  [
    LayerNorm,
    (l: LayerNorm) => ({
      op: 'LayerNorm',
      normalizedShape: l.normalizedShape,
      eps: l.eps,
      weight: Array.from(l.weight.data),
      bias: Array.from(l.bias.data)
    })
  ]
]

/** Exports `model`, runs ONNX Runtime on x and returns the largest difference from model.forward(x). */
async function roundTrip(model: Sequential, inputShape: number[], seed: number): Promise<{ diff: number; shape: number[] }> {
  model.eval()
  const x = Tensor.fromND(new Random(seed).normal(inputShape))
  const ours = model.forward(x)
  const spec: ModelSpec = describeSequential(model.layers, describers)
  const bytes = exportOnnx(spec, inputShape)
  const ort = await runOnnx(bytes, x.data, inputShape.slice(1), inputShape[0]!, { repeats: 1 })
  expect(ort.outputShape).toEqual(ours.shape)
  expect(outputShape(spec, inputShape)).toEqual(ours.shape)
  let diff = 0
  for (let i = 0; i < ours.size; i++) diff = Math.max(diff, Math.abs(ours.data[i]! - ort.outputs[i]!))
  return { diff, shape: ort.outputShape }
}

describe('exportOnnx round trips through ONNX Runtime', () => {
  const cases: [string, () => Sequential, number[]][] = [
    ['Linear', () => new Sequential(new Linear(5, 3, true, 1)), [4, 5]],
    ['Linear without bias', () => new Sequential(new Linear(5, 3, false, 2)), [4, 5]],
    ['ReLU, Sigmoid, Tanh', () => new Sequential(new ReLU(), new Linear(6, 6, true, 3), new Sigmoid(), new Tanh()), [3, 6]],
    ['GELU (tanh approximation)', () => new Sequential(new Linear(6, 8, true, 4), new GELU()), [5, 6]],
    ['Softmax over the last dimension', () => new Sequential(new Linear(4, 7, true, 5), new Softmax(-1)), [3, 4]],
    ['Dropout in evaluation mode', () => new Sequential(new Linear(4, 4, true, 6), new Dropout(0.5)), [3, 4]],
    ['Conv2d with stride 2 and padding 1', () => new Sequential(new Conv2d(2, 3, 3, { stride: 2, padding: 1, seed: 7 })), [2, 2, 7, 6]],
    ['Conv2d with a 2×3 kernel and no bias', () => new Sequential(new Conv2d(3, 2, [2, 3], { bias: false, seed: 8 })), [1, 3, 5, 5]],
    ['MaxPool2d(3, stride 2, padding 1)', () => new Sequential(new MaxPool2d(3, { stride: 2, padding: 1 })), [2, 2, 7, 7]],
    ['AvgPool2d(2, stride 1)', () => new Sequential(new AvgPool2d(2, { stride: 1 })), [1, 3, 5, 4]],
    [
      'AvgPool2d(3, stride 2, padding 1): padding counts as zeros',
      () => new Sequential(new AvgPool2d(3, { stride: 2, padding: 1 })),
      [1, 2, 6, 6]
    ],
    ['Flatten', () => new Sequential(new Flatten(), new Linear(2 * 3 * 3, 4, true, 9)), [2, 2, 3, 3]],
    ['Flatten(2) keeps two leading axes', () => new Sequential(new Flatten(2)), [2, 3, 4, 2]],
    ['LayerNorm over the last dimension', () => new Sequential(new Linear(6, 6, true, 10), new LayerNorm(6)), [4, 6]],
    ['LayerNorm over two dimensions', () => new Sequential(new Flatten(2), new LayerNorm([3, 8], 1e-3)), [2, 3, 2, 4]],
    [
      'a LeNet-style CNN',
      () =>
        new Sequential(
          new Conv2d(1, 4, 5, { seed: 11 }),
          new ReLU(),
          new MaxPool2d(2),
          new Conv2d(4, 8, 3, { seed: 12 }),
          new ReLU(),
          new MaxPool2d(2),
          new Flatten(),
          new Linear(8 * 5 * 5, 10, true, 13),
          new Softmax()
        ),
      [3, 1, 28, 28]
    ]
  ]
  for (const [name, make, shape] of cases) {
    it(name, async () => {
      const model = make()
      // Give LayerNorm non-trivial γ and β, so they are checked too.
      for (const l of model.layers)
        if (l instanceof LayerNorm) {
          l.weight.data.set(new Random(20).normal(l.weight.shape).data)
          l.bias.data.set(new Random(21).normal(l.bias.shape).data)
        }
      const { diff } = await roundTrip(model, shape, 30)
      expect(diff).toBeLessThan(1e-4)
    })
  }

  it('writes opset 17 with the weights inside and a symbolic batch dimension', () => {
    const layer = new Linear(3, 2, true, 1)
    const bytes = exportOnnx(describeSequential([layer], describers), [5, 3])
    const m = ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, bytes: Array }) as {
      opsetImport: { version: number }[]
      graph: {
        initializer: { name: string; dims: number[]; rawData: number[] }[]
        input: { type: { tensorType: { shape: { dim: Record<string, unknown>[] } } } }[]
      }
    }
    expect(m.opsetImport[0]!.version).toBe(17)
    const weight = m.graph.initializer.find((t) => t.dims.join() === '3,2')!
    expect(Array.from(new Float32Array(Uint8Array.from(weight.rawData).buffer))).toEqual(Array.from(layer.weight.data))
    expect(m.graph.input[0]!.type.tensorType.shape.dim).toEqual([{ dimParam: 'batch' }, { dimValue: 3 }])
  })

  it('runs on other batch sizes than the one it was exported with', async () => {
    const model = new Sequential(new Linear(4, 2, true, 3))
    const bytes = exportOnnx(describeSequential(model.layers, describers), [8, 4])
    const x = new Random(1).normal([3, 4])
    const r = await runOnnx(bytes, x.data, [4], 3, { repeats: 1 })
    expect(r.outputShape).toEqual([3, 2])
    expect(nd.allclose(nd.array(r.outputs, [3, 2]), model.forward(Tensor.fromND(x)).toND(), 1e-5, 1e-5)).toBe(true)
  })

  it('refuses models whose layers do not fit together, naming the layer', () => {
    const spec = describeSequential([new Linear(4, 3, true, 1), new Linear(5, 2, true, 2)], describers)
    expect(() => exportOnnx(spec, [2, 4])).toThrow(OnnxExportError)
    expect(() => exportOnnx(spec, [2, 4])).toThrow(/layer 1 \(Linear\) expects 5 input features, the input has shape \[2, 3\]/)
    expect(() =>
      exportOnnx(
        { layers: [{ op: 'Conv2d', inChannels: 1, outChannels: 1, kernelSize: [3, 3], stride: 1, padding: 0, weight: [1], bias: null }] },
        [1, 1, 5, 5]
      )
    ).toThrow(/layer 0 \(Conv2d\) weight: expected 9 values, got 1/)
  })

  it('refuses hostile descriptions with a message instead of crashing', () => {
    const bad: unknown[] = [
      null,
      { layers: [] },
      { layers: [{ op: 'Eval' }] },
      { layers: [{ op: 'Linear', inFeatures: 2, outFeatures: 1, weight: [Number.NaN, 1], bias: null }] },
      { layers: [{ op: 'MaxPool2d', kernelSize: [0, 2], stride: [1, 1], padding: 0 }] },
      { layers: [{ op: 'Softmax', dim: 5 }] }
    ]
    for (const b of bad) expect(() => exportOnnx(b as ModelSpec, [2, 2]), JSON.stringify(b)).toThrow(OnnxExportError)
    expect(() => exportOnnx({ layers: [{ op: 'ReLU' }] }, [2.5, 2])).toThrow(/inputShape/)
  })
})
